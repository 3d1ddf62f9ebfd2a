import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Page } from '../../lib/api';
import { useQuery } from '@tanstack/react-query';
import { useFormat } from '../../lib/format';
import { useCustomer, useOrders } from '../customers/api';
import { EditCustomerModal } from '../customers/EditCustomerModal';
import { MergeModal } from '../customers/MergeModal';
import type { Customer } from '../customers/types';
import { useCustomerCases, usePastInteractions } from './api';
import { firstName } from './greeting';

/** Another customer that shares one of this customer's identities: a likely duplicate. */
function useDuplicate(customer: Customer | undefined) {
  return useQuery({
    queryKey: ['desktop', 'duplicate', customer?.id, customer?.identities.map((i) => i.value).join('|')],
    enabled: !!customer?.identities.length,
    staleTime: 60_000,
    queryFn: async ({ signal }) => {
      for (const identity of customer!.identities.slice(0, 5)) {
        const page = await api<Page<Customer>>('/customers', { query: { q: identity.value, limit: 5 }, signal });
        const other = page.items.find((c) => c.id !== customer!.id && c.identities.some((i) => i.kind === identity.kind && i.value === identity.value));
        if (other) return other;
      }
      return null;
    },
  });
}

/** Screen pop: who the customer is, what happened before, with a greeting that uses their name. */
export function CustomerPanel({ customerId, currentId }: { customerId: string; currentId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const customer = useCustomer(customerId);
  const orders = useOrders(customerId);
  const cases = useCustomerCases(customerId);
  const past = usePastInteractions(customerId);
  const duplicate = useDuplicate(customer.data);
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const c = customer.data;
  if (!c) return <Text c="dimmed">{t('common.loading')}</Text>;
  const lastOrder = orders.data?.[0];

  return (
    <Stack gap="sm" data-testid="customer-panel">
      <Card withBorder padding="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4" data-testid="customer-name"><bdi>{c.name}</bdi></Title>
          <Button size="xs" variant="subtle" onClick={() => setEditing(true)}>{t('common.edit')}</Button>
        </Group>
        <Text size="sm" c="dimmed" data-testid="greeting">{t('desktop.greeting', { name: firstName(c.name) || c.name })}</Text>
        <Group gap={6} mt={6}>
          {c.language ? <Badge variant="light">{t(`languageNames.${c.language}`, { defaultValue: c.language })}</Badge> : null}
          {c.tags.map((tag) => <Badge key={tag} variant="outline"><bdi>{tag}</bdi></Badge>)}
        </Group>
        <Stack gap={2} mt={6}>
          {c.identities.map((i) => (
            <Text key={i.id} size="sm"><Text span c="dimmed" size="xs">{t(`identityKinds.${i.kind}`)}: </Text><bdi dir="ltr">{i.value}</bdi></Text>
          ))}
        </Stack>
        <Anchor component={Link} to={`/customers/${c.id}`} size="sm" mt={6}>{t('desktop.openProfile')}</Anchor>
      </Card>
      {duplicate.data ? (
        <Alert color="orange" p="xs" title={t('desktop.possibleDuplicate')} data-testid="duplicate">
          <Group justify="space-between">
            <Text size="sm"><bdi>{duplicate.data.name}</bdi></Text>
            <Button size="xs" variant="light" onClick={() => setMerging(true)}>{t('desktop.merge')}</Button>
          </Group>
        </Alert>
      ) : null}
      <Card withBorder padding="sm" data-testid="orders">
        <Text fw={600} size="sm">{t('desktop.orders')}</Text>
        {lastOrder ? (
          <Stack gap={2}>
            {orders.data!.slice(0, 3).map((o) => (
              <Group key={o.id} justify="space-between" wrap="nowrap">
                <Text size="sm"><bdi dir="ltr">{o.number}</bdi> · {t(`orderStatuses.${o.status}`, { defaultValue: o.status })}</Text>
                <Text size="sm"><bdi>{f.money(o.amount, o.currency)}</bdi></Text>
              </Group>
            ))}
          </Stack>
        ) : <Text size="sm" c="dimmed">{t('desktop.noOrders')}</Text>}
      </Card>
      <Card withBorder padding="sm">
        <Text fw={600} size="sm">{t('desktop.openCases')}</Text>
        {(cases.data ?? []).filter((x) => x.status !== 'closed' && x.status !== 'resolved').map((x) => (
          <Text key={x.id} size="sm">#{x.number} · {t(`caseTypes.${x.type}`, { defaultValue: x.type })} · <bdi>{x.subject}</bdi></Text>
        ))}
        {!(cases.data ?? []).some((x) => x.status !== 'closed' && x.status !== 'resolved') ? <Text size="sm" c="dimmed">{t('desktop.noCases')}</Text> : null}
      </Card>
      <Card withBorder padding="sm" data-testid="history">
        <Text fw={600} size="sm">{t('desktop.history')}</Text>
        {(past.data ?? []).filter((i) => i.id !== currentId).slice(0, 8).map((i) => (
          <Text key={i.id} size="sm">
            {f.date(i.createdAt)} · {t(`channels.${i.channel}`, { defaultValue: i.channel })} · {t(`interactionStatuses.${i.status}`, { defaultValue: i.status })}
            {i.reason ? <> · <bdi>{i.reason}</bdi></> : null}
            {i.resolved !== null ? ` · ${i.resolved ? t('desktop.resolvedYes') : t('desktop.resolvedNo')}` : ''}
          </Text>
        ))}
        {(past.data ?? []).filter((i) => i.id !== currentId).length === 0 ? <Text size="sm" c="dimmed">{t('desktop.firstContact')}</Text> : null}
      </Card>
      <EditCustomerModal customer={c} opened={editing} onClose={() => setEditing(false)} />
      {duplicate.data ? <MergeModal target={c} opened={merging} onClose={() => setMerging(false)} /> : null}
    </Stack>
  );
}
