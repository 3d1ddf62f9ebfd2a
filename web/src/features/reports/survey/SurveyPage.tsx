import { Alert, Button, Card, Center, Group, Loader, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../../../lib/api';

type View = { company: string; language: string; channel: string; answered: boolean; score: number | null };

/** The public CSAT survey behind a signed link, in the customer's language (not the visitor's UI language). */
export function SurveyPage() {
  const { token = '' } = useParams();
  const { i18n } = useTranslation();
  const view = useQuery({ queryKey: ['survey', token], queryFn: ({ signal }) => api<View>(`/public/surveys/${encodeURIComponent(token)}`, { signal }), retry: false });
  const lang = view.data?.language ?? (navigator.language.startsWith('ar') ? 'ar' : navigator.language.startsWith('az') ? 'az' : 'en');
  const t = i18n.getFixedT(lang);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const send = useMutation({ mutationFn: () => api<void>(`/public/surveys/${encodeURIComponent(token)}`, { method: 'POST', body: { score, comment: comment.trim() || null } }) });
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  const failure = view.error instanceof ApiError ? (view.error.status === 410 ? t('survey.expired') : t('survey.invalid')) : view.error ? t('survey.invalid') : null;
  return (
    <Center mih="100vh" p="md" dir={dir} lang={lang}>
      <Card withBorder shadow="sm" radius="md" p="xl" maw={520} w="100%">
        {view.isPending ? <Center><Loader /></Center> : null}
        {failure ? <Alert color="red" role="alert">{failure}</Alert> : null}
        {view.data ? (
          view.data.answered || send.isSuccess ? (
            <Stack align="center" gap="xs">
              <Title order={2} ta="center">{t('survey.thanks')}</Title>
              <Text c="dimmed" ta="center">{t('survey.thanksText', { company: view.data.company })}</Text>
            </Stack>
          ) : (
            <Stack gap="md">
              <Title order={2}>{t('survey.title', { company: view.data.company })}</Title>
              <Text>{t('survey.question')}</Text>
              <Group gap="xs" justify="center" role="radiogroup" aria-label={t('survey.question')}>
                {[1, 2, 3, 4, 5].map((n) => (
                  <Button key={n} size="lg" w={64} variant={score === n ? 'filled' : 'light'} role="radio" aria-checked={score === n}
                    aria-label={`${n} — ${t(`survey.scale.${n}`)}`} onClick={() => setScore(n)} data-testid={`score-${n}`}>
                    {n}
                  </Button>
                ))}
              </Group>
              <Group justify="space-between"><Text size="xs" c="dimmed">{t('survey.scale.1')}</Text><Text size="xs" c="dimmed">{t('survey.scale.5')}</Text></Group>
              <Textarea label={t('survey.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} maxLength={2000} autosize minRows={3} />
              {send.error ? <Alert color="red" role="alert">{t('survey.failed')}</Alert> : null}
              <Button onClick={() => send.mutate()} disabled={score === null} loading={send.isPending} data-testid="survey-send">{t('survey.send')}</Button>
            </Stack>
          )
        ) : null}
      </Card>
    </Center>
  );
}
