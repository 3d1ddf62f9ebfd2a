import { Fieldset, NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QueueDraft } from './draft';
import { useNumber, type SectionProps } from './form';
import { expireActions } from './types';

export function ServiceLevelTab({ draft, set }: SectionProps) {
  const { t } = useTranslation();
  const number = useNumber(set);
  return (
    <Stack gap="md">
      <Fieldset legend={t('queues.fields.serviceLevel')}>
        <Text size="sm" c="dimmed" mb="xs">{t('queues.serviceLevelHint')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput label={t('queues.fields.slPercent')} placeholder="80" min={1} max={100} suffix=" %" allowDecimal={false} value={draft.slPercent} onChange={number('slPercent')} />
          <NumberInput label={t('queues.fields.slSeconds')} placeholder="20" min={1} max={3600} suffix={` ${t('queues.secondsShort')}`} allowDecimal={false} value={draft.slSeconds} onChange={number('slSeconds')} />
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t('queues.waitLimit')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('queues.fields.maxWaitSeconds')}
            description={t('queues.maxWaitHint')}
            min={1}
            max={86_400}
            suffix={` ${t('queues.secondsShort')}`}
            allowDecimal={false}
            value={draft.maxWaitSeconds}
            onChange={number('maxWaitSeconds')}
          />
          <Select
            label={t('queues.fields.expireAction')}
            placeholder={t('queues.defaultAction', { action: t('queues.actions.voicemail') })}
            data={expireActions.map((a) => ({ value: a, label: t(`queues.actions.${a}`) }))}
            value={draft.expireAction}
            onChange={(v) => set('expireAction', v as QueueDraft['expireAction'])}
            clearable
          />
        </SimpleGrid>
      </Fieldset>
    </Stack>
  );
}
