import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/** Turns any failure into a sentence for the user: translated by error code when we know it. */
export function useErrorMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error: unknown) => {
    if (error instanceof ApiError) {
      const key = `errors.${error.code}`;
      if (i18n.exists(key)) return t(key);
      return error.message || t('errors.unknown');
    }
    if (error instanceof TypeError) return t('errors.network');
    return t('errors.unknown');
  };
}
