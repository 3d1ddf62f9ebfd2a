import { ActionIcon, Badge, Button, Fieldset, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueDraft } from './draft';
import type { SectionProps } from './form';
import { closedActions } from './types';
import { WeeklyHoursTable } from './WeeklyHoursTable';

export function HoursTab({ draft, set }: SectionProps) {
  const { t } = useTranslation();
  const [holiday, setHoliday] = useState('');
  const timezones = useMemo(() => {
    try {
      return Intl.supportedValuesOf('timeZone');
    } catch {
      return [draft.timezone];
    }
  }, [draft.timezone]);
  const addHoliday = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday) || draft.holidays.includes(holiday)) return;
    set('holidays', [...draft.holidays, holiday].sort());
    setHoliday('');
  };

  return (
    <Stack gap="md">
      <Switch
        label={t('queues.hoursEnabled')}
        description={t('queues.hoursEnabledHint')}
        checked={draft.hoursEnabled}
        onChange={(e) => set('hoursEnabled', e.currentTarget.checked)}
      />
      {draft.hoursEnabled ? (
        <>
          <Select
            label={t('queues.fields.timezone')}
            data={timezones}
            value={draft.timezone}
            onChange={(v) => v && set('timezone', v)}
            searchable
            allowDeselect={false}
            maw={360}
          />
          <WeeklyHoursTable draft={draft} set={set} />
          <Fieldset legend={t('queues.fields.holidays')}>
            <Group gap="xs" align="flex-end">
              <TextInput type="date" label={t('queues.holidayDate')} value={holiday} onChange={(e) => setHoliday(e.currentTarget.value)} dir="ltr" />
              <Button variant="light" onClick={addHoliday} disabled={!holiday} leftSection={<IconPlus size={14} aria-hidden />}>
                {t('queues.addHoliday')}
              </Button>
            </Group>
            <Group gap={6} mt="sm">
              {draft.holidays.length === 0 ? <Text size="sm" c="dimmed">{t('queues.noHolidays')}</Text> : null}
              {draft.holidays.map((h) => (
                <Badge
                  key={h}
                  variant="light"
                  size="lg"
                  styles={{ label: { overflow: 'visible' } }}
                  rightSection={
                    <ActionIcon size="xs" variant="transparent" aria-label={t('queues.removeHoliday', { date: h })} onClick={() => set('holidays', draft.holidays.filter((x) => x !== h))}>
                      <IconX size={12} aria-hidden />
                    </ActionIcon>
                  }
                >
                  <span dir="ltr">{h}</span>
                </Badge>
              ))}
            </Group>
          </Fieldset>
          <Select
            label={t('queues.fields.closedAction')}
            description={t('queues.closedActionHint')}
            placeholder={t('queues.defaultAction', { action: t('queues.actions.leave_message') })}
            data={closedActions.map((a) => ({ value: a, label: t(`queues.actions.${a}`) }))}
            value={draft.closedAction}
            onChange={(v) => set('closedAction', v as QueueDraft['closedAction'])}
            clearable
            maw={360}
          />
        </>
      ) : (
        <Text size="sm" c="dimmed">{t('queues.alwaysOpen')}</Text>
      )}
    </Stack>
  );
}
