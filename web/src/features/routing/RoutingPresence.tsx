import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtime, useRealtimeStatus, type RealtimeEvent } from '../../lib/realtime';
import { useCurrentSession } from '../auth/session';
import { beep, notifyIfHidden } from './alerts';
import { addOffer, removeOffer, routingKeys } from './api';
import { noteServerTime, serverNow } from './clock';
import { useRoutingLabels } from './labels';
import { AgentStateControl } from './AgentStateControl';
import { OfferDialog } from './OfferDialog';
import { routingEvents, type Offer, type RevokeReason, type RoutingMe } from './types';

/** Roles that take contacts from the router (admins configure; they do not answer). */
export const takesContacts = (role: string) => role === 'agent' || role === 'supervisor';

/** Keeps the agent's routing state and offers live from the `user:<me>` topic; shows offers. */
function usePresenceFeed() {
  const { t } = useTranslation();
  const labels = useRoutingLabels();
  const qc = useQueryClient();
  const { user } = useCurrentSession();
  const closers = useRef(new Map<string, () => void>());

  useRealtime([`user:${user.id}`], (event: RealtimeEvent) => {
    noteServerTime(event.at);
    switch (event.type) {
      case routingEvents.state: {
        // The contract sends the whole `me`; state changes made by the router itself (after-contact work,
        // away after missed offers) may carry only { state, reason, since }: merge, then re-read the rest.
        const payload = event.payload as Partial<RoutingMe>;
        const complete = !!(payload.capacity && payload.load && payload.offers);
        qc.setQueryData<RoutingMe>(routingKeys.me, (old) => (complete ? (payload as RoutingMe) : old ? { ...old, ...payload } : old));
        if (!complete) void qc.invalidateQueries({ queryKey: routingKeys.me });
        break;
      }
      case routingEvents.offer: {
        const offer = event.payload as Offer;
        if (Date.parse(offer.expiresAt) <= serverNow()) return; // already over (e.g. replayed after a reconnect)
        addOffer(qc, offer);
        beep();
        const close = notifyIfHidden(
          t('routing.offer.title'),
          `${offer.customerName ?? t('routing.offer.unknownCustomer')} · ${labels.channel(offer.channel)} · ${offer.queueName}`,
          `offer-${offer.id}`,
        );
        if (close) closers.current.set(offer.id, close);
        break;
      }
      case routingEvents.offerRevoked: {
        const { offerId, reason } = event.payload as { offerId: string; reason: RevokeReason };
        const had = qc.getQueryData<RoutingMe>(routingKeys.me)?.offers.some((o) => o.id === offerId);
        removeOffer(qc, offerId);
        closers.current.get(offerId)?.();
        closers.current.delete(offerId);
        if (had) notifications.show({ color: 'yellow', message: t(`routing.revoked.${reason}`, { defaultValue: t('routing.revoked.other') }) });
        // A missed offer changes the missed-in-a-row count the header warns with.
        if (reason === 'timeout') void qc.invalidateQueries({ queryKey: routingKeys.me });
        break;
      }
      case routingEvents.assigned:
        // Load changed; the state event usually follows, a refetch covers a server that does not send one.
        void qc.invalidateQueries({ queryKey: routingKeys.me });
        break;
    }
  });

  // After a reconnect the replay brings missed events, but a fresh read is the safe baseline.
  const { connections } = useRealtimeStatus();
  useEffect(() => {
    if (connections > 1) void qc.invalidateQueries({ queryKey: routingKeys.me });
  }, [connections, qc]);
}

/** Header presence control plus the offer dialog, for people who take contacts. */
export function RoutingPresence() {
  usePresenceFeed();
  return (
    <>
      <AgentStateControl />
      <OfferDialog />
    </>
  );
}
