import { Badge, Box, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { usePageTitle } from '../../lib/usePageTitle';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { displayStreamUrl, type Display } from './api';
import { usePublicLanguage } from './PublicShell';

/** The live stream of a branch display: numbers and counters only, reconnecting on its own. */
function useDisplay(key: string) {
  const [data, setData] = useState<Display | null>(null);
  const [connected, setConnected] = useState(false);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    const source = new EventSource(displayStreamUrl(key));
    source.addEventListener('display', (e) => {
      setData(JSON.parse((e as MessageEvent<string>).data) as Display);
      setConnected(true);
    });
    source.onerror = () => {
      setConnected(false);
      // A closed source after an error was refused (unknown branch), not dropped.
      if (source.readyState === EventSource.CLOSED) setMissing(true);
    };
    return () => source.close();
  }, [key]);
  return { data, connected, missing };
}

/** The "now serving" screen of a branch (`/display/:key`), for a TV in the waiting area. */
export function DisplayPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const { data, connected, missing } = useDisplay(key);
  usePublicLanguage(data?.language);
  usePageTitle(data?.branch ?? t('kiosk.displayTitle'));
  const [latest, ...earlier] = data?.calling ?? [];

  return (
    <Box mih="100vh" p="xl" bg="var(--mantine-color-dark-8)" c="white">
      <Group justify="space-between" mb="xl">
        <Title order={1} size="h2"><bdi>{data?.branch ?? ''}</bdi></Title>
        <Group gap="sm">
          <Badge color={connected ? 'green' : 'gray'} variant="filled">{connected ? t('kiosk.live') : t('kiosk.connecting')}</Badge>
          <Box bg="var(--mantine-color-gray-0)" style={{ borderRadius: 'var(--mantine-radius-sm)' }}><LanguageSwitch /></Box>
        </Group>
      </Group>
      {missing && !data ? <Text size="xl">{t('kiosk.notFound')}</Text> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <Paper p="xl" radius="lg" bg="var(--mantine-color-blue-8)" c="white" aria-live="assertive" data-testid="display-now">
          <Text size="xl" fw={600}>{t('kiosk.nowServing')}</Text>
          {latest ? (
            <Stack gap={0} align="center" py="xl">
              <Text fz={120} fw={800} lh={1} dir="ltr" data-testid="display-number">{latest.number}</Text>
              <Text fz={40} fw={600} data-testid="display-counter"><bdi>{latest.counter}</bdi></Text>
            </Stack>
          ) : (
            <Text fz={40} ta="center" py="xl">—</Text>
          )}
        </Paper>
        <Stack gap="md">
          <Paper p="lg" radius="lg" bg="var(--mantine-color-dark-6)" c="white">
            <Text size="lg" fw={600} mb="sm">{t('kiosk.recentlyCalled')}</Text>
            <Stack gap={6} role="list" data-testid="display-earlier">
              {earlier.map((c) => (
                <Group key={`${c.number}-${c.calledAt}`} justify="space-between" role="listitem">
                  <Text fz={32} fw={700} dir="ltr">{c.number}</Text>
                  <Text fz={24}><bdi>{c.counter}</bdi></Text>
                </Group>
              ))}
              {earlier.length === 0 ? <Text c="dimmed">—</Text> : null}
            </Stack>
          </Paper>
          <Paper p="lg" radius="lg" bg="var(--mantine-color-dark-6)" c="white">
            <Text size="lg" fw={600} mb="sm">{t('kiosk.waiting')}</Text>
            {(data?.waiting ?? []).map((w) => (
              <Group key={w.letter} justify="space-between">
                <Text fz={22}><bdi>{w.letter} · {w.service}</bdi></Text>
                <Text fz={22} fw={700}>{w.waiting}</Text>
              </Group>
            ))}
          </Paper>
        </Stack>
      </SimpleGrid>
    </Box>
  );
}
