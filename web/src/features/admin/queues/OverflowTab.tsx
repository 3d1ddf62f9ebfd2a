import { ActionIcon, Button, Group, Input, NumberInput, Paper, Select, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { newKey } from './draft';
import type { SectionProps } from './form';
import { overflowActions, type OverflowAction, type OverflowStep, type Queue } from './types';

export function OverflowTab({ draft, set, queues }: SectionProps & { queues: Queue[] }) {
  const { t } = useTranslation();
  const steps = draft.overflow;
  const update = (i: number, step: OverflowStep) => set('overflow', steps.map((s, j) => (j === i ? { ...step, key: s.key } : s)));
  const move = (i: number, by: number) => {
    const next = [...steps];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item);
    set('overflow', next);
  };
  const changeAction = (i: number, action: OverflowAction) => {
    const { afterSeconds } = steps[i];
    if (action === 'add_queue') update(i, { afterSeconds, action, queueId: '' });
    else if (action === 'relax_skills') update(i, { afterSeconds, action, by: 1 });
    else update(i, { afterSeconds, action });
  };
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">{t('queues.overflowHint')}</Text>
      {steps.length === 0 ? <Text size="sm">{t('queues.noOverflow')}</Text> : null}
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('queues.sections.overflow')}>
        {steps.map((step, i) => (
          <Paper key={step.key} withBorder p="sm" component="li" aria-label={t('queues.stepN', { n: i + 1 })}>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Text fw={600} size="sm" w={64} mb={8}>{t('queues.stepN', { n: i + 1 })}</Text>
              <NumberInput
                label={t('queues.fields.afterSeconds')}
                min={0}
                max={86_400}
                allowDecimal={false}
                suffix={` ${t('queues.secondsShort')}`}
                value={step.afterSeconds}
                onChange={(v) => update(i, { ...step, afterSeconds: Number(v) || 0 })}
                w={140}
              />
              <Select
                label={t('queues.fields.overflowAction')}
                data={overflowActions.map((a) => ({ value: a, label: t(`queues.overflowActions.${a}`) }))}
                value={step.action}
                onChange={(v) => v && changeAction(i, v as OverflowAction)}
                allowDeselect={false}
                w={220}
              />
              {step.action === 'relax_skills' ? (
                <NumberInput
                  label={t('queues.fields.relaxBy')}
                  min={1}
                  max={4}
                  allowDecimal={false}
                  value={step.by ?? 1}
                  onChange={(v) => update(i, { ...step, by: Number(v) || 1 })}
                  w={140}
                />
              ) : null}
              {step.action === 'add_queue' ? (
                <Select
                  label={t('queues.fields.overflowQueue')}
                  data={queues.map((q) => ({ value: q.id, label: q.name }))}
                  value={step.queueId || null}
                  onChange={(v) => update(i, { ...step, queueId: v ?? '' })}
                  searchable
                  w={220}
                  error={!step.queueId}
                />
              ) : null}
              <Group gap={2} ms="auto" mb={4} wrap="nowrap">
                <ActionIcon variant="subtle" aria-label={t('queues.moveUp', { n: i + 1 })} disabled={i === 0} onClick={() => move(i, -1)}>
                  <IconArrowUp size={16} aria-hidden />
                </ActionIcon>
                <ActionIcon variant="subtle" aria-label={t('queues.moveDown', { n: i + 1 })} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                  <IconArrowDown size={16} aria-hidden />
                </ActionIcon>
                <ActionIcon variant="subtle" color="red" aria-label={t('queues.removeStep', { n: i + 1 })} onClick={() => set('overflow', steps.filter((_, j) => j !== i))}>
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      <Button
        variant="light"
        leftSection={<IconPlus size={14} aria-hidden />}
        style={{ alignSelf: 'flex-start' }}
        onClick={() => {
          const last = steps[steps.length - 1]?.afterSeconds ?? 0;
          set('overflow', [...steps, { afterSeconds: last + 60, action: 'relax_skills', by: 1, key: newKey() }]);
        }}
      >
        {t('queues.addStep')}
      </Button>
      <Input.Description>{t('queues.overflowOrderHint')}</Input.Description>
    </Stack>
  );
}
