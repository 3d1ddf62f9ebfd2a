import { Box, Container, Group, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isUiLanguage, storedLanguage } from '../../lib/i18n/languages';
import { usePageTitle } from '../../lib/usePageTitle';
import { LanguageSwitch } from '../layout/LanguageSwitch';

/**
 * Public pages speak the language in the link (`?lang=ar`), else the visitor's own choice, else the
 * channel's language.
 */
export function usePublicLanguage(channelLanguage: string | null | undefined) {
  const { i18n } = useTranslation();
  const [params] = useSearchParams();
  const fromLink = params.get('lang');
  useEffect(() => {
    const wanted = isUiLanguage(fromLink) ? fromLink : storedLanguage() ?? (isUiLanguage(channelLanguage) ? channelLanguage : null);
    if (wanted && i18n.language !== wanted) void i18n.changeLanguage(wanted);
  }, [fromLink, channelLanguage, i18n]);
}

/** The frame of a page customers see without signing in: a title, the language menu and the content. */
export function PublicShell({ title, children, size = 'sm' }: { title: string; children: ReactNode; size?: 'sm' | 'md' | 'lg' | 'xl' }) {
  usePageTitle(title);
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)" pb="xl">
      <Box component="header" bg="var(--mantine-color-body)" style={{ borderBlockEnd: '1px solid var(--mantine-color-gray-3)' }} py="sm">
        <Container size={size}>
          <Group justify="space-between" wrap="nowrap">
            <Title order={1} size="h3"><bdi>{title}</bdi></Title>
            <LanguageSwitch />
          </Group>
        </Container>
      </Box>
      <Container component="main" size={size} pt="lg">{children}</Container>
    </Box>
  );
}
