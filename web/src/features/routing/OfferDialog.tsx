import { Alert, Button, Group, Kbd, Modal, Progress, Stack, Text, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { channelIcon } from '../customers/icons';
import { removeOffer, useAcceptOffer, useRejectOffer, useRoutingMe } from './api';
import { formatDuration, useNow } from './clock';
import { useRoutingLabels } from './labels';
import type { Offer } from './types';
import { useRinging } from '../voice/ring';

/** Where an accepted contact opens: its tab in the agent desktop (`/interactions/:id`). */
export const interactionPageExists = true;

async function targetOf(interactionId: string): Promise<string> {
  if (interactionPageExists) return `/interactions/${interactionId}`;
  const { interaction } = await api<{ interaction: { customerId: string | null } }>(`/interactions/${interactionId}`);
  return interaction.customerId ? `/customers/${interaction.customerId}` : '/';
}

const expiresIn = (offer: Offer, now: number) => (Date.parse(offer.expiresAt) - now) / 1000;

/**
 * The offer in front of the agent: queue, channel, customer, wait and the time left to answer.
 * Enter accepts and Esc rejects; offers that expire or are revoked disappear.
 */
export function OfferDialog() {
  const { t } = useTranslation();
  const labels = useRoutingLabels();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useRoutingMe();
  const accept = useAcceptOffer();
  const reject = useRejectOffer();
  // Ticks only while there is something to count down.
  const now = useNow(me.data?.offers.length ? 250 : null);
  const [error, setError] = useState<string | null>(null);

  const live = (me.data?.offers ?? []).filter((o) => expiresIn(o, now) > 0);
  const offer = live[0] ?? null;
  const offerId = offer?.id;
  useRinging(offer?.channel === 'voice' ? offer.id : null);

  // Drop offers whose time ran out (the server revokes them too; this covers a missed event).
  const expiredIds = (me.data?.offers ?? []).filter((o) => expiresIn(o, now) <= -2).map((o) => o.id).join(',');
  useEffect(() => {
    if (expiredIds) for (const id of expiredIds.split(',')) removeOffer(qc, id);
  }, [expiredIds, qc]);
  useEffect(() => setError(null), [offerId]);

  const busy = accept.isPending || reject.isPending;

  const doAccept = () => {
    if (!offer || busy) return;
    accept.mutate(offer.id, {
      onSuccess: async ({ interactionId }) => {
        try {
          navigate(await targetOf(interactionId));
        } catch {
          navigate('/');
        }
        notifications.show({ color: 'green', message: t('routing.offer.accepted', { name: offer.customerName ?? t('routing.offer.unknownCustomer') }) });
      },
      onError: (e) => {
        const message = e instanceof ApiError && e.code === 'offer_expired' ? t('errors.offer_expired') : errorMessage(e);
        notifications.show({ color: 'red', title: t('routing.offer.acceptFailed'), message });
      },
    });
  };

  const doReject = () => {
    if (!offer || busy) return;
    reject.mutate(offer.id, {
      onError: (e) => setError(errorMessage(e)),
    });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.defaultPrevented) return;
    // Enter on the Reject button rejects (the button's own click); anywhere else in the dialog it accepts.
    if ((e.target as HTMLElement).closest('[data-offer-reject]')) return;
    e.preventDefault();
    doAccept();
  };

  if (!offer) return null;
  const Icon = channelIcon(offer.channel);
  const left = Math.max(0, expiresIn(offer, now));
  const total = Math.max(1, (Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt)) / 1000);
  const waited = offer.waitSeconds + Math.max(0, (now - Date.parse(offer.offeredAt)) / 1000);
  const customer = offer.customerName ?? t('routing.offer.unknownCustomer');

  return (
    <Modal
      opened
      onClose={doReject}
      closeOnClickOutside={false}
      withCloseButton={false}
      centered
      title={t('routing.offer.title')}
      size="md"
      data-testid="offer-dialog"
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      <Stack gap="md" onKeyDown={onKeyDown} data-testid="offer-body">
        <Group wrap="nowrap" align="flex-start">
          <ThemeIcon size={48} radius="xl" variant="light" aria-hidden>
            <Icon size={28} />
          </ThemeIcon>
          <div style={{ minWidth: 0 }}>
            <Text size="xl" fw={700} data-testid="offer-customer"><bdi>{customer}</bdi></Text>
            <Text size="sm">
              {labels.channel(offer.channel)} · <bdi>{offer.queueName}</bdi>
            </Text>
            <Text size="sm" c="dimmed">
              {t('routing.offer.waiting')} <span dir="ltr">{formatDuration(waited)}</span>
            </Text>
          </div>
        </Group>
        <div>
          <Group justify="space-between" mb={4}>
            <Text size="sm" id="offer-countdown-label">{t('routing.offer.expiresIn')}</Text>
            <Text size="sm" fw={700}>{t('routing.offer.secondsLeft', { seconds: Math.ceil(left) })}</Text>
          </Group>
          <Progress.Root transitionDuration={250}>
            {/* The section is the element with role=progressbar: it carries the label. */}
            <Progress.Section value={(left / total) * 100} color={left < 5 ? 'red' : 'blue'} aria-labelledby="offer-countdown-label" />
          </Progress.Root>
        </div>
        {live.length > 1 ? (
          <Text size="sm" c="dimmed">{t('routing.offer.more', { count: live.length - 1 })}</Text>
        ) : null}
        {error ? <Alert color="red" role="alert">{error}</Alert> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" color="red" onClick={doReject} disabled={accept.isPending} loading={reject.isPending} data-offer-reject aria-keyshortcuts="Escape">
            {t('routing.offer.reject')}
            <Kbd ms={8} size="xs" visibleFrom="sm" aria-hidden>Esc</Kbd>
          </Button>
          <Button color="green" onClick={doAccept} disabled={reject.isPending} loading={accept.isPending} data-autofocus aria-keyshortcuts="Enter">
            {t('routing.offer.accept')}
            <Kbd ms={8} size="xs" visibleFrom="sm" aria-hidden>Enter</Kbd>
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
