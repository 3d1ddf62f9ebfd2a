import { ActionIcon, Button, Checkbox, Fieldset, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { languageInfo } from '../../../lib/i18n/languages';
import type { SectionProps } from './form';

/** Day numbers in the order people of this language read a week (0 = Sunday, as the server counts). */
function useWeekDays() {
  const { t, i18n } = useTranslation();
  const first = languageInfo(i18n.language).code === 'ar' ? 6 : 1;
  return Array.from({ length: 7 }, (_, i) => (first + i) % 7).map((day) => ({ day, name: t(`queues.days.${day}`) }));
}

/** Opening intervals per day of the week: a day without intervals is closed all day. */
export function WeeklyHoursTable({ draft, set }: SectionProps) {
  const { t } = useTranslation();
  const days = useWeekDays();
  const weekly = draft.weekly;
  const setWeekly = (next: typeof weekly) => set('weekly', next);
  return (
    <Fieldset legend={t('queues.fields.weekly')}>
      <Table verticalSpacing={6} aria-label={t('queues.fields.weekly')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('queues.day')}</Table.Th>
            <Table.Th>{t('queues.openOnDay')}</Table.Th>
            <Table.Th>{t('queues.intervals')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {days.map(({ day, name }) => {
            const intervals = weekly.map((w, index) => ({ w, index })).filter(({ w }) => w.day === day);
            return (
              <Table.Tr key={day}>
                <Table.Td fw={500}>{name}</Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={t('queues.openOn', { day: name })}
                    checked={intervals.length > 0}
                    onChange={(e) =>
                      setWeekly(
                        e.currentTarget.checked
                          ? [...weekly, { day, open: '09:00', close: '18:00' }]
                          : weekly.filter((w) => w.day !== day),
                      )
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    {intervals.map(({ w, index }) => (
                      <Group key={index} gap={6} wrap="nowrap">
                        <TextInput
                          type="time"
                          size="xs"
                          aria-label={t('queues.opensAt', { day: name })}
                          value={w.open}
                          onChange={(e) => setWeekly(weekly.map((x, j) => (j === index ? { ...x, open: e.currentTarget.value } : x)))}
                          dir="ltr"
                          error={w.open >= w.close}
                        />
                        <Text size="xs" aria-hidden>–</Text>
                        <TextInput
                          type="time"
                          size="xs"
                          aria-label={t('queues.closesAt', { day: name })}
                          value={w.close}
                          onChange={(e) => setWeekly(weekly.map((x, j) => (j === index ? { ...x, close: e.currentTarget.value } : x)))}
                          dir="ltr"
                          error={w.open >= w.close}
                        />
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('queues.removeInterval', { day: name })}
                          onClick={() => setWeekly(weekly.filter((_, j) => j !== index))}
                        >
                          <IconX size={14} aria-hidden />
                        </ActionIcon>
                      </Group>
                    ))}
                    {intervals.length > 0 ? (
                      <Button
                        variant="subtle"
                        size="compact-xs"
                        leftSection={<IconPlus size={12} aria-hidden />}
                        onClick={() => setWeekly([...weekly, { day, open: '13:00', close: '18:00' }])}
                        style={{ alignSelf: 'flex-start' }}
                        aria-label={t('queues.addIntervalOn', { day: name })}
                      >
                        {t('queues.addInterval')}
                      </Button>
                    ) : (
                      <Text size="xs" c="dimmed">{t('queues.closedAllDay')}</Text>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Fieldset>
  );
}
