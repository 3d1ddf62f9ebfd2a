import { Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQueues, type Filters } from './api';

const channels = ['voice', 'email', 'chat', 'sms', 'whatsapp', 'telegram', 'messenger', 'form', 'walk_in'];

export function FilterBar({ filters, interval, set, withInterval = true }: {
  filters: Filters; interval: string; set: (p: Record<string, string | null>) => void; withInterval?: boolean;
}) {
  const { t } = useTranslation();
  const queues = useQueues();
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput type="date" label={t('reports.from')} value={filters.from} onChange={(e) => set({ from: e.currentTarget.value })} w={160} data-testid="filter-from" />
      <TextInput type="date" label={t('reports.to')} value={filters.to} onChange={(e) => set({ to: e.currentTarget.value })} w={160} data-testid="filter-to" />
      {withInterval ? (
        <Select label={t('reports.interval')} value={interval} onChange={(v) => set({ interval: v })} w={140} allowDeselect={false}
          data={['15m', 'hour', 'day', 'week', 'month'].map((i) => ({ value: i, label: t(`reports.intervals.${i}`) }))} />
      ) : null}
      <Select label={t('reports.queue')} value={filters.queueId ?? null} onChange={(v) => set({ queueId: v })} w={200} clearable placeholder={t('reports.all')}
        data={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))} />
      <Select label={t('reports.channel')} value={filters.channel ?? null} onChange={(v) => set({ channel: v })} w={160} clearable placeholder={t('reports.all')}
        data={channels.map((c) => ({ value: c, label: t(`channels.${c}`, { defaultValue: c }) }))} />
    </Group>
  );
}
