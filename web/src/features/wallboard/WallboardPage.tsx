import { ActionIcon, Alert, Badge, Box, Card, Center, Group, Loader, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconCircleFilled, IconMaximize, IconMinimize } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useRealtime, useRealtimeStatus } from '../../lib/realtime';
import { usePageTitle } from '../../lib/usePageTitle';
import { formatDuration, noteServerTime, secondsSince, useNow } from '../routing/clock';
import { useRoutingLabels } from '../routing/labels';
import { queueLevel, type FloorState, type Level, type Wallboard, type WallboardAgent, type WallboardQueue } from './types';

const key = ['metrics', 'wallboard'] as const;
const levelColor: Record<Level, string> = { ok: 'teal', amber: 'yellow', red: 'red' };
const floorColor: Record<FloorState, string> = { available: 'green', busy: 'blue', after_contact_work: 'yellow', away: 'orange', offline: 'gray' };
const floorOrder: FloorState[] = ['available', 'busy', 'after_contact_work', 'away', 'offline'];

/** The supervisor's floor on one screen (or a TV): live queues and agents, pushed as things happen. */
export function WallboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('wallboard.title'));
  const qc = useQueryClient();
  const errorMessage = useErrorMessage();
  const board = useQuery({ queryKey: key, queryFn: ({ signal }) => api<Wallboard>('/metrics/wallboard', { signal }) });
  const { status, connections } = useRealtimeStatus();
  const container = useRef<HTMLDivElement>(null);
  const [full, setFull] = useState(false);

  useRealtime(['wallboard'], (event) => {
    noteServerTime(event.at);
    if (event.type === 'wallboard.snapshot') {
      const next = event.payload as Wallboard;
      // A late event never paints older numbers over newer ones.
      qc.setQueryData<Wallboard>(key, (old) => (old && old.at > next.at ? old : next));
    }
  });
  useEffect(() => {
    if (connections > 1) void qc.invalidateQueries({ queryKey: key });
  }, [connections, qc]);
  useEffect(() => {
    const onChange = () => setFull(document.fullscreenElement === container.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggleFull = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void container.current?.requestFullscreen?.().catch(() => setFull((f) => !f));
  };

  return (
    <Box ref={container} data-testid="wallboard" data-tv={full ? 'true' : undefined} bg={full ? 'var(--mantine-color-body)' : undefined} p={full ? 'xl' : 0}
      style={full ? { minHeight: '100vh', overflow: 'auto', fontSize: '1.25rem' } : undefined}>
      <Stack gap="lg">
        <Group justify="space-between" align="flex-end">
          <Title order={2}>{t('wallboard.title')}</Title>
          <Group gap="sm">
            <Badge variant="dot" color={status === 'open' ? 'green' : 'gray'} role="status" data-testid="wallboard-live">
              {status === 'open' ? t('wallboard.live') : t('wallboard.reconnecting')}
            </Badge>
            <Tooltip label={full ? t('wallboard.exitFullScreen') : t('wallboard.fullScreen')}>
              <ActionIcon variant="light" size="lg" onClick={toggleFull} aria-label={full ? t('wallboard.exitFullScreen') : t('wallboard.fullScreen')}>
                {full ? <IconMinimize size={18} aria-hidden /> : <IconMaximize size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        {board.isPending ? <Center p="xl"><Loader aria-label={t('common.loading')} /></Center> : null}
        {board.error ? <Alert color="red" role="alert">{errorMessage(board.error)}</Alert> : null}
        {board.data ? <Floor board={board.data} big={full} /> : null}
      </Stack>
    </Box>
  );
}

function Floor({ board, big }: { board: Wallboard; big: boolean }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const [fetchedAt, setFetchedAt] = useState(now);
  useEffect(() => setFetchedAt(Date.now()), [board]);
  const totals = floorOrder.map((s) => [s, board.agents.filter((a) => a.state === s).length] as const);
  return (
    <>
      <section aria-labelledby="wb-queues">
        <Title order={3} size="h4" id="wb-queues" mb="sm">{t('wallboard.queues')}</Title>
        {board.queues.length === 0 ? <Text c="dimmed">{t('wallboard.noQueues')}</Text> : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: big ? 3 : 3, xl: 4 }} spacing="md">
            {board.queues.map((q) => <QueueTile key={q.queueId} q={q} big={big} extraSeconds={q.waiting > 0 ? Math.max(0, (now - fetchedAt) / 1000) : 0} />)}
          </SimpleGrid>
        )}
      </section>
      <section aria-labelledby="wb-agents">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4" id="wb-agents">{t('wallboard.agents')}</Title>
          <Group gap="xs">
            {totals.map(([s, n]) => (
              <Badge key={s} color={floorColor[s]} variant="light" tt="none" data-testid={`floor-${s}`}>{t(`wallboard.states.${s}`)}: {n}</Badge>
            ))}
          </Group>
        </Group>
        <AgentTable agents={board.agents} now={now} />
      </section>
    </>
  );
}

function Stat({ label, value, testId, color, big, sub }: { label: string; value: string; testId?: string; color?: string; big?: boolean; sub?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" lineClamp={1}>{label}</Text>
      <Text fw={700} fz={big ? 32 : 22} c={color} style={{ fontVariantNumeric: 'tabular-nums' }}>
        <span dir="ltr" data-testid={testId}>{value}</span>
      </Text>
      {sub ? <Text size="xs" c="dimmed">{sub}</Text> : null}
    </div>
  );
}

function QueueTile({ q, big, extraSeconds }: { q: WallboardQueue; big: boolean; extraSeconds: number }) {
  const { t } = useTranslation();
  const longest = q.waiting > 0 ? q.longestWaitSeconds + extraSeconds : 0;
  const level = queueLevel(q, longest);
  const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
  const sec = (v: number | null) => (v === null ? '—' : formatDuration(v));
  return (
    <Card withBorder padding="md" radius="md" data-testid={`queue-tile-${q.queueId}`} data-level={level.tile} aria-label={q.name}
      style={{ borderColor: level.tile === 'ok' ? undefined : `var(--mantine-color-${levelColor[level.tile]}-6)`, borderWidth: level.tile === 'ok' ? undefined : 3, borderInlineStartWidth: 6, borderInlineStartColor: `var(--mantine-color-${levelColor[level.tile]}-6)` }}>
      <Group justify="space-between" mb="xs">
        <Text fw={700} fz={big ? 'xl' : 'lg'}><bdi>{q.name}</bdi></Text>
        {level.tile !== 'ok' ? <Badge color={levelColor[level.tile]} variant="filled">{t(`wallboard.level.${level.tile}`)}</Badge> : null}
      </Group>
      <SimpleGrid cols={3} spacing="xs">
        <Stat label={t('wallboard.waiting')} value={String(q.waiting)} testId="waiting" big={big} color={q.waiting > 0 ? 'orange' : undefined} />
        <Stat label={t('wallboard.longestWait')} value={q.waiting > 0 ? formatDuration(longest) : '—'} big={big} color={level.wait === 'ok' ? undefined : levelColor[level.wait]} />
        <Stat label={t('wallboard.serviceLevel')} sub={t('wallboard.target', { target: q.target.percent, seconds: q.target.seconds })} value={pct(q.serviceLevelToday)} testId="sl" big={big} color={level.sl === 'ok' ? undefined : levelColor[level.sl]} />
        <Stat label={t('wallboard.asa')} value={sec(q.asaToday)} testId="asa" big={big} />
        <Stat label={t('wallboard.answered')} value={String(q.answeredToday)} testId="answered" big={big} />
        <Stat label={t('wallboard.abandoned')} value={String(q.abandonedToday)} testId="abandoned" big={big} />
      </SimpleGrid>
      <Group gap={6} mt="sm">
        {floorOrder.map((s) => (
          <Badge key={s} size="sm" color={floorColor[s]} variant="light" tt="none" leftSection={<IconCircleFilled size={7} aria-hidden />}>
            {t(`wallboard.states.${s}`)} {q.agents[s]}
          </Badge>
        ))}
      </Group>
    </Card>
  );
}

function AgentTable({ agents, now }: { agents: WallboardAgent[]; now: number }) {
  const { t } = useTranslation();
  const labels = useRoutingLabels();
  if (agents.length === 0) return <Text c="dimmed">{t('wallboard.noAgents')}</Text>;
  const rows = [...agents].sort((a, b) => floorOrder.indexOf(a.state) - floorOrder.indexOf(b.state) || a.name.localeCompare(b.name));
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="xs" data-testid="wallboard-agents" aria-labelledby="wb-agents">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('wallboard.agent')}</Table.Th>
            <Table.Th>{t('wallboard.state')}</Table.Th>
            <Table.Th>{t('wallboard.timeInState')}</Table.Th>
            <Table.Th ta="end">{t('wallboard.contacts')}</Table.Th>
            <Table.Th ta="end">{t('wallboard.handledToday')}</Table.Th>
            <Table.Th ta="end">{t('wallboard.aht')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.agentId} data-testid={`agent-row-${a.agentId}`}>
              <Table.Td fw={600}><bdi>{a.name}</bdi></Table.Td>
              <Table.Td>
                <Badge color={floorColor[a.state]} variant="light" tt="none" data-testid="agent-state">
                  {a.reason ? `${t(`wallboard.states.${a.state}`)} · ${labels.reason(a.reason)}` : t(`wallboard.states.${a.state}`)}
                </Badge>
              </Table.Td>
              <Table.Td dir="ltr" ff="monospace" ta="start">{formatDuration(secondsSince(a.since, now))}</Table.Td>
              <Table.Td ta="end">{a.contacts}{a.channels.length ? <Text span size="xs" c="dimmed"> ({a.channels.map(labels.channel).join(', ')})</Text> : null}</Table.Td>
              <Table.Td ta="end" data-testid="handled-today">{a.handledToday}</Table.Td>
              <Table.Td ta="end" dir="ltr">{a.aht === null ? '—' : formatDuration(a.aht)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
