import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** "Customers · Tawasul" in the tab and in screen readers' window list. */
export function usePageTitle(title: string | null | undefined) {
  const { t } = useTranslation();
  useDocumentTitle(title ? `${title} · ${t('app.name')}` : t('app.name'));
}
