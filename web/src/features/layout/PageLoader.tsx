import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown while a screen's code or first data is on its way. */
export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="50vh">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}
