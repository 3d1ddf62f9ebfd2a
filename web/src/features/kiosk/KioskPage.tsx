import { Alert, Box, Button, Center, Group, Loader, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { takeTicket, useBranch } from './api';
import { PublicShell, usePublicLanguage } from './PublicShell';

const RESET_SECONDS = 20;

/** A branch's "take a number" kiosk (`/kiosk/:key`): choose a service, optionally leave a phone, get a ticket. */
export function KioskPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const branch = useBranch(key);
  usePublicLanguage(branch.data?.language);
  const [service, setService] = useState<string | null>(null);
  const [phone, setPhone] = useState('');
  const take = useMutation({ mutationFn: (s: { service: string; phone?: string }) => takeTicket(key, s.service, s.phone) });
  const reset = () => { setService(null); setPhone(''); take.reset(); };

  useEffect(() => {
    if (!take.data) return;
    const timer = setTimeout(reset, RESET_SECONDS * 1000);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [take.data]);

  if (branch.isPending) return <Center mih="60vh"><Loader aria-label={t('common.loading')} /></Center>;
  if (branch.error || !branch.data) return <PublicShell title={t('kiosk.title')}><Alert color="yellow" role="alert">{t('kiosk.notFound')}</Alert></PublicShell>;
  const b = branch.data;
  const chosen = b.services.find((s) => s.id === service);

  return (
    <PublicShell title={b.name} size="md">
      {take.data ? (
        <Paper withBorder p="xl" radius="md" ta="center" role="status" data-testid="kiosk-ticket">
          <Stack align="center" gap="xs">
            <Text size="lg">{t('kiosk.yourNumber')}</Text>
            <Text fz={88} fw={800} lh={1} dir="ltr" data-testid="kiosk-ticket-number">{take.data.ticket.number}</Text>
            <Text size="lg"><bdi>{take.data.ticket.serviceName}</bdi></Text>
            <Text c="dimmed">{take.data.ahead === 0 ? t('kiosk.nobodyAhead') : t('kiosk.ahead', { count: take.data.ahead })}</Text>
            <Text size="sm" c="dimmed">{t('kiosk.watchScreen')}</Text>
            <Button size="lg" mt="md" onClick={reset}>{t('kiosk.done')}</Button>
          </Stack>
        </Paper>
      ) : chosen ? (
        <Paper withBorder p="xl" radius="md">
          <form onSubmit={(e) => { e.preventDefault(); take.mutate({ service: chosen.id, phone: phone.trim() || undefined }); }}>
            <Stack gap="md">
              <Title order={2} size="h3"><bdi>{chosen.name}</bdi></Title>
              <TextInput
                size="lg"
                dir="ltr"
                type="tel"
                label={t('kiosk.phoneLabel')}
                description={t('kiosk.phoneHint')}
                value={phone}
                onChange={(e) => setPhone(e.currentTarget.value)}
              />
              {take.error ? (
                <Alert color="red" role="alert">{take.error instanceof ApiError && take.error.code === 'invalid_phone' ? t('kiosk.badPhone') : errorMessage(take.error)}</Alert>
              ) : null}
              <Group grow>
                <Button size="lg" variant="default" onClick={reset}>{t('common.back')}</Button>
                <Button size="lg" type="submit" loading={take.isPending} data-testid="kiosk-take">{t('kiosk.take')}</Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      ) : (
        <Stack gap="md">
          <Title order={2} size="h3" ta="center">{t('kiosk.choose')}</Title>
          {b.services.length === 0 ? <Alert color="yellow">{t('kiosk.noServices')}</Alert> : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {b.services.map((s) => (
              <Button key={s.id} size="xl" h={110} variant="light" onClick={() => setService(s.id)} data-testid={`kiosk-service-${s.id}`}>
                <Stack gap={0} align="center">
                  <Box fz={28} fw={800}>{s.letter}</Box>
                  <bdi>{s.name}</bdi>
                </Stack>
              </Button>
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </PublicShell>
  );
}
