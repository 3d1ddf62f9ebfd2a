import { Alert, Badge, Center, Group, Loader, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { useCaseStatus } from './api';
import { PublicShell, usePublicLanguage } from './PublicShell';

const steps = ['received', 'inProgress', 'resolved'] as const;
const stepOf = (status: string) => (status === 'resolved' || status === 'closed' ? 2 : status === 'new' ? 0 : 1);

/** A customer's view of their case (`/status/:token`): progress and the replies, by the signed link. */
export function StatusPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  usePublicLanguage(null);
  const status = useCaseStatus(token);
  if (status.isPending) return <Center mih="60vh"><Loader aria-label={t('common.loading')} /></Center>;
  if (status.error || !status.data) {
    return <PublicShell title={t('caseStatusPage.title')}><Alert color="yellow" role="alert">{t('caseStatusPage.notFound')}</Alert></PublicShell>;
  }
  const { case: c, messages } = status.data;
  return (
    <PublicShell title={t('caseStatusPage.title')}>
      <Stack gap="lg">
        <Paper withBorder p="lg" radius="md">
          <Stack gap="sm">
            <Group justify="space-between" wrap="wrap">
              <Title order={2} size="h3">
                {t('caseStatusPage.reference')} <bdi dir="ltr" data-testid="status-reference">#{c.reference}</bdi>
              </Title>
              <Badge size="lg" variant="light" data-testid="status-state">{t(`caseStatuses.${c.status}`, { defaultValue: c.status })}</Badge>
            </Group>
            <Text><bdi>{c.subject}</bdi></Text>
            <Text size="sm" c="dimmed">
              {t(`caseTypes.${c.type}`, { defaultValue: c.type })} · {t('caseStatusPage.received', { date: fmt.dateTime(c.createdAt) })}
            </Text>
            <Stepper active={stepOf(c.status)} size="sm" mt="sm" allowNextStepsSelect={false}>
              {steps.map((s) => <Stepper.Step key={s} label={t(`caseStatusPage.steps.${s}`)} />)}
            </Stepper>
          </Stack>
        </Paper>
        <Stack gap="sm" aria-label={t('caseStatusPage.conversation')} role="list">
          <Title order={3} size="h4">{t('caseStatusPage.conversation')}</Title>
          {messages.map((m) => (
            <Paper
              key={m.id}
              role="listitem"
              withBorder
              p="sm"
              radius="md"
              maw="85%"
              style={{ alignSelf: m.from === 'customer' ? 'flex-start' : 'flex-end' }}
              bg={m.from === 'staff' ? 'var(--mantine-color-blue-light)' : undefined}
            >
              <Text size="xs" c="dimmed">{m.from === 'customer' ? t('caseStatusPage.you') : t('caseStatusPage.team')} · {fmt.dateTime(m.createdAt)}</Text>
              <Text dir="auto" style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
              {m.attachments.map((a) => <Text key={a.fileName} size="xs" c="dimmed"><bdi>{a.fileName}</bdi></Text>)}
            </Paper>
          ))}
          {messages.every((m) => m.from === 'customer') ? <Text size="sm" c="dimmed">{t('caseStatusPage.noReplyYet')}</Text> : null}
        </Stack>
      </Stack>
    </PublicShell>
  );
}
