import { useTranslation } from 'react-i18next';
import { customerLanguages } from './types';

/** Select options for a customer's language, named in the UI language; keeps an unusual current value. */
export function useLanguageOptions(current?: string | null) {
  const { t } = useTranslation();
  const codes = current && !customerLanguages.includes(current) ? [...customerLanguages, current] : customerLanguages;
  return codes.map((code) => ({ value: code, label: t(`languageNames.${code}`, { defaultValue: code }) }));
}
