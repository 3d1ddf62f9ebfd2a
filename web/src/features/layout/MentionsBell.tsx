import { ActionIcon, Box, Button, Group, Indicator, Popover, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useEffect, useState } from 'react';
import { useRealtime, useRealtimeStatus, type RealtimeEvent } from '../../lib/realtime';
import { beep, notifyIfHidden } from '../routing/alerts';
import classes from './MentionsBell.module.css';

export interface MentionItem {
  noteId: string;
  interactionId: string;
  customerId: string;
  byId: string | null;
  byName: string | null;
  excerpt: string;
  at: string;
  read: boolean;
}
type Mentions = { unread: number; items: MentionItem[] };

export const mentionsKey = ['me', 'mentions'] as const;

/**
 * The @mentions bell in the header: how many notes mention me and are unread, the latest of them, a jump to
 * the contact (which marks that one read) and "mark all read". Live from my `user:<id>` topic, with a sound
 * and a system notification when the tab is in the background.
 */
export function MentionsBell({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const mentions = useQuery({
    queryKey: mentionsKey,
    queryFn: ({ signal }) => api<Mentions>('/me/mentions', { query: { limit: 15 }, signal }),
    staleTime: 30_000,
  });
  const read = useMutation({
    mutationFn: (noteIds?: string[]) => api<{ read: number; unread: number }>('/me/mentions/read', { method: 'POST', body: noteIds ? { noteIds } : {} }),
    onMutate: (noteIds) => {
      qc.setQueryData<Mentions>(mentionsKey, (old) => old && {
        unread: noteIds ? Math.max(0, old.unread - old.items.filter((m) => !m.read && noteIds.includes(m.noteId)).length) : 0,
        items: old.items.map((m) => (!noteIds || noteIds.includes(m.noteId) ? { ...m, read: true } : m)),
      });
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: mentionsKey }),
  });

  useRealtime([`user:${userId}`], (event: RealtimeEvent) => {
    if (event.type === 'note.mentioned') {
      const m = event.payload as Omit<MentionItem, 'read'>;
      qc.setQueryData<Mentions>(mentionsKey, (old) => old && !old.items.some((x) => x.noteId === m.noteId)
        ? { unread: old.unread + 1, items: [{ ...m, read: false }, ...old.items].slice(0, 15) } : old);
      void qc.invalidateQueries({ queryKey: mentionsKey });
      const title = m.byName ? t('header.mentionedBy', { name: m.byName }) : t('header.mentionSomeone');
      notifications.show({ color: 'blue', title, message: m.excerpt });
      beep();
      notifyIfHidden(title, m.excerpt, `mention-${m.noteId}`);
    } else if (event.type === 'note.mentions_read') {
      void qc.invalidateQueries({ queryKey: mentionsKey });
    }
  });
  const { connections } = useRealtimeStatus();
  useEffect(() => {
    if (connections > 1) void qc.invalidateQueries({ queryKey: mentionsKey });
  }, [connections, qc]);

  const unread = mentions.data?.unread ?? 0;
  const items = mentions.data?.items ?? [];
  const open = (m: MentionItem) => {
    if (!m.read) read.mutate([m.noteId]);
    setOpened(false);
    navigate(`/desktop/${m.interactionId}`);
  };

  return (
    <Indicator disabled={!unread} label={unread > 99 ? '99+' : unread} size={16} color="red" offset={4}>
      <Popover position="bottom-end" width={340} opened={opened} onChange={setOpened} trapFocus returnFocus withinPortal shadow="md">
        <Popover.Target>
          <ActionIcon variant="subtle" color="gray" size="lg" data-testid="mentions-bell" data-unread={unread} onClick={() => setOpened((o) => !o)}
            aria-label={unread ? t('header.mentionsUnread', { count: unread }) : t('header.mentions')}>
            <IconBell size={20} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={4} data-testid="mentions-list" role="dialog" aria-label={t('header.mentions')}>
          <Text size="xs" fw={600} c="dimmed" px="sm" py={4} component="h2">{t('header.mentions')}</Text>
          {items.length ? (
            <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {items.map((m) => (
                <li key={m.noteId}>
                  <UnstyledButton onClick={() => open(m)} data-testid="mention-item" data-read={m.read} w="100%" p="xs" className={classes.item}>
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Group gap={6} wrap="nowrap">
                        <Box w={8} h={8} style={{ borderRadius: 4, flex: 'none', background: m.read ? 'transparent' : 'var(--mantine-color-blue-9)' }} aria-hidden />
                        <Text size="sm" fw={m.read ? 400 : 700}>
                          {m.byName ? t('header.mentionedBy', { name: m.byName }) : t('header.mentionSomeone')}
                          {!m.read ? <VisuallyHidden> ({t('header.unreadMention')})</VisuallyHidden> : null}
                        </Text>
                      </Group>
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{f.dateTime(m.at)}</Text>
                    </Group>
                    <Text size="xs" lineClamp={2} ps={14}><bdi>{m.excerpt}</bdi></Text>
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
          ) : <Text size="sm" c="dimmed" px="sm" py="xs">{t('header.noMentions')}</Text>}
          {unread ? (
            <Group justify="flex-end" p={4}>
              <Button size="xs" variant="subtle" leftSection={<IconChecks size={16} aria-hidden />} onClick={() => read.mutate(undefined)} data-testid="mentions-read-all">
                {t('header.markAllRead')}
              </Button>
            </Group>
          ) : null}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
