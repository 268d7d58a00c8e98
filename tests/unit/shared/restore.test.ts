import { describe, expect, it } from 'vitest';
import {
  formatPath,
  MAX_FILE_BYTES,
  problemLines,
  restoreBytes,
  restoreDocument,
  restoreValue,
  serializeDocument,
  type RestoreResult,
} from '../../../shared/model';
import { richDoc, richInput } from './fixtures';

const text = (value: unknown) => JSON.stringify(value);
const problems = (result: RestoreResult) => {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
};
const single = (result: RestoreResult) => {
  const list = problems(result);
  expect(list).toHaveLength(1);
  expect(list[0]!.path).toBe('');
  return list[0]!.message;
};

describe('restoreDocument', () => {
  it('restores a valid document, with defaults filled in', () => {
    const result = restoreDocument(text(richInput()));
    expect(result).toEqual({ ok: true, doc: richDoc(), fromVersion: 2, migrations: [] });
  });

  it('upgrades a version-1 file and says which migration ran', () => {
    const result = restoreDocument(text({ ...richInput(), version: 1 }));
    expect(result).toEqual({ ok: true, doc: richDoc(), fromVersion: 1, migrations: ['workshop data: comment threads, voting rounds, baselines'] });
  });

  it('restores what serializeDocument wrote', () => {
    const result = restoreDocument(serializeDocument(richDoc()));
    expect(result.ok && result.doc).toEqual(richDoc());
  });

  it('reports each invalid field with its path and a message in the chosen language', () => {
    const input = richInput() as any;
    input.stages[1].title = 42;
    input.lanes[0].kind = 'feelings';
    const en = problems(restoreDocument(text(input), 'en'));
    const ru = problems(restoreDocument(text(input), 'ru'));
    expect(en.map((p) => p.path)).toEqual(['stages[1].title', 'lanes[0].kind']);
    expect(ru.map((p) => p.path)).toEqual(['stages[1].title', 'lanes[0].kind']);
    expect(en[0]!.message).toMatch(/expected string/);
    expect(ru[0]!.message).toMatch(/ожидалось/);
    expect(ru[0]!.message).not.toBe(en[0]!.message);
  });

  it('words reference problems in the chosen language', () => {
    const input = richInput() as any;
    input.steps[0].laneId = 'lane-x';
    input.steps[4].id = 'stage-a';
    const en = problems(restoreDocument(text(input), 'en'));
    const ru = problems(restoreDocument(text(input), 'ru'));
    expect(en).toEqual([
      { path: 'steps[4].id', message: 'the id “stage-a” is used twice' },
      { path: 'steps[0].laneId', message: 'refers to a lane “lane-x” that does not exist in the map' },
    ]);
    expect(ru[0]).toEqual({ path: 'steps[4].id', message: 'идентификатор «stage-a» использован дважды' });
    expect(ru[1]!.message).toContain('дорожка');
    expect(ru[1]!.message).toContain('lane-x');
  });

  it('refuses a file of another format, naming what it found', () => {
    expect(single(restoreDocument(text({ format: 'drawio', version: 1 }), 'en'))).toContain('“drawio”');
    expect(single(restoreDocument(text({ version: 1 }), 'en'))).toMatch(/not a Marshrut journey map/);
    expect(single(restoreDocument(text({ format: 'drawio' }), 'ru'))).toMatch(/не карта пути/);
  });

  it('refuses JSON that is not an object', () => {
    for (const value of [[], 'map', 42, null, true]) {
      expect(single(restoreDocument(text(value), 'en'))).toMatch(/expected a JSON object/);
    }
  });

  it('flags a newer format version so the app can suggest an update', () => {
    const result = restoreDocument(text({ ...richInput(), version: 3 }), 'en');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.newerVersion).toBe(true);
    expect(single(result)).toMatch(/newer version.*format version 3/);
    expect(single(restoreDocument(text({ ...richInput(), version: 99 }), 'ru'))).toMatch(/более новой версией/);
  });

  it('with allowNewer, reads what it understands of a newer file for viewing read-only', () => {
    const input = richInput() as Record<string, unknown> & { steps: object[] };
    const future = { ...input, version: 3, somethingNew: { x: 1 }, steps: input.steps.map((s) => ({ ...s, futureField: true })) };
    const result = restoreDocument(text(future), 'en', { allowNewer: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.newerVersion).toBe(3);
    expect(result.fromVersion).toBe(3);
    expect(result.doc.version).toBe(2);
    expect(result.doc.steps).toHaveLength(input.steps.length);
    expect(JSON.stringify(result.doc)).not.toMatch(/somethingNew|futureField/); // dropped, not kept half-understood
    // A current file is not flagged; a newer file this version cannot make sense of is still refused.
    const current = restoreDocument(text(richInput()), 'en', { allowNewer: true });
    expect(current.ok && current.newerVersion).toBeUndefined();
    const broken = restoreDocument(text({ ...richInput(), version: 4, steps: 'restructured' }), 'en', { allowNewer: true });
    expect(!broken.ok && broken.newerVersion).toBe(true);
    expect(single(broken)).toMatch(/newer version.*format version 4/);
  });

  it('refuses a missing or malformed version without the newer flag', () => {
    for (const version of [undefined, '1', 0, -1, 1.5, null, [1]]) {
      const result = restoreDocument(text({ ...richInput(), version }), 'en');
      expect(single(result), String(version)).toMatch(/no valid format version/);
      expect(!result.ok && result.newerVersion).toBeFalsy();
    }
  });

  it('refuses text that is not JSON, and empty files', () => {
    expect(single(restoreDocument('{"format": ', 'en'))).toMatch(/^The file is not a JSON document: /);
    expect(single(restoreDocument('not json', 'ru'))).toMatch(/^Файл не является документом JSON: /);
    expect(single(restoreDocument('', 'en'))).toBe('The file is empty.');
    expect(single(restoreDocument(' \n\t ', 'ru'))).toBe('Файл пуст.');
  });

  it('ignores a byte-order mark', () => {
    expect(restoreDocument(`\uFEFF${text(richInput())}`).ok).toBe(true);
  });

  it('never throws, whatever the value (hostile objects included)', () => {
    const values: unknown[] = [
      { format: { toString: 1 } },
      { format: 'marshrut/journey-map', version: { toString: 1, valueOf: 1 } },
      { format: 'marshrut/journey-map', version: 1, meta: { toString: 1 } },
      { format: 'marshrut/journey-map', version: 1, meta: { title: 'x' }, steps: { length: 1e9 } },
      { format: 'marshrut/journey-map', version: 1, meta: { title: 'x' }, steps: [null, 1, 'x', []] },
      { __proto__: { format: 'marshrut/journey-map' } },
    ];
    for (const value of values) {
      for (const locale of ['ru', 'en'] as const) {
        expect(() => restoreDocument(JSON.stringify(value), locale)).not.toThrow();
        expect(restoreDocument(JSON.stringify(value), locale).ok).toBe(false);
      }
    }
    expect(() => restoreDocument('{"format":{"toString":1}}')).not.toThrow();
    expect(single(restoreDocument('{"format":"marshrut/journey-map","version":{"toString":1}}', 'en'))).toMatch(/toString/);
  });

  it('shortens a huge value it quotes', () => {
    const message = single(restoreDocument(text({ format: 'x'.repeat(100_000) }), 'en'));
    expect(message.length).toBeLessThan(300);
  });
});

describe('restoreBytes', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('decodes UTF-8 and restores', () => {
    const result = restoreBytes(bytes(text(richInput())));
    expect(result.ok && result.doc.meta.title).toBe('Водительское удостоверение');
  });

  it('accepts a UTF-8 byte-order mark', () => {
    const body = bytes(text(richInput()));
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
    expect(restoreBytes(withBom).ok).toBe(true);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(single(restoreBytes(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'en'))).toMatch(/not UTF-8/);
    expect(single(restoreBytes(new Uint8Array([0xc3]), 'ru'))).toMatch(/UTF-8/);
    // UTF-16 (what some Windows editors save) is refused too, not misread.
    expect(restoreBytes(new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])).ok).toBe(false);
  });

  it('refuses a file above the size limit before decoding it', () => {
    const message = single(restoreBytes(new Uint8Array(MAX_FILE_BYTES + 1), 'en'));
    expect(message).toMatch(/too large/);
    expect(message).toContain('50.0 MB');
  });
});

describe('restoreValue', () => {
  it('validates an already-parsed value, without touching it', () => {
    const input = richInput();
    const before = structuredClone(input);
    const result = restoreValue(input, 'ru');
    expect(result.ok && result.doc).toEqual(richDoc());
    expect(input).toEqual(before);
  });

  it('refuses undefined and functions as not-a-map', () => {
    expect(single(restoreValue(undefined, 'en'))).toMatch(/expected a JSON object/);
    expect(single(restoreValue(() => 1, 'en'))).toMatch(/expected a JSON object/);
  });
});

describe('problem formatting', () => {
  it('formatPath joins keys with dots and indices with brackets', () => {
    expect(formatPath(['steps', 3, 'title'])).toBe('steps[3].title');
    expect(formatPath(['painPoints', 0, 'cell', 'laneId'])).toBe('painPoints[0].cell.laneId');
    expect(formatPath([])).toBe('');
    expect(formatPath([2, 'x'])).toBe('[2].x');
  });

  it('problemLines prefixes the path when there is one', () => {
    expect(problemLines([{ path: 'steps[0].title', message: 'bad' }, { path: '', message: 'whole file' }])).toEqual([
      'steps[0].title: bad',
      'whole file',
    ]);
  });
});
