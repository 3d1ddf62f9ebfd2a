import { Alert, Button, Group, Modal, Radio, SegmentedControl, Select, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useCurrentSession } from '../auth/session';
import { useColleagues } from '../desktop/api';
import { agentCalls } from './agentCalls';
import { useVoiceTranslation } from './i18n';

/** Transfers a call to a colleague or a queue: blind (at once) or warm (the agent talks to them first). */
export function TransferCallModal({ interactionId, opened, onClose }: { interactionId: string; opened: boolean; onClose: () => void }) {
  const { t } = useVoiceTranslation();
  const errorMessage = useErrorMessage();
  const { user } = useCurrentSession();
  const colleagues = useColleagues();
  const queues = useQuery({ queryKey: ['voice', 'queues'], enabled: opened, queryFn: () => api<{ items: { id: string; name: string }[] }>('/queues').then((r) => r.items) });
  const [kind, setKind] = useState<'agent' | 'queue'>('agent');
  const [target, setTarget] = useState<string | null>(null);
  const [mode, setMode] = useState<'blind' | 'warm'>('blind');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const options = kind === 'agent'
    ? (colleagues.data ?? []).filter((c) => c.id !== user.id && c.role !== 'admin').map((c) => ({ value: c.id, label: c.name }))
    : (queues.data ?? []).map((q) => ({ value: q.id, label: q.name }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      await agentCalls.transfer(interactionId, kind === 'agent' ? { agentId: target } : { queueId: target }, mode, note.trim() || undefined);
      notifications.show({ color: 'green', message: t('voice.softphone.transferred') });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('voice.softphone.transferTitle')} data-testid="call-transfer-modal">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <SegmentedControl
            value={kind}
            onChange={(v) => { setKind(v as 'agent' | 'queue'); setTarget(null); }}
            data={[{ value: 'agent', label: t('voice.softphone.toAgent') }, { value: 'queue', label: t('voice.softphone.toQueue') }]}
          />
          <Select label={kind === 'agent' ? t('voice.softphone.agent') : t('voice.softphone.queue')} data={options} value={target} onChange={setTarget} searchable required data-testid="call-transfer-target" />
          <Radio.Group label={t('voice.softphone.mode')} value={mode} onChange={(v) => setMode(v as 'blind' | 'warm')}>
            <Stack gap={6} mt={6}>
              <Radio value="blind" label={t('voice.softphone.blind')} />
              <Radio value="warm" label={t('voice.softphone.warm')} />
            </Stack>
          </Radio.Group>
          <Textarea dir="auto" label={t('voice.softphone.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
          {error ? <Alert color="red" role="alert">{error}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} disabled={!target} data-testid="call-transfer-submit">{t('voice.softphone.transfer')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
