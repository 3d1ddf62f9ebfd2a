import { Button, Menu, Text } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { languageInfo, languages } from '../../lib/i18n/languages';
import { useChangeLanguage } from '../auth/language';

/** Language menu for the login screen and the header; each language is named in itself. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const change = useChangeLanguage();
  const current = languageInfo(i18n.language);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconLanguage size={18} aria-hidden />}
          aria-label={t('language.switch', { current: current.nativeName })}
          data-testid="language-switch"
        >
          <Text span inherit visibleFrom="xs">{current.nativeName}</Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.label')}</Menu.Label>
        {languages.map((lang) => (
          <Menu.Item
            key={lang.code}
            lang={lang.code}
            dir={lang.dir}
            onClick={() => change(lang.code)}
            rightSection={lang.code === current.code ? <IconCheck size={14} aria-hidden /> : null}
            aria-current={lang.code === current.code ? 'true' : undefined}
          >
            {lang.nativeName}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
