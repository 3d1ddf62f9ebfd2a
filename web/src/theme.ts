import { createTheme, type MantineThemeOverride } from '@mantine/core';
import type { TFunction } from 'i18next';

/**
 * The app theme. Built per language so the icon-only buttons Mantine draws itself (close, clear,
 * show password) get a translated accessible name.
 */
export function makeTheme(t: TFunction): MantineThemeOverride {
  const close = { 'aria-label': t('common.close') };
  const clear = { 'aria-label': t('common.clear') };
  return createTheme({
    primaryColor: 'teal',
    // DejaVu/Noto cover Arabic and Azerbaijani letters (ə, ğ, ı, ş) where the system UI font may not.
    fontFamily: 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", Roboto, sans-serif',
    defaultRadius: 'md',
    components: {
      Modal: { defaultProps: { closeButtonProps: close } },
      Notification: { defaultProps: { closeButtonProps: close } },
      Select: { defaultProps: { clearButtonProps: clear } },
      MultiSelect: { defaultProps: { clearButtonProps: clear } },
      TagsInput: { defaultProps: { clearButtonProps: clear } },
      PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': t('common.showPassword') } } },
    },
  });
}
