import { ActionIcon, Alert, Badge, Button, Center, Group, Loader, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/errors';
import { useFormat } from '../../../lib/format';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useDepartments } from '../departments/api';
import { useQueues } from './api';
import { QueueFormModal } from './QueueFormModal';
import type { Queue } from './types';

export function QueuesPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const fmt = useFormat();
  usePageTitle(t('queues.title'));
  const queues = useQueues();
  const departments = useDepartments();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Queue | null>(null);
  const departmentName = (id: string | null) => (id ? departments.data?.find((d) => d.id === id)?.name ?? '' : '');
  const items = queues.data ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('queues.title')}</Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>{t('queues.create')}</Button>
      </Group>
      {queues.isPending ? (
        <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>
      ) : queues.error ? (
        <Alert color="red" role="alert">{errorMessage(queues.error)}</Alert>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('queues.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('queues.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('queues.fields.name')}</Table.Th>
                <Table.Th>{t('queues.fields.department')}</Table.Th>
                <Table.Th>{t('queues.fields.channels')}</Table.Th>
                <Table.Th>{t('queues.fields.requiredSkills')}</Table.Th>
                <Table.Th>{t('queues.fields.strategy')}</Table.Th>
                <Table.Th>{t('queues.fields.serviceLevel')}</Table.Th>
                <Table.Th>{t('queues.fields.priority')}</Table.Th>
                <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((q) => {
                const s = q.settings;
                return (
                  <Table.Tr key={q.id}>
                    <Table.Td fw={600}>
                      <bdi>{q.name}</bdi>
                      {q.language ? <Text size="xs" c="dimmed">{t(`languageNames.${q.language}`, { defaultValue: q.language })}</Text> : null}
                    </Table.Td>
                    <Table.Td><bdi>{departmentName(q.departmentId)}</bdi></Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {q.channels.map((c) => <Badge key={c} variant="light" size="sm">{t(`channels.${c}`, { defaultValue: c })}</Badge>)}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {fmt.list((s.requiredSkills ?? []).map((r) => `${r.skill} ≥ ${r.minLevel}`))}
                    </Table.Td>
                    <Table.Td>{t(`queues.strategies.${s.strategy ?? 'longest_idle'}`)}</Table.Td>
                    <Table.Td>
                      {s.serviceLevel ? t('queues.slSummary', { percent: s.serviceLevel.percent, seconds: s.serviceLevel.seconds }) : '—'}
                    </Table.Td>
                    <Table.Td>{q.priority}</Table.Td>
                    <Table.Td>
                      <Tooltip label={t('common.edit')}>
                        <ActionIcon variant="subtle" aria-label={t('queues.editAction', { name: q.name })} onClick={() => setEditing(q)}>
                          <IconPencil size={16} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <QueueFormModal opened={creating} queues={items} onClose={() => setCreating(false)} />
      <QueueFormModal queue={editing ?? undefined} queues={items} opened={editing !== null} onClose={() => setEditing(null)} />
    </Stack>
  );
}
