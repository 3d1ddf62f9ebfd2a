import { useTranslation } from 'react-i18next';

/** Languages an agent can serve customers in; routing matches them to the contact's language. */
export const serviceLanguages = ['ar', 'en', 'az'];

export function useServiceLanguageOptions() {
  const { t } = useTranslation();
  return serviceLanguages.map((code) => ({ value: code, label: t(`languageNames.${code}`) }));
}
