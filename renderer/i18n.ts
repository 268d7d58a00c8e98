import { useSyncExternalStore } from 'react';
import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources, type Locale } from '../shared/i18n';

/** One i18next instance for the page, loaded with the shared resources (no network back end). */
export function initI18n(locale: Locale) {
  void i18next.use(initReactI18next).init({
    resources: { ru: { translation: resources.ru }, en: { translation: resources.en } },
    lng: locale,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return i18next;
}

export { i18next };

// --------------------------------------------------------------- a light hook for many components
/**
 * react-i18next's useTranslation sets up a wrapper, state and an event binding per component;
 * a big map mounts thousands of cards, flows and badges as the view moves, and those added up to
 * a good part of each frame. Cards use this instead: one i18next listener for all of them, and
 * one fixed `t` per language. A language switch still re-renders every user.
 */
const languageListeners = new Set<() => void>();
let languageBound = false;
function subscribeLanguage(listener: () => void): () => void {
  if (!languageBound) {
    languageBound = true;
    i18next.on('languageChanged', () => {
      for (const l of [...languageListeners]) l();
    });
  }
  languageListeners.add(listener);
  return () => languageListeners.delete(listener);
}
const currentLanguage = () => i18next.language;

/** The UI language, re-rendering on a switch. */
export function useLanguage(): string {
  return useSyncExternalStore(subscribeLanguage, currentLanguage);
}

/** How many strings `remembering` keeps per language before it starts afresh. */
const MAX_REMEMBERED = 20_000;

/**
 * `t` that remembers what it returned for a key and its (flat) parameters: the resources never
 * change while the page runs, and i18next's lookup and interpolation cost ~0.1 ms a call — a
 * big map's cards and flows made hundreds of the same calls whenever the view brought new ones
 * in (the flows' hand-off tooltips alone: 18 ms of the 290 ms of JS in coming back from blocks).
 * Calls with anything but strings, numbers and booleans as parameters go straight to i18next.
 */
export function remembering(t: TFunction): TFunction {
  const call = t as unknown as (...args: unknown[]) => unknown;
  const remembered = new Map<string, unknown>();
  const flat = (options: unknown): options is Record<string, string | number | boolean | undefined> => {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) return false;
    for (const value of Object.values(options)) if (value !== undefined && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
    return true;
  };
  const memo = (...args: unknown[]): unknown => {
    const [key, options] = args;
    if (typeof key !== 'string' || args.length > 2 || (options !== undefined && !flat(options))) return call(...args);
    const id = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`;
    if (remembered.has(id)) return remembered.get(id);
    const value = call(...args);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(id, value);
    return value;
  };
  return memo as unknown as TFunction;
}

const fixedT = new Map<string, TFunction>();
/** `t` for the UI language (what `useTranslation().t` gives), cheap to use in every card. */
export function useFixedT(): TFunction {
  const language = useLanguage();
  let t = fixedT.get(language);
  if (!t) {
    t = remembering(i18next.getFixedT(language));
    fixedT.set(language, t);
  }
  return t;
}
