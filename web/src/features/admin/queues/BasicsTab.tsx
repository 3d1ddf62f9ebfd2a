import { MultiSelect, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDepartments } from '../departments/api';
import { useServiceLanguageOptions } from '../users/languages';
import type { SectionProps } from './form';
import { queueChannels } from './types';

function useChannelOptions() {
  const { t } = useTranslation();
  return queueChannels.map((c) => ({ value: c, label: t(`channels.${c}`) }));
}

export function BasicsTab({ draft, set }: SectionProps) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const languageOptions = useServiceLanguageOptions();
  const channelOptions = useChannelOptions();
  return (
    <Stack gap="sm">
      <TextInput dir="auto" label={t('queues.fields.name')} required value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} data-autofocus />
      <Select
        label={t('queues.fields.department')}
        placeholder={t('queues.noDepartment')}
        data={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
        value={draft.departmentId}
        onChange={(v) => set('departmentId', v)}
        clearable
        searchable
      />
      <MultiSelect
        label={t('queues.fields.channels')}
        description={t('queues.channelsHint')}
        data={channelOptions}
        value={draft.channels}
        onChange={(v) => set('channels', v)}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('queues.fields.language')}
          description={t('queues.languageHint')}
          placeholder={t('queues.anyLanguage')}
          data={languageOptions}
          value={draft.language}
          onChange={(v) => set('language', v)}
          clearable
        />
        <NumberInput
          label={t('queues.fields.priority')}
          description={t('queues.priorityHint')}
          value={draft.priority}
          onChange={(v) => set('priority', typeof v === 'number' ? v : Number(v) || 0)}
          min={-1000}
          max={1000}
          allowDecimal={false}
        />
      </SimpleGrid>
    </Stack>
  );
}
