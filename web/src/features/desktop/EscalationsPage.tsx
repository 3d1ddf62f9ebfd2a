import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useRealtime } from '../../lib/realtime';
import { usePageTitle } from '../../lib/usePageTitle';
import { useEscalations } from './api';

/** The supervisors' escalation inbox: who escalated which contact, why and when; live. */
export function EscalationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('desktop.inbox.title'));
  const f = useFormat();
  const qc = useQueryClient();
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const list = useEscalations(status);
  useRealtime(['supervisors'], (e) => {
    if (e.type.startsWith('escalation.')) void qc.invalidateQueries({ queryKey: ['desktop', 'escalations'] });
  });
  const resolve = async (id: string) => {
    await api(`/escalations/${id}/resolve`, { method: 'POST', body: {} });
    void qc.invalidateQueries({ queryKey: ['desktop', 'escalations'] });
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h3">{t('desktop.inbox.title')}</Title>
        <SegmentedControl value={status} onChange={(v) => setStatus(v as 'open' | 'resolved')} aria-label={t('desktop.inbox.status')}
          data={[{ value: 'open', label: t('desktop.inbox.open') }, { value: 'resolved', label: t('desktop.inbox.resolved') }]} />
      </Group>
      {list.data && !list.data.length ? <Text c="dimmed">{t('desktop.inbox.empty')}</Text> : null}
      {list.data?.length ? (
        <Table striped data-testid="escalation-inbox">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('desktop.inbox.when')}</Table.Th>
              <Table.Th>{t('desktop.inbox.who')}</Table.Th>
              <Table.Th>{t('desktop.customer')}</Table.Th>
              <Table.Th>{t('desktop.inbox.why')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((e) => (
              <Table.Tr key={e.id} data-testid="escalation-row">
                <Table.Td>{f.dateTime(e.createdAt)}</Table.Td>
                <Table.Td><bdi>{e.raisedBy?.name ?? '—'}</bdi></Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/desktop/${e.interactionId}`}><bdi>{e.customer.name}</bdi></Anchor>{' '}
                  <Badge size="xs" variant="light">{t(`channels.${e.channel}`, { defaultValue: e.channel })}</Badge>
                </Table.Td>
                <Table.Td><Text size="sm" style={{ whiteSpace: 'pre-wrap' }}><bdi>{e.reason}</bdi></Text></Table.Td>
                <Table.Td>{e.status === 'open' ? <Button size="xs" variant="light" onClick={() => void resolve(e.id)}>{t('desktop.inbox.resolve')}</Button> : null}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}
