import { ActionIcon, Alert, Button, Card, Group, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api';
import { useErrorMessage } from '../../../lib/errors';
import { usePageTitle } from '../../../lib/usePageTitle';
import type { WrapUpCode } from '../../desktop/types';

/** Admin: the contact reasons and dispositions agents choose from at wrap-up (required on close once a list has entries). */
export function DispositionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('desktop.admin.codesTitle'));
  const codes = useQuery({ queryKey: ['admin', 'wrap-up-codes'], queryFn: () => api<{ items: WrapUpCode[] }>('/wrap-up-codes').then((r) => r.items) });
  return (
    <Stack maw={900}>
      <Title order={1} size="h3">{t('desktop.admin.codesTitle')}</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <CodeList kind="reason" title={t('desktop.admin.reasons')} items={(codes.data ?? []).filter((c) => c.kind === 'reason')} />
        <CodeList kind="disposition" title={t('desktop.admin.dispositions')} items={(codes.data ?? []).filter((c) => c.kind === 'disposition')} />
      </SimpleGrid>
    </Stack>
  );
}

function CodeList({ kind, title, items }: { kind: 'reason' | 'disposition'; title: string; items: WrapUpCode[] }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const qc = useQueryClient();
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await qc.invalidateQueries({ queryKey: ['admin', 'wrap-up-codes'] });
      void qc.invalidateQueries({ queryKey: ['desktop', 'wrap-up-codes'] });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card withBorder>
      <Text fw={600} mb="xs">{title}</Text>
      <Stack gap={4}>
        {items.map((c) => (
          <Group key={c.id} justify="space-between" wrap="nowrap">
            <Text size="sm"><bdi>{c.label}</bdi></Text>
            <Group gap="xs" wrap="nowrap">
              <Switch size="xs" checked={c.active} label={t('desktop.admin.active')} onChange={(e) => void run(() => api(`/wrap-up-codes/${c.id}`, { method: 'PATCH', body: { active: e.currentTarget.checked } }))} />
              <ActionIcon variant="subtle" color="red" aria-label={`${t('common.delete')} ${c.label}`} onClick={() => void run(() => api(`/wrap-up-codes/${c.id}`, { method: 'DELETE' }))}><IconTrash size={16} /></ActionIcon>
            </Group>
          </Group>
        ))}
        {!items.length ? <Text size="sm" c="dimmed">{t('desktop.admin.empty')}</Text> : null}
        <Group mt="xs" wrap="nowrap" align="flex-end">
          <TextInput style={{ flex: 1 }} label={t('desktop.admin.label')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} />
          <Button disabled={!label.trim()} onClick={() => void run(() => api('/wrap-up-codes', { method: 'POST', body: { kind, label: label.trim(), position: items.length } }).then(() => setLabel('')))}>
            {t('desktop.admin.add')}
          </Button>
        </Group>
        {error ? <Alert color="red" role="alert">{error}</Alert> : null}
      </Stack>
    </Card>
  );
}
