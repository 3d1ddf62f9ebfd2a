import { Alert, Badge, Center, List, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useOrders } from './api';

const statusColors: Record<string, string> = {
  pending: 'yellow',
  paid: 'blue',
  shipped: 'cyan',
  delivered: 'green',
  cancelled: 'gray',
  returned: 'orange',
  refunded: 'orange',
};

export function OrdersTable({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const orders = useOrders(customerId);

  if (orders.isPending) return <Center p="lg"><Loader aria-label={t('common.loading')} /></Center>;
  if (orders.error) return <Alert color="red" role="alert">{errorMessage(orders.error)}</Alert>;
  if (orders.data.length === 0) return <Text c="dimmed">{t('customers.orders.empty')}</Text>;

  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped verticalSpacing="sm" aria-label={t('customers.orders.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('customers.orders.number')}</Table.Th>
            <Table.Th>{t('customers.orders.status')}</Table.Th>
            <Table.Th>{t('customers.orders.amount')}</Table.Th>
            <Table.Th>{t('customers.orders.items')}</Table.Th>
            <Table.Th>{t('customers.orders.date')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.data.map((order) => (
            <Table.Tr key={order.id}>
              <Table.Td><Text span size="sm" ff="monospace" dir="ltr">{order.number}</Text></Table.Td>
              <Table.Td>
                <Badge variant="light" color={statusColors[order.status] ?? 'gray'}>
                  {t(`orderStatuses.${order.status}`, { defaultValue: order.status })}
                </Badge>
              </Table.Td>
              <Table.Td><Text span size="sm" style={{ whiteSpace: 'nowrap' }}><bdi>{fmt.money(order.amount, order.currency)}</bdi></Text></Table.Td>
              <Table.Td>
                <List size="sm" listStyleType="none" spacing={2}>
                  {order.items.map((item, i) => (
                    <List.Item key={`${item.sku ?? item.name}-${i}`}>
                      {t('customers.orders.itemLine', { quantity: item.quantity })} <bdi>{item.name}</bdi>
                    </List.Item>
                  ))}
                </List>
              </Table.Td>
              <Table.Td><time dateTime={order.orderedAt}>{fmt.date(order.orderedAt)}</time></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
