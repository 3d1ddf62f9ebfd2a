import { ActionIcon, Alert, Button, Card, Group, JsonInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api';
import { useErrorMessage } from '../../../lib/errors';
import { usePageTitle } from '../../../lib/usePageTitle';
import type { Script } from '../../desktop/types';

const example = JSON.stringify([
  { id: 'start', say: 'Thank you for contacting us.', question: 'Is it about an order?', options: [{ label: 'Yes', next: 'order' }, { label: 'No' }] },
  { id: 'order', say: 'May I have your order number?', question: 'Order number' },
], null, 2);

/** Admin: guided scripts for a queue or a contact reason (steps with questions, branches and suggested wording). */
export function ScriptsPage() {
  const { t } = useTranslation();
  usePageTitle(t('desktop.admin.scriptsTitle'));
  const errorMessage = useErrorMessage();
  const qc = useQueryClient();
  const scripts = useQuery({ queryKey: ['admin', 'scripts'], queryFn: () => api<{ items: Script[] }>('/scripts').then((r) => r.items) });
  const queues = useQuery({ queryKey: ['admin', 'scripts', 'queues'], queryFn: () => api<{ items: { id: string; name: string }[] }>('/queues').then((r) => r.items) });
  const [name, setName] = useState('');
  const [queueId, setQueueId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [steps, setSteps] = useState(example);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'scripts'] });
  const add = async () => {
    setError(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(steps);
    } catch {
      setError(t('desktop.admin.invalidJson'));
      return;
    }
    try {
      await api('/scripts', { method: 'POST', body: { name: name.trim(), steps: parsed, ...(queueId ? { queueId } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) } });
      setName('');
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const queueName = (id: string | null) => queues.data?.find((q) => q.id === id)?.name;
  return (
    <Stack maw={900}>
      <Title order={1} size="h3">{t('desktop.admin.scriptsTitle')}</Title>
      <Card withBorder>
        <Stack gap="xs">
          <Group grow>
            <TextInput label={t('desktop.admin.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
            <Select label={t('desktop.admin.queue')} clearable data={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))} value={queueId} onChange={setQueueId} />
            <TextInput label={t('desktop.admin.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          </Group>
          <JsonInput label={t('desktop.admin.steps')} description={t('desktop.admin.stepsHelp')} value={steps} onChange={setSteps} autosize minRows={6} formatOnBlur dir="ltr" />
          {error ? <Alert color="red" role="alert">{error}</Alert> : null}
          <Group justify="flex-end"><Button onClick={() => void add()} disabled={!name.trim()}>{t('desktop.admin.add')}</Button></Group>
        </Stack>
      </Card>
      {scripts.data && !scripts.data.length ? <Text c="dimmed">{t('desktop.admin.empty')}</Text> : null}
      {(scripts.data ?? []).map((s) => (
        <Card key={s.id} withBorder padding="sm">
          <Group justify="space-between" wrap="nowrap">
            <Text fw={600}><bdi>{s.name}</bdi> <Text span size="sm" c="dimmed">{[queueName(s.queueId), s.reason].filter(Boolean).join(' · ')}</Text></Text>
            <ActionIcon variant="subtle" color="red" aria-label={`${t('common.delete')} ${s.name}`} onClick={async () => { await api(`/scripts/${s.id}`, { method: 'DELETE' }); await refresh(); }}><IconTrash size={16} /></ActionIcon>
          </Group>
          <Text size="sm" c="dimmed">{s.steps.map((st) => st.say).join(' → ')}</Text>
        </Card>
      ))}
    </Stack>
  );
}
