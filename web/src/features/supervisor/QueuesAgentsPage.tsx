import { ActionIcon, Alert, Badge, Center, Group, Loader, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconAdjustments, IconCircleFilled } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { useRealtime, useRealtimeStatus } from '../../lib/realtime';
import { usePageTitle } from '../../lib/usePageTitle';
import { useCurrentSession } from '../auth/session';
import { routingKeys, useAgents, useQueueStats } from '../routing/api';
import { formatDuration, noteServerTime, secondsSince, serverNow, useNow } from '../routing/clock';
import { stateColor, useRoutingLabels } from '../routing/labels';
import { agentStates, routingEvents, type AgentRow, type QueueStats } from '../routing/types';
import { CapacityModal } from './CapacityModal';
import { LiveCalls } from '../voice/LiveCalls';

const stateOrder = (s: string) => {
  const i = agentStates.indexOf(s as AgentRow['state']);
  return i < 0 ? agentStates.length : i;
};

/** Supervisors' live list: every queue's waiting contacts and staffing, and every agent's state and load. */
export function QueuesAgentsPage() {
  const { t } = useTranslation();
  usePageTitle(t('supervisor.title'));
  const qc = useQueryClient();
  const { user } = useCurrentSession();
  const stats = useQueueStats();
  const agents = useAgents();
  const { status, connections } = useRealtimeStatus();
  const [capacityOf, setCapacityOf] = useState<AgentRow | null>(null);
  const agentsRefetch = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(agentsRefetch.current), []);

  useRealtime(['supervisors'], (event) => {
    noteServerTime(event.at);
    if (event.type === routingEvents.queueStats) {
      const { queues } = event.payload as { queues: QueueStats[] };
      qc.setQueryData<QueueStats[]>(routingKeys.queueStats, (old) => {
        const next = [...(old ?? [])];
        for (const q of queues) {
          const i = next.findIndex((x) => x.queueId === q.queueId);
          if (i >= 0) next[i] = q;
          else next.push(q);
        }
        return next;
      });
      // Stats change when contacts are offered, taken or finished, which moves agents' load too; the
      // agent_state event carries no load, so re-read the agents, at most once a second.
      if (!agentsRefetch.current) {
        agentsRefetch.current = setTimeout(() => {
          agentsRefetch.current = undefined;
          void qc.invalidateQueries({ queryKey: routingKeys.agents });
        }, 1_000);
      }
    } else if (event.type === routingEvents.agentState) {
      const a = event.payload as AgentRow;
      qc.setQueryData<AgentRow[]>(routingKeys.agents, (old) => {
        if (!old) return old;
        const i = old.findIndex((x) => x.userId === a.userId);
        if (i < 0) {
          void qc.invalidateQueries({ queryKey: routingKeys.agents });
          return old;
        }
        const next = [...old];
        next[i] = { ...old[i], ...a, capacity: a.capacity ?? old[i].capacity };
        return next;
      });
    }
  });
  useEffect(() => {
    if (connections > 1) void qc.invalidateQueries({ queryKey: ['routing'] });
  }, [connections, qc]);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('supervisor.title')}</Title>
        <Badge
          variant="dot"
          color={status === 'open' ? 'green' : 'gray'}
          role="status"
          data-testid="live-status"
        >
          {status === 'open' ? t('supervisor.live') : t('supervisor.reconnecting')}
        </Badge>
      </Group>
      <section aria-labelledby="queues-heading">
        <Title order={3} size="h4" id="queues-heading" mb="sm">{t('supervisor.queues')}</Title>
        <QueueTable stats={stats} />
      </section>
      <section aria-labelledby="agents-heading">
        <Title order={3} size="h4" id="agents-heading" mb="sm">{t('supervisor.agents')}</Title>
        <AgentTable agents={agents} canEdit={user.role === 'admin'} onEdit={setCapacityOf} />
      </section>
      <LiveCalls />
      <CapacityModal agent={capacityOf} onClose={() => setCapacityOf(null)} />
    </Stack>
  );
}

function QueueTable({ stats }: { stats: ReturnType<typeof useQueueStats> }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const now = useNow(1000);
  const [fetchedAt, setFetchedAt] = useState(serverNow);
  useEffect(() => setFetchedAt(serverNow()), [stats.data]);
  if (stats.isPending) return <Center p="md"><Loader aria-label={t('common.loading')} /></Center>;
  if (stats.error) return <Alert color="red" role="alert">{errorMessage(stats.error)}</Alert>;
  if (stats.data.length === 0) return <Text c="dimmed">{t('supervisor.noQueues')}</Text>;
  // Longest wait keeps growing between updates while someone is waiting.
  const grown = (q: QueueStats) => (q.waiting > 0 ? q.longestWaitSeconds + Math.max(0, (now - fetchedAt) / 1000) : 0);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="xs" aria-labelledby="queues-heading" data-testid="queue-stats">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('supervisor.queue')}</Table.Th>
            <Table.Th ta="end">{t('supervisor.waiting')}</Table.Th>
            <Table.Th ta="end">{t('supervisor.offered')}</Table.Th>
            <Table.Th ta="end">{t('supervisor.longestWait')}</Table.Th>
            <Table.Th ta="end">{t('routing.states.available')}</Table.Th>
            <Table.Th ta="end">{t('supervisor.busy')}</Table.Th>
            <Table.Th ta="end">{t('routing.states.after_contact_work')}</Table.Th>
            <Table.Th ta="end">{t('routing.states.away')}</Table.Th>
            <Table.Th ta="end">{t('routing.states.offline')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...stats.data].sort((a, b) => a.name.localeCompare(b.name)).map((q) => (
            <Table.Tr key={q.queueId}>
              <Table.Td fw={600}><bdi>{q.name}</bdi></Table.Td>
              <Table.Td ta="end">
                {q.waiting > 0 ? <Badge color="orange" variant="light">{q.waiting}</Badge> : q.waiting}
              </Table.Td>
              <Table.Td ta="end">{q.offered}</Table.Td>
              <Table.Td ta="end" dir="ltr" ff="monospace">{q.waiting > 0 ? formatDuration(grown(q)) : '—'}</Table.Td>
              <Table.Td ta="end">{q.agents.available}</Table.Td>
              <Table.Td ta="end">{q.agents.busy}</Table.Td>
              <Table.Td ta="end">{q.agents.after_contact_work}</Table.Td>
              <Table.Td ta="end">{q.agents.away}</Table.Td>
              <Table.Td ta="end">{q.agents.offline}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AgentTable({ agents, canEdit, onEdit }: { agents: ReturnType<typeof useAgents>; canEdit: boolean; onEdit: (a: AgentRow) => void }) {
  const { t } = useTranslation();
  const labels = useRoutingLabels();
  const errorMessage = useErrorMessage();
  const now = useNow(1000);
  if (agents.isPending) return <Center p="md"><Loader aria-label={t('common.loading')} /></Center>;
  if (agents.error) return <Alert color="red" role="alert">{errorMessage(agents.error)}</Alert>;
  if (agents.data.length === 0) return <Text c="dimmed">{t('supervisor.noAgents')}</Text>;
  const rows = [...agents.data].sort((a, b) => stateOrder(a.state) - stateOrder(b.state) || a.name.localeCompare(b.name));
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped verticalSpacing="xs" aria-labelledby="agents-heading" data-testid="agent-states">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('supervisor.agent')}</Table.Th>
            <Table.Th>{t('supervisor.state')}</Table.Th>
            <Table.Th>{t('supervisor.timeInState')}</Table.Th>
            <Table.Th>{t('routing.load')}</Table.Th>
            {canEdit ? <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => {
            // Only what the agent is handling now; capacities are in the capacity dialog.
            const channels = Object.keys(a.load ?? {}).filter((c) => (a.load[c] ?? 0) > 0);
            return (
              <Table.Tr key={a.userId}>
                <Table.Td fw={600}><bdi>{a.name}</bdi></Table.Td>
                <Table.Td>
                  <Badge color={stateColor(a.state)} variant="light" tt="none" leftSection={<IconCircleFilled size={8} aria-hidden />} styles={{ label: { overflow: 'visible' } }}>
                    {labels.stateWithReason(a.state, a.reason)}
                  </Badge>
                </Table.Td>
                <Table.Td dir="ltr" ff="monospace" ta="start">{formatDuration(secondsSince(a.since, now))}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {channels.length === 0 ? <Text span size="sm" c="dimmed">—</Text> : null}
                    {channels.map((c) => (
                      <Badge key={c} variant="light" color="blue" size="sm" tt="none" styles={{ label: { overflow: 'visible' } }}>
                        {labels.channel(c)} <span dir="ltr">{a.load[c] ?? 0}{a.capacity ? `/${a.capacity[c] ?? 0}` : ''}</span>
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                {canEdit ? (
                  <Table.Td>
                    <Tooltip label={t('supervisor.editCapacity')}>
                      <ActionIcon variant="subtle" aria-label={t('supervisor.editCapacityOf', { name: a.name })} onClick={() => onEdit(a)}>
                        <IconAdjustments size={16} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
