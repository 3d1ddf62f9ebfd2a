import { Fieldset, NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QueueDraft } from './draft';
import { useNumber, type SectionProps } from './form';
import { RequiredSkillsField } from './RequiredSkillsField';
import { defaultAcceptTimeouts, strategies } from './types';

export function RoutingTab({ draft, set }: SectionProps) {
  const { t } = useTranslation();
  const number = useNumber(set);
  return (
    <Stack gap="md">
      <Select
        label={t('queues.fields.strategy')}
        data={strategies.map((s) => ({ value: s, label: t(`queues.strategies.${s}`) }))}
        value={draft.strategy}
        onChange={(v) => v && set('strategy', v as QueueDraft['strategy'])}
        allowDeselect={false}
        description={t(`queues.strategyHints.${draft.strategy}`)}
      />
      <RequiredSkillsField draft={draft} set={set} />
      <Fieldset legend={t('queues.fields.acceptTimeouts')}>
        {draft.channels.length === 0 ? <Text size="sm" c="dimmed">{t('queues.noChannels')}</Text> : null}
        <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }}>
          {draft.channels.map((c) => (
            <NumberInput
              key={c}
              label={t(`channels.${c}`)}
              placeholder={defaultAcceptTimeouts[c] ? t('queues.defaultValue', { value: defaultAcceptTimeouts[c] }) : undefined}
              suffix={` ${t('queues.secondsShort')}`}
              min={2}
              max={600}
              allowDecimal={false}
              value={draft.acceptTimeouts[c] ?? ''}
              onChange={(v) => set('acceptTimeouts', { ...draft.acceptTimeouts, [c]: v === '' ? '' : Number(v) })}
            />
          ))}
        </SimpleGrid>
      </Fieldset>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label={t('queues.fields.maxMissedOffers')}
          description={t('queues.maxMissedHint')}
          placeholder={t('queues.defaultValue', { value: 3 })}
          min={1}
          max={20}
          allowDecimal={false}
          value={draft.maxMissedOffers}
          onChange={number('maxMissedOffers')}
        />
        <NumberInput
          label={t('queues.fields.agingPerMinute')}
          description={t('queues.agingHint')}
          placeholder={t('queues.defaultValue', { value: 0 })}
          min={0}
          max={100}
          decimalScale={2}
          value={draft.agingPerMinute}
          onChange={number('agingPerMinute')}
        />
        <NumberInput
          label={t('queues.fields.afterContactWorkSeconds')}
          description={t('queues.acwHint')}
          placeholder={t('queues.defaultValue', { value: 30 })}
          min={0}
          max={3600}
          suffix={` ${t('queues.secondsShort')}`}
          allowDecimal={false}
          value={draft.afterContactWorkSeconds}
          onChange={number('afterContactWorkSeconds')}
        />
        <NumberInput
          label={t('queues.fields.preferredAgentSeconds')}
          description={t('queues.preferredAgentHint')}
          placeholder={t('queues.defaultValue', { value: 30 })}
          min={0}
          max={3600}
          suffix={` ${t('queues.secondsShort')}`}
          allowDecimal={false}
          value={draft.preferredAgentSeconds}
          onChange={number('preferredAgentSeconds')}
        />
      </SimpleGrid>
    </Stack>
  );
}
