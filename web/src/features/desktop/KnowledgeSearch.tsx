import { Button, Card, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { renderAnswer, useSavedAnswers } from './api';

/** Search of saved answers and knowledge snippets; an answer is inserted with its variables filled. */
export function KnowledgeSearch({ interactionId, onInsert }: { interactionId: string; onInsert: (text: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 200);
  const answers = useSavedAnswers(debounced);
  return (
    <Stack gap="xs">
      <TextInput size="xs" placeholder={t('desktop.searchKnowledge')} aria-label={t('desktop.searchKnowledge')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
      {(answers.data ?? []).slice(0, 10).map((a) => (
        <Card key={a.id} withBorder padding="xs">
          <Text size="sm" fw={600}><bdi>{a.title}</bdi> {a.kind === 'snippet' ? <Text span size="xs" c="dimmed">· {t('desktop.snippet')}</Text> : null}</Text>
          <Text size="xs" c="dimmed" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>{a.body}</Text>
          <Button size="compact-xs" variant="subtle" onClick={async () => onInsert(a.kind === 'answer' ? (await renderAnswer(a.id, interactionId)).text : a.body)}>{t('desktop.insert')}</Button>
        </Card>
      ))}
    </Stack>
  );
}
