import { ActionIcon, Badge, Box, Button, Grid, Group, Menu, Paper, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconClockPause, IconKeyboard } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';
import { useCurrentSession } from '../auth/session';
import { useCustomer } from '../customers/api';
import { channelIcon } from '../customers/icons';
import { ActionBar, ConsultBanner, type ActionKind } from './Actions';
import { desktopKeys, useColleagues, useInteraction, useMessages, useMyInteractions, useSnoozed } from './api';
import { Composer, type ComposerHandle } from './Composer';
import { Conversation } from './Conversation';
import { CustomerPanel } from './CustomerPanel';
import { KnowledgeSearch } from './KnowledgeSearch';
import { ScriptPanel } from './ScriptPanel';
import { DesktopSearch } from './Search';
import { ShortcutsHelp } from './Shortcuts';
import { useDesktopFeed } from './useDesktopFeed';
import type { Interaction } from './types';
import { Softphone } from '../voice/Softphone';

const typingTarget = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

/** The agent desktop: my contacts as tabs, each with its conversation, composer, actions and the customer beside it. */
export function DesktopPage() {
  const { t } = useTranslation();
  usePageTitle(t('desktop.title'));
  const { user } = useCurrentSession();
  const { id: routeId } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const mine = useMyInteractions(user.id);
  const snoozed = useSnoozed(user.id);
  // Snoozed emails leave the tabs until their time (one opened from the snoozed list shows while it is open).
  const snoozedUntil = new Map((snoozed.data ?? []).map((x) => [x.interactionId, x.until]));
  const tabs = (mine.data ?? []).filter((i) => !snoozedUntil.has(i.id));
  const selected = routeId ?? tabs[0]?.id;
  const ids = [...new Set([...tabs.map((i) => i.id), ...(selected ? [selected] : [])])];
  const feed = useDesktopFeed(user.id, ids, selected);
  const [help, setHelp] = useState(false);
  const [action, setAction] = useState<ActionKind>(null);
  const composer = useRef<ComposerHandle>(null);
  const search = useRef<HTMLInputElement>(null);

  // An accepted offer navigates here before my list knows the contact: read it again once.
  const refreshed = useRef<string | null>(null);
  useEffect(() => {
    if (routeId && mine.isSuccess && !mine.data.some((i) => i.id === routeId) && refreshed.current !== routeId) {
      refreshed.current = routeId;
      void qc.invalidateQueries({ queryKey: desktopKeys.mine(user.id) });
    }
  }, [routeId, mine.isSuccess, mine.data, qc, user.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if (e.key === '?' && !typingTarget(e.target)) {
        e.preventDefault();
        setHelp(true);
        return;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const digit = /^Digit([1-9])$/.exec(e.code)?.[1];
      if (digit) {
        const target = tabs[Number(digit) - 1];
        if (target) {
          e.preventDefault();
          navigate(`/desktop/${target.id}`);
        }
        return;
      }
      const map: Record<string, () => void> = {
        KeyR: () => composer.current?.focus('reply'),
        KeyN: () => composer.current?.focus('note'),
        KeyT: () => setAction('transfer'),
        KeyE: () => setAction('escalate'),
        KeyC: () => setAction('case'),
        KeyW: () => setAction('end'),
        KeyK: () => search.current?.focus(),
      };
      const run = map[e.code];
      if (run && (selected || e.code === 'KeyK')) {
        e.preventDefault();
        run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tabs, navigate, selected]);

  return (
    <Stack gap="sm" h="calc(100dvh - 60px - 2 * var(--mantine-spacing-md))" data-testid="desktop">
      <Group justify="space-between" wrap="nowrap">
        <Title order={1} size="h3">{t('desktop.title')}</Title>
        <Group gap="xs" wrap="nowrap">
          <DesktopSearch ref={search} />
          {snoozedUntil.size ? <SnoozedMenu items={snoozed.data!} /> : null}
          <Tooltip label={t('desktop.shortcuts.title')}>
            <ActionIcon variant="default" onClick={() => setHelp(true)} aria-label={t('desktop.shortcuts.title')} aria-keyshortcuts="?"><IconKeyboard size={18} /></ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {!ids.length ? (
        <Paper withBorder p="xl" ta="center" data-testid="desktop-empty">
          <Text fw={600}>{mine.isLoading ? t('common.loading') : t('desktop.empty')}</Text>
          <Text size="sm" c="dimmed">{t('desktop.emptyHint')}</Text>
        </Paper>
      ) : (
        <Tabs value={selected ?? null} onChange={(v) => v && navigate(`/desktop/${v}`)} keepMounted={false} style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
          <Tabs.List aria-label={t('desktop.myContacts')}>
            {ids.map((id, k) => <ContactTab key={id} id={id} index={k} unread={feed.unread[id] ?? 0} known={tabs.find((i) => i.id === id)} />)}
          </Tabs.List>
          {selected ? (
            <Box style={{ flex: 1, minHeight: 0 }} pt="sm">
              <Workspace key={selected} id={selected} typing={feed.isTyping(selected)} composer={composer} action={action} onAction={setAction} snoozedUntil={snoozedUntil.get(selected)} />
            </Box>
          ) : null}
        </Tabs>
      )}
      <ShortcutsHelp opened={help} onClose={() => setHelp(false)} />
    </Stack>
  );
}

/** The snoozed emails, soonest back first: each opens its contact. */
function SnoozedMenu({ items }: { items: { interactionId: string; until: string }[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={300}>
      <Menu.Target>
        <Button size="xs" variant="default" leftSection={<IconClockPause size={16} aria-hidden />} data-testid="snoozed-menu">
          {t('desktop.snooze.list', { count: items.length })}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {items.map((x) => (
          <Menu.Item key={x.interactionId} onClick={() => navigate(`/desktop/${x.interactionId}`)} data-testid="snoozed-item">
            <SnoozedName interactionId={x.interactionId} />
            <Text size="xs" c="dimmed">{t('desktop.snooze.until', { time: f.dateTime(x.until) })}</Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function SnoozedName({ interactionId }: { interactionId: string }) {
  const i = useInteraction(interactionId);
  return (
    <Text size="sm" fw={600}>
      {i.data ? <CustomerName customerId={i.data.customerId} /> : '…'}
      {i.data?.subject ? <Text span size="sm"> · <bdi>{i.data.subject}</bdi></Text> : null}
    </Text>
  );
}

function ContactTab({ id, index, unread, known }: { id: string; index: number; unread: number; known?: Interaction }) {
  const { t } = useTranslation();
  const fetched = useInteraction(id);
  const i = fetched.data ?? known;
  const Icon = channelIcon(i?.channel);
  return (
    <Tabs.Tab value={id} leftSection={<Icon size={16} aria-hidden />} rightSection={unread ? <Badge size="xs" color="red" aria-label={t('desktop.unread', { count: unread })}>{unread}</Badge> : null}
      aria-keyshortcuts={index < 9 ? `Alt+${index + 1}` : undefined} data-testid="contact-tab">
      {i ? <CustomerName customerId={i.customerId} /> : '…'}
      {i?.status === 'wrap_up' ? <Text span size="xs" c="orange.9"> · {t('interactionStatuses.wrap_up', { defaultValue: 'wrap-up' })}</Text> : null}
    </Tabs.Tab>
  );
}

function CustomerName({ customerId }: { customerId: string }) {
  const customer = useCustomer(customerId);
  return <bdi>{customer.data?.name ?? '…'}</bdi>;
}

function Workspace({ id, typing, composer, action, onAction, snoozedUntil }: { id: string; typing: boolean; composer: React.RefObject<ComposerHandle | null>; action: ActionKind; onAction: (a: ActionKind) => void; snoozedUntil?: string }) {
  const { t } = useTranslation();
  const { user } = useCurrentSession();
  const interaction = useInteraction(id);
  const messages = useMessages(id);
  const colleagues = useColleagues();
  const names = new Map((colleagues.data ?? []).map((c) => [c.id, c.name]));
  const [side, setSide] = useState<string | null>('customer');
  const i = interaction.data;
  if (!i) return <Text c="dimmed">{interaction.isError ? t('desktop.notFound') : t('common.loading')}</Text>;
  const finished = i.status === 'closed' || i.status === 'abandoned';
  return (
    <Grid h="100%" gap="sm" styles={{ inner: { height: "100%" } }}>
      <Grid.Col span={{ base: 12, md: 8 }} h="100%">
        <Stack h="100%" gap="xs">
          <Group justify="space-between" wrap="wrap">
            <Group gap="xs">
              <Badge variant="light">{t(`channels.${i.channel}`, { defaultValue: i.channel })}</Badge>
              <Badge variant="outline" data-testid="interaction-status">{t(`interactionStatuses.${i.status}`, { defaultValue: i.status })}</Badge>
              {i.subject ? <Text size="sm"><bdi>{i.subject}</bdi></Text> : null}
              {i.assignee ? <Text size="xs" c="dimmed">{t('desktop.assignee', { name: i.assignee.name })}</Text> : null}
            </Group>
            {!finished ? <ActionBar interaction={i} open={action} onOpen={onAction} snoozedUntil={snoozedUntil} /> : <Button size="xs" component={Link} to="/desktop" variant="default">{t('desktop.backToDesktop')}</Button>}
          </Group>
          {i.channel === 'voice' ? <Softphone interaction={i} /> : null}
          <ConsultBanner interaction={i} messages={messages.data ?? []} userId={user.id} />
          <Paper withBorder radius="md" style={{ flex: 1, minHeight: 0 }}>
            <Conversation interactionId={id} typing={typing} names={names} />
          </Paper>
          {!finished ? <Composer ref={composer} interaction={i} history={messages.data ?? []} /> : null}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }} h="100%" style={{ overflowY: 'auto' }}>
        <Tabs value={side} onChange={setSide} variant="pills">
          <Tabs.List mb="xs">
            <Tabs.Tab value="customer">{t('desktop.customer')}</Tabs.Tab>
            <Tabs.Tab value="scripts">{t('desktop.scripts')}</Tabs.Tab>
            <Tabs.Tab value="knowledge">{t('desktop.knowledge')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="customer"><CustomerPanel customerId={i.customerId} currentId={i.id} /></Tabs.Panel>
          <Tabs.Panel value="scripts"><ScriptPanel interactionId={i.id} onSay={(text) => composer.current?.insert(text)} /></Tabs.Panel>
          <Tabs.Panel value="knowledge"><KnowledgeSearch interactionId={i.id} onInsert={(text) => composer.current?.insert(text)} /></Tabs.Panel>
        </Tabs>
      </Grid.Col>
    </Grid>
  );
}
