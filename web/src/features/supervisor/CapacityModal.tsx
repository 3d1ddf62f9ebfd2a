import { Alert, Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { useSetCapacity } from '../routing/api';
import type { AgentRow, ChannelCounts } from '../routing/types';

const channels = ['voice', 'chat', 'email', 'sms', 'whatsapp', 'telegram', 'messenger'];

/** Admins set how many contacts of each channel an agent handles at once (0 = not on this channel). */
export function CapacityModal({ agent, onClose }: { agent: AgentRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={agent !== null} onClose={onClose} title={agent ? t('supervisor.capacityTitle', { name: agent.name }) : ''}>
      {agent ? <CapacityForm agent={agent} onClose={onClose} /> : null}
    </Modal>
  );
}

function CapacityForm({ agent, onClose }: { agent: AgentRow; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const save = useSetCapacity();
  const [capacity, setCapacity] = useState<ChannelCounts>({ ...(agent.capacity ?? {}) });
  const all = [...new Set([...channels, ...Object.keys(capacity)])];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">{t('supervisor.capacityHint')}</Text>
      <SimpleGrid cols={2}>
        {all.map((c) => (
          <NumberInput
            key={c}
            label={t(`channels.${c}`, { defaultValue: c })}
            min={0}
            max={50}
            allowDecimal={false}
            value={capacity[c] ?? 0}
            onChange={(v) => setCapacity({ ...capacity, [c]: Number(v) || 0 })}
          />
        ))}
      </SimpleGrid>
      {save.error ? <Alert color="red" role="alert">{errorMessage(save.error)}</Alert> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        <Button loading={save.isPending} onClick={() => save.mutate({ userId: agent.userId, capacity }, { onSuccess: onClose })}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}
