export type UiLanguage = 'en' | 'ar' | 'az';

export interface LanguageInfo {
  code: UiLanguage;
  /** The language's name in itself, so anyone can find their own. */
  nativeName: string;
  dir: 'ltr' | 'rtl';
  /** BCP 47 tag used for dates and numbers (Latin digits everywhere, like phone numbers). */
  locale: string;
}

export const languages: LanguageInfo[] = [
  { code: 'en', nativeName: 'English', dir: 'ltr', locale: 'en-GB' },
  { code: 'ar', nativeName: 'العربية', dir: 'rtl', locale: 'ar-u-nu-latn' },
  { code: 'az', nativeName: 'Azərbaycanca', dir: 'ltr', locale: 'az-Latn-AZ' },
];

export function isUiLanguage(value: unknown): value is UiLanguage {
  return languages.some((l) => l.code === value);
}

export function languageInfo(code: string): LanguageInfo {
  return languages.find((l) => l.code === code) ?? languages[0];
}

const storageKey = 'tawasul.uiLanguage';

/** The choice made before sign-in (or the last one on this device). */
export function storedLanguage(): UiLanguage | null {
  try {
    const value = localStorage.getItem(storageKey);
    return isUiLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeLanguage(code: UiLanguage) {
  try {
    localStorage.setItem(storageKey, code);
  } catch {
    // private mode or storage full: the server-side preference still applies after sign-in
  }
}

/** First visit: stored choice, else the browser's preferred language if we have it, else English. */
export function initialLanguage(): UiLanguage {
  const stored = storedLanguage();
  if (stored) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isUiLanguage(base)) return base;
  }
  return 'en';
}
