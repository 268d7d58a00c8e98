import { describe, expect, it } from 'vitest';
import { en } from '../../../shared/i18n/en';
import { ru } from '../../../shared/i18n/ru';
import { DEFAULT_LOCALE, isLocale, localeFromSystem, resources, translate } from '../../../shared/i18n';

/** "a.b.c" → string, for every leaf. */
function flatten(node: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (value && typeof value === 'object') for (const [k, v] of flatten(value, path)) out.set(k, v);
      else out.set(path, value);
    }
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const enFlat = flatten(en);
const ruFlat = flatten(ru);

describe('the string resources', () => {
  it('have identical key sets in Russian and English', () => {
    expect([...ruFlat.keys()].sort()).toEqual([...enFlat.keys()].sort());
    expect(enFlat.size).toBeGreaterThan(100);
  });

  it('contain only non-empty strings', () => {
    for (const [key, value] of [...enFlat, ...ruFlat]) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, value] of enFlat) {
      expect(placeholders(ruFlat.get(key) as string), key).toEqual(placeholders(value as string));
    }
  });

  it('have no malformed placeholders', () => {
    for (const [key, value] of [...enFlat, ...ruFlat]) {
      const text = (value as string).replace(/\{\{\w+\}\}/g, '');
      expect(/\{\{|\}\}/.test(text), key).toBe(false);
    }
  });

  it('are really translated: no Russian string is left as English prose', () => {
    for (const [key, value] of ruFlat) {
      if (/\.synopsis/.test(key)) continue; // command syntax (`catalog validate <файл.json>`), not prose
      const text = (value as string).replace(/\{\{\w+\}\}/g, '').replace(/--?[\w-]+|<[^>]*>/g, '');
      const englishWords = text.match(/\b[A-Za-z]{3,}\b/g) ?? [];
      if (!/[а-яё]/i.test(text)) expect(englishWords.length, `${key}: ${String(value)}`).toBeLessThan(2);
    }
    expect(translate('ru', 'cli.describeValidate')).toMatch(/[а-я]/);
  });

  it('exposes both languages', () => {
    expect(resources.ru).toBe(ru);
    expect(resources.en).toBe(en);
  });
});

describe('translate', () => {
  it('looks up nested keys and fills placeholders', () => {
    expect(translate('en', 'errors.tooLarge', { size: '60 MB', limit: '50 MB' })).toBe('The file is too large (60 MB; the limit is 50 MB).');
    expect(translate('ru', 'cli.created', { file: 'a.cjm', id: 'blank' })).toBe('Создан файл a.cjm из шаблона «blank».');
  });

  it('leaves unknown placeholders visible and returns unknown keys as they are', () => {
    expect(translate('en', 'errors.tooLarge', { size: '1' })).toContain('{{limit}}');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
    expect(translate('en', 'errors')).toBe('errors'); // a section, not a string
    expect(translate('en', 'errors.notJson.deeper')).toBe('errors.notJson.deeper');
  });
});

describe('languages', () => {
  it('isLocale accepts ru and en only', () => {
    expect(isLocale('ru')).toBe(true);
    expect(isLocale('en')).toBe(true);
    for (const value of ['de', 'RU', '', null, undefined, 1]) expect(isLocale(value)).toBe(false);
  });

  it('localeFromSystem picks Russian for Russian and neighbouring languages, English otherwise', () => {
    const cases: [string | undefined | null, string][] = [
      ['ru-RU', 'ru'],
      ['ru_RU.UTF-8', 'ru'],
      ['RU', 'ru'],
      ['be-BY', 'ru'],
      ['kk_KZ', 'ru'],
      ['uk-UA', 'ru'],
      ['en-US', 'en'],
      ['en_GB.UTF-8', 'en'],
      ['de-DE', 'en'],
      ['C', 'en'],
      ['C.UTF-8', 'en'],
      ['POSIX', 'en'],
      ['', DEFAULT_LOCALE],
      [undefined, DEFAULT_LOCALE],
      [null, DEFAULT_LOCALE],
    ];
    for (const [tag, expected] of cases) expect(localeFromSystem(tag), String(tag)).toBe(expected);
  });

  it('defaults to Russian', () => {
    expect(DEFAULT_LOCALE).toBe('ru');
  });
});
