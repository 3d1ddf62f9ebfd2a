import { DirectionProvider, MantineProvider, useDirection } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { useUserLanguage } from './features/auth/language';
import { languageInfo } from './lib/i18n/languages';
import { createQueryClient } from './lib/queryClient';
import { router } from './router';
import { cssVariables, makeTheme } from './theme';

/** Keeps Mantine's direction in step with the UI language (i18n already sets `<html dir lang>`). */
function LanguageDirection() {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  const dir = languageInfo(i18n.language).dir;
  useEffect(() => setDirection(dir), [dir, setDirection]);
  useUserLanguage();
  return null;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const { t, i18n } = useTranslation();
  const theme = useMemo(() => makeTheme(t), [t]);
  return (
    <QueryClientProvider client={queryClient}>
      <DirectionProvider initialDirection={languageInfo(i18n.language).dir} detectDirection={false}>
        <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
          <LanguageDirection />
          {/* At the bottom of the inline end: over the side panel, never over the desktop's action bar or composer. */}
          <Notifications position={languageInfo(i18n.language).dir === 'rtl' ? 'bottom-left' : 'bottom-right'} />
          <RouterProvider router={router} />
        </MantineProvider>
      </DirectionProvider>
    </QueryClientProvider>
  );
}
