/**
 * `remembering` (renderer/i18n.ts): the `t` every card and flow uses answers what i18next
 * answers, asking i18next once per key and flat parameters.
 */
import { describe, expect, it, vi } from 'vitest';
import type { TFunction } from 'i18next';
import { initI18n, remembering } from '../../renderer/i18n';

describe('remembering t', () => {
  const i18n = initI18n('ru');

  it('returns what i18next returns, for keys, parameters, counts and missing keys, in both languages', () => {
    for (const language of ['ru', 'en']) {
      const t = i18n.getFixedT(language);
      const memo = remembering(t);
      const calls: [string, Record<string, unknown>?][] = [
        ['canvas.handoffBetween', { from: 'МВД', to: 'Минздрав' }],
        ['canvas.handoffBetween', { from: 'МФЦ', to: 'МВД' }],
        ['props.inPerson'],
        ['channel.mfc'],
        ['guidancePanel.linkedSections', { count: 1 }],
        ['guidancePanel.linkedSections', { count: 5 }],
        ['no.such.key'],
      ];
      for (let round = 0; round < 2; round++)
        for (const [key, options] of calls) expect(options ? memo(key, options) : memo(key)).toBe(options ? t(key, options) : t(key));
      // Different parameters are different answers.
      expect(memo('canvas.handoffBetween', { from: 'МВД', to: 'Минздрав' })).not.toBe(memo('canvas.handoffBetween', { from: 'МФЦ', to: 'МВД' }));
    }
  });

  it('asks i18next once per key and flat parameters; anything else every time', () => {
    const inner = vi.fn((key: string, options?: Record<string, unknown>) => `${key}:${JSON.stringify(options ?? null)}`);
    const memo = remembering(inner as unknown as TFunction) as unknown as (...args: unknown[]) => unknown;
    for (let i = 0; i < 5; i++) {
      memo('a');
      memo('b', { count: 2, name: 'x', flag: true });
    }
    expect(inner).toHaveBeenCalledTimes(2);
    const nested = { list: ['x'] };
    memo('c', nested);
    memo('c', nested);
    memo(['a', 'b']);
    memo(['a', 'b']);
    memo('d', { count: 1 }, 'extra');
    memo('d', { count: 1 }, 'extra');
    expect(inner).toHaveBeenCalledTimes(8);
  });

  it('starts afresh instead of growing without bound', () => {
    const inner = vi.fn((key: string) => key);
    const memo = remembering(inner as unknown as TFunction) as unknown as (key: string) => string;
    for (let i = 0; i < 20_001; i++) memo(`k${i}`);
    expect(inner).toHaveBeenCalledTimes(20_001);
    // The first keys were dropped with the rest when the limit was reached; asked again, they are looked up again.
    memo('k0');
    expect(inner).toHaveBeenCalledTimes(20_002);
    memo('k0');
    expect(inner).toHaveBeenCalledTimes(20_002);
  });
});
