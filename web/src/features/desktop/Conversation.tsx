import { Anchor, Badge, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useMessages } from './api';
import type { Message } from './types';

/** The live conversation of one contact: customer and agent messages, notes, files and delivery state. */
export function Conversation({ interactionId, typing, names }: { interactionId: string; typing: boolean; names: Map<string, string> }) {
  const { t } = useTranslation();
  const messages = useMessages(interactionId);
  const end = useRef<HTMLDivElement>(null);
  const count = messages.data?.length ?? 0;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [count, typing]);

  return (
    <ScrollArea h="100%" type="auto" data-testid="conversation">
      <Stack gap="xs" p="xs" role="log" aria-live="polite" aria-label={t('desktop.conversation')}>
        {messages.isLoading ? <Text c="dimmed">{t('common.loading')}</Text> : null}
        {count === 0 && !messages.isLoading ? <Text c="dimmed" size="sm">{t('desktop.noMessages')}</Text> : null}
        {(messages.data ?? []).map((m) => <Bubble key={m.id} m={m} names={names} />)}
        {typing ? <Text size="sm" c="dimmed" fs="italic" data-testid="typing">{t('desktop.typing')}</Text> : null}
        <div ref={end} />
      </Stack>
    </ScrollArea>
  );
}

function Bubble({ m, names }: { m: Message; names: Map<string, string> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const inbound = m.direction === 'inbound';
  const note = m.kind === 'note';
  const author = m.authorType === 'customer' ? t('desktop.customer') : (m.authorId && names.get(m.authorId)) || t('desktop.agent');
  const subject = typeof m.meta.subject === 'string' ? m.meta.subject : null;
  const consult = m.meta.consult as { toName: string; status: 'asked' | 'accepted' | 'declined' } | undefined;
  const snooze = m.meta.snooze as { until: string | null; ended?: boolean } | undefined;
  if (snooze) {
    return (
      <Text size="xs" c="dimmed" ta="center" data-testid="snooze-note">
        {snooze.until ? t('desktop.snooze.until', { time: f.dateTime(snooze.until) }) : snooze.ended ? t('desktop.snooze.over') : t('desktop.snooze.woken')}
        {' · '}{f.dateTime(m.createdAt)}
      </Text>
    );
  }
  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      maw="85%"
      style={{ alignSelf: inbound ? 'flex-start' : 'flex-end', background: note ? 'var(--mantine-color-yellow-0)' : inbound ? 'var(--mantine-color-gray-0)' : 'var(--mantine-color-blue-0)' }}
      data-testid={note ? 'note' : inbound ? 'message-in' : 'message-out'}
    >
      <Group gap={6} justify="space-between" wrap="nowrap">
        <Text size="xs" fw={600} c="dark.6"><bdi>{author}</bdi>{note ? ` · ${t('desktop.internalNote')}` : ''}</Text>
        <Text size="xs" c="dark.4">{f.dateTime(m.createdAt)}</Text>
      </Group>
      {subject ? <Text size="sm" fw={600}><bdi>{subject}</bdi></Text> : null}
      {consult ? (
        <Group gap={6} data-testid="consult-note">
          <Text size="xs" fw={600}>{t('desktop.consult.askedTo', { name: consult.toName })}</Text>
          <Badge size="xs" variant="light" color={consult.status === 'accepted' ? 'green' : consult.status === 'declined' ? 'orange' : 'blue'}>{t(`desktop.consult.status.${consult.status}`)}</Badge>
        </Group>
      ) : null}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} dir="auto">{m.body}</Text>
      {m.attachments.map((a) => (
        <Anchor key={a.id} size="sm" href={`/api/attachments/${a.id}`} target="_blank" rel="noreferrer"><bdi>{a.fileName}</bdi></Anchor>
      ))}
      {m.deliveryStatus ? (
        <Badge size="xs" variant="light" color={m.deliveryStatus === 'failed' ? 'red' : 'gray'} title={m.deliveryError ?? undefined}>
          {t(`desktop.delivery.${m.deliveryStatus}`)}
        </Badge>
      ) : null}
    </Paper>
  );
}
