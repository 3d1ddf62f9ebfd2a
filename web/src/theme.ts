import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'teal',
  // DejaVu/Noto cover Arabic and Azerbaijani letters (ə, ğ, ı, ş) where the system UI font may not.
  fontFamily: 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", Roboto, sans-serif',
  defaultRadius: 'md',
});
