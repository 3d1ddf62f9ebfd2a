import { Alert, Badge, Button, Group, Paper, Popover, Text, ThemeIcon } from '@mantine/core';
import { IconDialpad, IconMicrophone, IconMicrophoneOff, IconPhone, IconPhoneOff, IconPlayerPause, IconPlayerPlay, IconTransfer } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useCurrentSession } from '../auth/session';
import { agentCalls, useAgentCall } from './agentCalls';
import { CallTimer } from './CallTimer';
import { useVoiceTranslation } from './i18n';
import { Keypad } from './Keypad';
import { RecordingPlayer } from './RecordingPlayer';
import { TransferCallModal } from './TransferCallModal';

interface CallInteraction {
  id: string;
  status: string;
  direction: string;
  assigneeId: string | null;
}

/**
 * The agent's softphone for a voice contact in the desktop: audio is connected as soon as the accepted
 * call opens; mute, hold (the caller hears hold audio), keypad, transfer, hang-up and the call timer.
 * A finished call shows its recording.
 */
export function Softphone({ interaction }: { interaction: CallInteraction }) {
  const { t } = useVoiceTranslation();
  const { user } = useCurrentSession();
  const qc = useQueryClient();
  const call = useAgentCall(interaction.id);
  const [transfer, setTransfer] = useState(false);
  const mine = interaction.assigneeId === user.id && interaction.status === 'active';
  const live = call && (call.status === 'connecting' || call.status === 'connected' || call.status === 'held');
  const waiting = call?.status === 'waiting';

  // The accepted call connects by itself, once per contact (a failure waits for the button).
  const tried = useRef(false);
  useEffect(() => {
    if (mine && !call && !tried.current) {
      tried.current = true;
      if (interaction.direction === 'outbound') agentCalls.waitForCustomer(interaction.id, user.id);
      else void agentCalls.answer(interaction.id, user.id);
    }
  }, [mine, call, interaction.id, interaction.direction, user.id]);

  // When the call ends the contact moves on (wrap-up): read it again.
  const status = call?.status;
  useEffect(() => {
    if (status === 'ended') void qc.invalidateQueries({ queryKey: ['desktop'] });
  }, [status, qc]);

  const finished = interaction.status === 'closed' || interaction.status === 'wrap_up' || interaction.status === 'abandoned';
  const badge = !call ? null : call.status === 'held' ? ['orange', t('voice.softphone.onHold')] : call.status === 'connected' ? ['green', t('voice.phases.connected')]
    : call.status === 'connecting' ? ['blue', t('voice.softphone.connecting')] : waiting ? ['blue', t('voice.softphone.waiting')] : ['gray', t('voice.softphone.ended')];

  return (
    <Paper withBorder radius="md" p="sm" data-testid="softphone" data-call-status={call?.status ?? 'none'} data-muted={call?.muted ? 'true' : 'false'}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <ThemeIcon variant="light" radius="xl" color={call?.status === 'held' ? 'orange' : 'green'} aria-hidden><IconPhone size={18} /></ThemeIcon>
          <Text fw={600}>{t('voice.softphone.title')}</Text>
          {badge ? <Badge color={badge[0]} variant="light" data-testid="softphone-state">{badge[1]}</Badge> : <Badge color="gray" variant="light">{finished ? t('voice.softphone.ended') : t('voice.softphone.notConnected')}</Badge>}
          {call?.muted && live ? <Badge color="red" variant="light">{t('voice.softphone.muted')}</Badge> : null}
          {live && call.connectedAt ? <CallTimer since={call.connectedAt} label={t('voice.callTime')} /> : null}
        </Group>
        {live ? (
          <Group gap="xs" role="toolbar" aria-label={t('voice.softphone.title')}>
            <Button size="xs" variant={call.muted ? 'filled' : 'default'} color={call.muted ? 'red' : undefined} leftSection={call.muted ? <IconMicrophoneOff size={14} aria-hidden /> : <IconMicrophone size={14} aria-hidden />}
              onClick={() => void agentCalls.mute(interaction.id, !call.muted)} aria-pressed={call.muted} data-testid="softphone-mute" disabled={call.status === 'connecting'}>
              {call.muted ? t('voice.softphone.unmute') : t('voice.softphone.mute')}
            </Button>
            <Button size="xs" variant={call.status === 'held' ? 'filled' : 'default'} color={call.status === 'held' ? 'orange' : undefined}
              leftSection={call.status === 'held' ? <IconPlayerPlay size={14} aria-hidden /> : <IconPlayerPause size={14} aria-hidden />}
              onClick={() => void agentCalls.hold(interaction.id, call.status !== 'held')} aria-pressed={call.status === 'held'} data-testid="softphone-hold" disabled={call.status === 'connecting'}>
              {call.status === 'held' ? t('voice.softphone.resume') : t('voice.softphone.hold')}
            </Button>
            <Popover position="bottom" withArrow trapFocus>
              <Popover.Target>
                <Button size="xs" variant="default" leftSection={<IconDialpad size={14} aria-hidden />} data-testid="softphone-keypad" disabled={call.status === 'connecting'}>{t('voice.softphone.keypad')}</Button>
              </Popover.Target>
              <Popover.Dropdown><Keypad size="sm" onPress={(k) => void agentCalls.dtmf(interaction.id, k)} /></Popover.Dropdown>
            </Popover>
            {call.role === 'agent' ? (
              <Button size="xs" variant="default" leftSection={<IconTransfer size={14} aria-hidden />} onClick={() => setTransfer(true)} data-testid="softphone-transfer" disabled={call.status === 'connecting'}>
                {t('voice.softphone.transfer')}
              </Button>
            ) : null}
            <Button size="xs" color="red" leftSection={<IconPhoneOff size={14} aria-hidden />} onClick={() => void agentCalls.hangUp(interaction.id)} data-testid="softphone-hangup">
              {t('voice.softphone.hangUp')}
            </Button>
          </Group>
        ) : waiting ? (
          <Button size="xs" color="red" leftSection={<IconPhoneOff size={14} aria-hidden />} onClick={() => void agentCalls.hangUp(interaction.id)} data-testid="softphone-hangup">
            {t('voice.softphone.hangUp')}
          </Button>
        ) : mine ? (
          <Button size="xs" color="green" leftSection={<IconPhone size={14} aria-hidden />} onClick={() => { agentCalls.forget(interaction.id); void agentCalls.answer(interaction.id, user.id); }} data-testid="softphone-connect">
            {t('voice.softphone.connect')}
          </Button>
        ) : null}
      </Group>
      {call?.failure ? (
        <Alert color="red" mt="xs" role="alert" data-testid="softphone-failure">
          {t(`voice.failures.${call.failure}`, { defaultValue: t(`errors.${call.failure}`, { defaultValue: t('voice.failures.network') }) })}
        </Alert>
      ) : null}
      {finished ? <RecordingPlayer interactionId={interaction.id} mt="xs" /> : null}
      {live ? <TransferCallModal interactionId={interaction.id} opened={transfer} onClose={() => setTransfer(false)} /> : null}
    </Paper>
  );
}
