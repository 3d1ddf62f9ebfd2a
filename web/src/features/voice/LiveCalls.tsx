import { Alert, Button, Group, Paper, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { IconEar, IconMessageCircle, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useCurrentSession } from '../auth/session';
import { useCustomer } from '../customers/api';
import { useAgents } from '../routing/api';
import { agentCalls, useAgentCall } from './agentCalls';
import type { SuperviseMode } from './api';
import { useVoiceTranslation } from './i18n';

interface CallRow {
  id: string;
  customerId: string;
  assigneeId: string | null;
  updatedAt: string;
}

const modes: SuperviseMode[] = ['listen', 'whisper', 'barge'];
const modeIcon = { listen: IconEar, whisper: IconMessageCircle, barge: IconUsers };

/** Supervisors' view of the calls in progress, with listen / whisper / barge on each. */
export function LiveCalls() {
  const { t } = useVoiceTranslation();
  const calls = useQuery({
    queryKey: ['voice', 'live-calls'],
    queryFn: ({ signal }) => api<Page<CallRow>>('/interactions', { query: { channel: 'voice', status: 'active', limit: 50 }, signal }).then((r) => r.items),
    refetchInterval: 5_000,
  });
  const agents = useAgents();
  const names = new Map((agents.data ?? []).map((a) => [a.userId, a.name]));
  const rows = calls.data ?? [];
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="live-calls-heading" data-testid="live-calls">
      <Title order={3} size="h4" id="live-calls-heading" mb="sm">{t('voice.monitor.title')}</Title>
      {rows.length === 0 ? <Text c="dimmed" size="sm">{calls.isPending ? t('common.loading') : t('voice.monitor.none')}</Text> : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('voice.monitor.customer')}</Table.Th>
                <Table.Th>{t('voice.monitor.agent')}</Table.Th>
                <Table.Th>{t('voice.monitor.since')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => <CallLine key={r.id} row={r} agent={r.assigneeId ? names.get(r.assigneeId) ?? null : null} />)}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function CallLine({ row, agent }: { row: CallRow; agent: string | null }) {
  const { t } = useVoiceTranslation();
  const f = useFormat();
  const { user } = useCurrentSession();
  const customer = useCustomer(row.customerId);
  const leg = useAgentCall(row.id);
  const live = leg && (leg.status === 'connecting' || leg.status === 'connected' || leg.status === 'held');
  return (
    <Table.Tr data-testid="live-call" data-interaction={row.id}>
      <Table.Td><bdi>{customer.data?.name ?? '…'}</bdi></Table.Td>
      <Table.Td><bdi>{agent ?? '—'}</bdi></Table.Td>
      <Table.Td>{f.dateTime(row.updatedAt)}</Table.Td>
      <Table.Td>
        {live ? (
          <Group gap="xs" wrap="nowrap">
            <SegmentedControl size="xs" value={leg.supervise ?? 'listen'} onChange={(m) => void agentCalls.changeMode(row.id, m as SuperviseMode)}
              data={modes.map((m) => ({ value: m, label: t(`voice.monitor.${m}`) }))} aria-label={t('voice.monitor.joined', { mode: t(`voice.monitor.modes.${leg.supervise ?? 'listen'}`) })} />
            <Button size="xs" variant="light" color="red" onClick={() => agentCalls.leave(row.id)}>{t('voice.monitor.stop')}</Button>
          </Group>
        ) : (
          <Group gap="xs" wrap="nowrap">
            {modes.map((m) => {
              const Icon = modeIcon[m];
              return (
                <Button key={m} size="xs" variant="default" leftSection={<Icon size={14} aria-hidden />} onClick={() => { agentCalls.forget(row.id); void agentCalls.supervise(row.id, user.id, m); }} data-testid={`supervise-${m}`}>
                  {t(`voice.monitor.${m}`)}
                </Button>
              );
            })}
          </Group>
        )}
        {leg?.failure ? <Alert color="red" mt={4} p={6}>{t(`voice.failures.${leg.failure}`, { defaultValue: t(`errors.${leg.failure}`, { defaultValue: t('voice.failures.network') }) })}</Alert> : null}
      </Table.Td>
    </Table.Tr>
  );
}
