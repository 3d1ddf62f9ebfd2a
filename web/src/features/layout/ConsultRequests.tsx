import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useRealtime, type RealtimeEvent } from '../../lib/realtime';
import { beep, notifyIfHidden } from '../routing/alerts';

type Asked = { interactionId: string; consultId: string; byName: string; customerName: string | null; note: string };

/**
 * Warm transfer, for the colleague who is asked: a notification that stays until answered, with the contact
 * to read first and "Take over" / "Decline". Lives in the header, so it reaches the colleague on any page.
 */
export function ConsultRequests({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();

  const answer = async (a: Asked, accept: boolean) => {
    try {
      await api(`/interactions/${a.interactionId}/consult/${a.consultId}/answer`, { method: 'POST', body: { accept } });
      notifications.hide(a.consultId);
      if (accept) notifications.show({ color: 'green', message: t('desktop.consult.acceptedByMe', { name: a.byName }) });
    } catch (e) {
      notifications.update({ id: a.consultId, color: 'red', message: errorMessage(e), autoClose: 6000 });
    }
  };

  useRealtime([`user:${userId}`], (event: RealtimeEvent) => {
    if (event.type !== 'consult.asked') return;
    const a = event.payload as Asked;
    const title = t('desktop.consult.request', { name: a.byName });
    notifications.show({
      id: a.consultId,
      autoClose: false,
      color: 'blue',
      title,
      message: (
        <Stack gap={6} data-testid="consult-request">
          {a.customerName ? <Text size="sm" fw={600}><bdi>{a.customerName}</bdi></Text> : null}
          <Text size="sm"><bdi>{a.note}</bdi></Text>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => navigate(`/desktop/${a.interactionId}`)} data-testid="consult-open">{t('desktop.consult.open')}</Button>
            <Button size="xs" onClick={() => void answer(a, true)} data-testid="consult-accept">{t('desktop.consult.takeOver')}</Button>
            <Button size="xs" variant="subtle" color="red" onClick={() => void answer(a, false)} data-testid="consult-decline">{t('desktop.consult.decline')}</Button>
          </Group>
        </Stack>
      ),
    });
    beep();
    notifyIfHidden(title, a.note, `consult-${a.consultId}`);
  });
  return null;
}
