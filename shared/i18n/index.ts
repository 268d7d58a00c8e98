/**
 * The app's strings in both languages, and a small translate function for code outside React
 * (the main process, the command line, restore messages). The renderer loads the same
 * resources into i18next.
 */
import { en } from './en';
import { ru } from './ru';
import type { Resources } from './en';

export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ru';

export const resources: Record<Locale, Resources> = { ru, en };

export function isLocale(value: unknown): value is Locale {
  return value === 'ru' || value === 'en';
}

/**
 * Chooses the UI language from a system locale tag ("ru-RU", "en_US.UTF-8", "be", ...):
 * Russian for Russian and the languages of neighbours who mostly read it, English otherwise.
 */
export function localeFromSystem(tag: string | undefined | null): Locale {
  const lang = (tag ?? '').toLowerCase().split(/[-_.@]/)[0] ?? '';
  if (lang === '') return DEFAULT_LOCALE;
  return ['ru', 'be', 'kk', 'ky', 'tg', 'uz', 'hy', 'az', 'uk'].includes(lang) ? 'ru' : 'en';
}

export type Params = Record<string, string | number>;

/** Looks up "a.b.c" in the locale's strings and fills {{placeholders}}. Unknown keys come back as is. */
export function translate(locale: Locale, key: string, params: Params = {}): string {
  let node: unknown = resources[locale];
  for (const part of key.split('.')) {
    if (node && typeof node === 'object' && part in node) node = (node as Record<string, unknown>)[part];
    else return key;
  }
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => (name in params ? String(params[name]) : `{{${name}}}`));
}
