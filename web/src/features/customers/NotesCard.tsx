import { Alert, Button, Card, Loader, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useAddNote, useNotes } from './api';

export function NotesCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const notes = useNotes(customerId);
  const add = useAddNote(customerId);
  const [body, setBody] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    add.mutate(body.trim(), { onSuccess: () => setBody('') });
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="notes-title">
      <Title order={3} size="h5" id="notes-title" mb="sm">{t('customers.notes.title')}</Title>
      <form onSubmit={submit}>
        <Stack gap="xs">
          <Textarea dir="auto" label={t('customers.notes.new')} autosize minRows={2} maxRows={8} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
          {add.error ? <Alert color="red" role="alert">{errorMessage(add.error)}</Alert> : null}
          <Button type="submit" variant="light" loading={add.isPending} disabled={!body.trim()}>{t('customers.notes.add')}</Button>
        </Stack>
      </form>
      <Stack gap="sm" mt="md">
        {notes.isPending ? <Loader size="sm" aria-label={t('common.loading')} /> : null}
        {notes.error ? <Alert color="red" role="alert">{errorMessage(notes.error)}</Alert> : null}
        {notes.data?.length === 0 ? <Text size="sm" c="dimmed">{t('customers.notes.empty')}</Text> : null}
        {notes.data?.map((note) => (
          <div key={note.id}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}><bdi>{note.body}</bdi></Text>
            <Text size="xs" c="dimmed">
              {note.authorName ? <bdi>{note.authorName}</bdi> : null}
              {note.authorName ? ' · ' : null}
              <time dateTime={note.createdAt}>{fmt.dateTime(note.createdAt)}</time>
            </Text>
          </div>
        ))}
      </Stack>
    </Card>
  );
}
