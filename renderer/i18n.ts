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

const fixedT = new Map<string, TFunction>();
/** `t` for the UI language (what `useTranslation().t` gives), cheap to use in every card. */
export function useFixedT(): TFunction {
  const language = useLanguage();
  let t = fixedT.get(language);
  if (!t) {
    t = i18next.getFixedT(language);
    fixedT.set(language, t);
  }
  return t;
}
