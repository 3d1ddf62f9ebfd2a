import { ActionIcon, Alert, Badge, Button, Card, Group, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api';
import { useErrorMessage } from '../../../lib/errors';
import { usePageTitle } from '../../../lib/usePageTitle';
import type { SavedAnswer } from '../../desktop/types';

const variables = ['customer.first_name', 'customer.name', 'agent.name', 'order.number', 'order.status', 'order.amount'];

/** Admin: saved answers (with `{{variables}}` and a `/` shortcut) and knowledge snippets. */
export function SavedAnswersPage() {
  const { t } = useTranslation();
  usePageTitle(t('desktop.admin.answersTitle'));
  const errorMessage = useErrorMessage();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['admin', 'saved-answers'], queryFn: () => api<{ items: SavedAnswer[] }>('/saved-answers').then((r) => r.items) });
  const [kind, setKind] = useState<'answer' | 'snippet'>('answer');
  const [title, setTitle] = useState('');
  const [shortcut, setShortcut] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'saved-answers'] });
  const add = async () => {
    setError(null);
    try {
      await api('/saved-answers', { method: 'POST', body: { kind, title: title.trim(), body: body.trim(), ...(shortcut.trim() ? { shortcut: shortcut.trim() } : {}) } });
      setTitle(''); setShortcut(''); setBody('');
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Stack maw={900}>
      <Title order={1} size="h3">{t('desktop.admin.answersTitle')}</Title>
      <Card withBorder>
        <Stack gap="xs">
          <SegmentedControl value={kind} onChange={(v) => setKind(v as 'answer' | 'snippet')} aria-label={t('desktop.admin.kind')}
            data={[{ value: 'answer', label: t('desktop.admin.kindAnswer') }, { value: 'snippet', label: t('desktop.admin.kindSnippet') }]} />
          <Group grow>
            <TextInput label={t('desktop.admin.titleField')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required />
            <TextInput label={t('desktop.admin.shortcut')} value={shortcut} onChange={(e) => setShortcut(e.currentTarget.value)} leftSection="/" dir="ltr" />
          </Group>
          <Textarea label={t('desktop.admin.body')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} required
            description={t('desktop.admin.variablesHelp', { vars: variables.map((v) => `{{${v}}}`).join(' '), interpolation: { escapeValue: false } })} />
          {error ? <Alert color="red" role="alert">{error}</Alert> : null}
          <Group justify="flex-end"><Button onClick={() => void add()} disabled={!title.trim() || !body.trim()}>{t('desktop.admin.add')}</Button></Group>
        </Stack>
      </Card>
      {list.data && !list.data.length ? <Text c="dimmed">{t('desktop.admin.empty')}</Text> : null}
      {(list.data ?? []).map((a) => (
        <Card key={a.id} withBorder padding="sm">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="xs">
              <Text fw={600}><bdi>{a.title}</bdi></Text>
              {a.shortcut ? <Badge variant="light" dir="ltr">/{a.shortcut}</Badge> : null}
              {a.kind === 'snippet' ? <Badge variant="outline">{t('desktop.admin.kindSnippet')}</Badge> : null}
            </Group>
            <ActionIcon variant="subtle" color="red" aria-label={`${t('common.delete')} ${a.title}`}
              onClick={async () => { await api(`/saved-answers/${a.id}`, { method: 'DELETE' }); await refresh(); }}><IconTrash size={16} /></ActionIcon>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} dir="auto">{a.body}</Text>
        </Card>
      ))}
    </Stack>
  );
}
