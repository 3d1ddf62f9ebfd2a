import { useTranslation } from 'react-i18next';
import classes from './SkipLink.module.css';

export const mainContentId = 'main-content';

export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a href={`#${mainContentId}`} className={classes.link}>
      {t('nav.skipToContent')}
    </a>
  );
}
