import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtime, useRealtimeStatus, type RealtimeEvent } from '../../lib/realtime';
import { beep, notifyIfHidden } from '../routing/alerts';
import { desktopKeys } from './api';
import type { Interaction, Message } from './types';

const upsert = (list: Message[] | undefined, m: Message) =>
  list ? (list.some((x) => x.id === m.id) ? list.map((x) => (x.id === m.id ? { ...x, ...m } : x)) : [...list, m]) : list;

/**
 * Keeps every open tab live from `interaction:<id>` (messages, notes, files, typing, status) and the agent's
 * `user:<id>` topic (new assignments; @mentions are the header bell's); sound and a system notification when the page is hidden.
 */
export function useDesktopFeed(userId: string, ids: string[], selected: string | undefined) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [typing, setTyping] = useState<Record<string, number>>({});
  const [unread, setUnread] = useState<Record<string, number>>({});
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  useEffect(() => {
    if (selected) setUnread((u) => (u[selected] ? { ...u, [selected]: 0 } : u));
  }, [selected]);

  useRealtime(ids.map((id) => `interaction:${id}`), (event: RealtimeEvent) => {
    const id = event.topic.slice('interaction:'.length);
    switch (event.type) {
      case 'message.created':
      case 'note.created':
      case 'message.updated': {
        const m = event.payload as Message;
        qc.setQueryData<Message[]>(desktopKeys.messages(id), (list) => upsert(list, m));
        if (event.type === 'message.created' && m.direction === 'inbound') {
          setTyping((x) => ({ ...x, [id]: 0 }));
          if (id !== selectedRef.current || document.hidden) {
            setUnread((u) => ({ ...u, [id]: (u[id] ?? 0) + 1 }));
            beep();
            notifyIfHidden(t('desktop.newMessage'), m.body.slice(0, 120), `message-${id}`);
          }
        }
        break;
      }
      case 'attachment.created':
        void qc.invalidateQueries({ queryKey: desktopKeys.messages(id) });
        break;
      case 'interaction.updated': {
        const i = event.payload as Interaction;
        qc.setQueryData(desktopKeys.interaction(id), (old: object | undefined) => (old ? { ...old, ...i } : old));
        void qc.invalidateQueries({ queryKey: ['desktop', 'mine'] });
        break;
      }
      case 'chat.typing':
        setTyping((x) => ({ ...x, [id]: Date.now() }));
        break;
    }
  });

  useRealtime([`user:${userId}`], (event: RealtimeEvent) => {
    if (event.type === 'routing.assigned' || event.type === 'routing.state') void qc.invalidateQueries({ queryKey: desktopKeys.mine(userId) });
    if (event.type === 'consult.answered') {
      const a = event.payload as { interactionId: string; accepted: boolean; byName: string };
      void qc.invalidateQueries({ queryKey: desktopKeys.messages(a.interactionId) });
      const message = a.accepted ? t('desktop.consult.ready', { name: a.byName }) : t('desktop.consult.declined', { name: a.byName });
      notifications.show({ color: a.accepted ? 'green' : 'orange', message });
      beep();
      notifyIfHidden(t('desktop.consult.answered'), message, `consult-${a.interactionId}`);
    }
    if (event.type === 'interaction.snoozed') {
      void qc.invalidateQueries({ queryKey: desktopKeys.snoozed(userId) });
      const { interactionId, ended } = event.payload as { interactionId: string; ended: boolean };
      if (ended) {
        notifications.show({ color: 'blue', title: t('desktop.snooze.over'), message: t('desktop.snooze.overBody') });
        beep();
        notifyIfHidden(t('desktop.snooze.over'), t('desktop.snooze.overBody'), `snooze-${interactionId}`);
      }
    }
  });

  // After a reconnect a fresh read is the baseline (the replay covers the gap, this covers a long outage).
  const { connections } = useRealtimeStatus();
  useEffect(() => {
    if (connections > 1) void qc.invalidateQueries({ queryKey: ['desktop'] });
  }, [connections, qc]);

  // Typing shows for a few seconds after the last signal.
  const [now, setNow] = useState(() => Date.now());
  const anyTyping = Object.values(typing).some((at) => at && now - at < 6000);
  useEffect(() => {
    if (!Object.values(typing).some((at) => at)) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [typing, anyTyping]);
  const isTyping = (id: string) => !!typing[id] && now - typing[id]! < 6000;

  return { isTyping, unread };
}
