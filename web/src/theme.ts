import { createTheme, DEFAULT_THEME, type CSSVariablesResolver, type MantineColorsTuple, type MantineThemeOverride } from '@mantine/core';
import type { TFunction } from 'i18next';

/**
 * Shade 9 of every colour, darkened where Mantine's is too light to read (WCAG AA, 4.5:1) as text on white,
 * on the colour's own light background (shade 1, light variants) or under white text (filled variants).
 */
const readable: Record<string, string> = {
  red: '#b92727', pink: '#a61e4d', grape: '#862e9c', violet: '#5f3dc4', indigo: '#364fc7', blue: '#1864ab', cyan: '#0b6d80',
  teal: '#077252', green: '#237133', lime: '#46700a', yellow: '#9c5100', orange: '#b23b0c',
};
const colors = Object.fromEntries(Object.entries(readable).map(([name, nine]) => {
  const tuple = [...DEFAULT_THEME.colors[name]!] as string[];
  tuple[9] = nine;
  return [name, tuple as unknown as MantineColorsTuple];
}));

/** Dimmed text and error messages dark enough to read (Mantine's gray.6 / red.6 are 3.3:1 on white). */
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-9)', '--mantine-color-anchor': 'var(--mantine-color-teal-9)' },
  dark: {},
});

/**
 * The app theme. Built per language so the icon-only buttons Mantine draws itself (close, clear,
 * show password) get a translated accessible name.
 */
export function makeTheme(t: TFunction): MantineThemeOverride {
  const close = { 'aria-label': t('common.close') };
  const clear = { 'aria-label': t('common.clear') };
  return createTheme({
    primaryColor: 'teal',
    // Filled buttons, badges and outlines use the readable shade 9 (white text on it is at least 4.8:1).
    primaryShade: { light: 9, dark: 8 },
    colors,
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
