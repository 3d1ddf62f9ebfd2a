import { Alert, Badge, Button, Center, Group, Loader, Paper, Stack, Stepper, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { ApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { replyToCase, useCaseStatus } from './api';
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
        <ReplyBox token={token} onSent={() => void status.refetch()} />
      </Stack>
    </PublicShell>
  );
}

/** The customer's answer, added to their case's conversation. */
function ReplyBox({ token, onSent }: { token: string; onSent: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [text, setText] = useState('');
  const send = useMutation({ mutationFn: () => replyToCase(token, text.trim()), onSuccess: () => { setText(''); onSent(); } });
  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={(e) => { e.preventDefault(); if (text.trim()) send.mutate(); }}>
        <Stack gap="sm">
          <Textarea dir="auto" label={t('caseStatusPage.replyLabel')} autosize minRows={3} maxLength={10000} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          {send.error ? <Alert color="red" role="alert">{send.error instanceof ApiError && send.error.status === 429 ? t('publicForm.tooMany') : errorMessage(send.error)}</Alert> : null}
          <Group justify="flex-end"><Button type="submit" loading={send.isPending} disabled={!text.trim()}>{t('caseStatusPage.send')}</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}
