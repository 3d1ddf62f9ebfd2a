import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './ar.json';
import az from './az.json';
import en from './en.json';
import { initialLanguage, languageInfo } from './languages';

/** Sets `<html lang dir>` so the browser, screen readers and CSS logical properties follow the language. */
export function applyDocumentLanguage(code: string) {
  const root = document.documentElement;
  root.lang = code;
  root.dir = languageInfo(code).dir;
}

const lng = initialLanguage();
applyDocumentLanguage(lng);

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ar: { translation: ar }, az: { translation: az } },
  lng,
  fallbackLng: 'en',
  supportedLngs: ['en', 'ar', 'az'],
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18n.on('languageChanged', applyDocumentLanguage);

export default i18n;
