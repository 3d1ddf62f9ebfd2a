import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { desktopKeys, useScripts } from './api';
import type { Script } from './types';

/** Guided scripts for the contact: follow the steps, use the suggested wording, record the answers on the contact. */
export function ScriptPanel({ interactionId, onSay }: { interactionId: string; onSay: (text: string) => void }) {
  const { t } = useTranslation();
  const scripts = useScripts(interactionId);
  if (!scripts.data?.length) return <Text size="sm" c="dimmed">{t('desktop.noScripts')}</Text>;
  return <Stack gap="sm">{scripts.data.map((s) => <ScriptRun key={s.id} script={s} interactionId={interactionId} onSay={onSay} />)}</Stack>;
}

function ScriptRun({ script, interactionId, onSay }: { script: Script; interactionId: string; onSay: (text: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [answers, setAnswers] = useState<Record<string, string>>(script.answers ?? {});
  const [path, setPath] = useState<string[]>([script.steps[0]!.id]);
  const save = async (next: Record<string, string>) => {
    setAnswers(next);
    await api(`/interactions/${interactionId}/scripts/${script.id}`, { method: 'PUT', body: { answers: next } });
    void qc.invalidateQueries({ queryKey: desktopKeys.scripts(interactionId) });
  };
  const step = script.steps.find((s) => s.id === path[path.length - 1]);
  const go = (target?: string) => target && setPath((p) => [...p, target]);
  return (
    <Card withBorder padding="sm" data-testid="script">
      <Text fw={600} size="sm"><bdi>{script.name}</bdi></Text>
      {step ? (
        <Stack gap={6} mt={4}>
          <Text size="sm" fs="italic">“<bdi>{step.say}</bdi>”</Text>
          <Button size="compact-xs" variant="subtle" onClick={() => onSay(step.say)}>{t('desktop.useWording')}</Button>
          {step.question ? <Text size="sm" fw={500}><bdi>{step.question}</bdi></Text> : null}
          {step.options?.length ? (
            <Group gap={4}>
              {step.options.map((o) => (
                <Button key={o.label} size="compact-xs" variant={answers[step.id] === o.label ? 'filled' : 'light'}
                  onClick={() => { void save({ ...answers, [step.id]: o.label }); go(o.next ?? step.next); }}>
                  <bdi>{o.label}</bdi>
                </Button>
              ))}
            </Group>
          ) : step.question ? (
            <TextInput size="xs" aria-label={step.question} defaultValue={answers[step.id] ?? ''} onBlur={(e) => void save({ ...answers, [step.id]: e.currentTarget.value })} />
          ) : null}
          <Group gap={4}>
            {path.length > 1 ? <Button size="compact-xs" variant="default" onClick={() => setPath((p) => p.slice(0, -1))}>{t('common.back')}</Button> : null}
            {!step.options?.length && step.next ? <Button size="compact-xs" variant="default" onClick={() => go(step.next)}>{t('desktop.nextStep')}</Button> : null}
          </Group>
        </Stack>
      ) : null}
    </Card>
  );
}
