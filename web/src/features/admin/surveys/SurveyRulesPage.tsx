import { Alert, Button, Card, Checkbox, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api';
import { useErrorMessage } from '../../../lib/errors';
import { usePageTitle } from '../../../lib/usePageTitle';

/** The channels a CSAT survey can go out on (the chat's own prompt, or a link by email or message). */
export const surveyChannels = ['chat', 'email', 'sms', 'whatsapp', 'telegram', 'messenger'] as const;

export type SurveyRules = { queueId: string; queueName: string; enabled: boolean; minDaysBetween: number; linkDays: number; channels: string[] };

/** Admin: per queue, whether customers are asked for a CSAT rating after a resolved contact, how often, and on which channels. */
export function SurveyRulesPage() {
  const { t } = useTranslation();
  usePageTitle(t('surveyRules.title'));
  const rules = useQuery({ queryKey: ['admin', 'survey-rules'], queryFn: () => api<{ items: SurveyRules[] }>('/surveys/rules').then((r) => r.items) });
  return (
    <Stack maw={900}>
      <Title order={1} size="h3">{t('surveyRules.title')}</Title>
      <Text c="dimmed">{t('surveyRules.intro')}</Text>
      {rules.isError ? <Alert color="red" role="alert">{t('surveyRules.loadFailed')}</Alert> : null}
      {rules.data && !rules.data.length ? <Text c="dimmed">{t('surveyRules.noQueues')}</Text> : null}
      {(rules.data ?? []).map((r) => <QueueRules key={r.queueId} rules={r} />)}
    </Stack>
  );
}

function QueueRules({ rules }: { rules: SurveyRules }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const qc = useQueryClient();
  const [draft, setDraft] = useState(rules);
  useEffect(() => setDraft(rules), [rules]);
  const save = useMutation({
    mutationFn: () => api(`/surveys/rules/${rules.queueId}`, {
      method: 'PUT', body: { enabled: draft.enabled, minDaysBetween: draft.minDaysBetween, linkDays: draft.linkDays, channels: draft.channels },
    }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', 'survey-rules'] }),
  });
  const changed = JSON.stringify(draft) !== JSON.stringify(rules);
  return (
    <Card withBorder data-testid={`survey-rules-${rules.queueId}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600}><bdi>{rules.queueName}</bdi></Text>
          <Switch label={t('surveyRules.enabled')} checked={draft.enabled} onChange={(e) => { const enabled = e.currentTarget.checked; setDraft((d) => ({ ...d, enabled })); }} />
        </Group>
        <Group grow align="flex-start">
          <NumberInput label={t('surveyRules.minDaysBetween')} description={t('surveyRules.minDaysBetweenHelp')} min={0} max={365} allowDecimal={false} disabled={!draft.enabled}
            value={draft.minDaysBetween} onChange={(v) => setDraft((d) => ({ ...d, minDaysBetween: typeof v === 'number' ? v : 0 }))} />
          <NumberInput label={t('surveyRules.linkDays')} description={t('surveyRules.linkDaysHelp')} min={1} max={90} allowDecimal={false} disabled={!draft.enabled}
            value={draft.linkDays} onChange={(v) => setDraft((d) => ({ ...d, linkDays: typeof v === 'number' ? v : 1 }))} />
        </Group>
        <Checkbox.Group label={t('surveyRules.channels')} description={t('surveyRules.channelsHelp')} value={draft.channels}
          onChange={(channels) => setDraft((d) => ({ ...d, channels: surveyChannels.filter((c) => channels.includes(c)) }))}>
          <Group mt="xs">
            {surveyChannels.map((c) => <Checkbox key={c} value={c} label={t(`channels.${c}`)} disabled={!draft.enabled} />)}
          </Group>
        </Checkbox.Group>
        {save.error ? <Alert color="red" role="alert">{errorMessage(save.error)}</Alert> : null}
        {save.isSuccess && !changed ? <Text size="sm" c="green" role="status">{t('surveyRules.saved')}</Text> : null}
        <Group justify="flex-end">
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!changed}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}
