import i18next from 'i18next';
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
