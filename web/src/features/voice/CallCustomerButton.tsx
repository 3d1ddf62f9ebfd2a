import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhoneOutgoing } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useErrorMessage } from '../../lib/errors';
import { useCurrentSession } from '../auth/session';
import { voiceApi } from './api';
import { useVoiceTranslation } from './i18n';

/**
 * Click-to-call: rings a customer who is on the website now (the widget opens its call panel); the new
 * call opens in the agent's desktop, where the softphone connects. Offered to people who take contacts.
 */
export function CallCustomerButton({ customerId }: { customerId: string }) {
  const { t } = useVoiceTranslation();
  const { user } = useCurrentSession();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  if (user.role !== 'agent' && user.role !== 'supervisor') return null;
  const call = async () => {
    setBusy(true);
    try {
      const { interactionId } = await voiceApi.clickToCall(customerId);
      navigate(`/interactions/${interactionId}`);
    } catch (e) {
      notifications.show({ color: 'red', title: t('voice.clickToCall.failed'), message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="default" leftSection={<IconPhoneOutgoing size={16} aria-hidden />} onClick={() => void call()} loading={busy} title={t('voice.clickToCall.hint')} data-testid="click-to-call">
      {t('voice.clickToCall.action')}
    </Button>
  );
}
