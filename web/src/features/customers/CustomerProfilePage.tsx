import { Alert, Anchor, Badge, Breadcrumbs, Button, Center, Grid, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowsJoin, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { useErrorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useCustomer } from './api';
import { CustomerTimeline } from './CustomerTimeline';
import { DetailsCard } from './DetailsCard';
import { EditCustomerModal } from './EditCustomerModal';
import { IdentitiesCard } from './IdentitiesCard';
import { MergeModal } from './MergeModal';
import { NotesCard } from './NotesCard';
import { OrdersTable } from './OrdersTable';
import { usePageTitle } from '../../lib/usePageTitle';
import { CallCustomerButton } from '../voice/CallCustomerButton';

export function CustomerProfilePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const { data: customer, isPending, error } = useCustomer(id);
  usePageTitle(customer?.name);
  const [editOpen, edit] = useDisclosure(false);
  const [mergeOpen, merge] = useDisclosure(false);

  if (isPending) return <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>;
  if (error || !customer) return <Alert color="red" role="alert">{errorMessage(error)}</Alert>;
  // The id of a merged customer answers with the customer it went into: show that one's own address.
  if (customer.id !== id) return <Navigate to={`/customers/${customer.id}`} replace />;

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/customers">{t('nav.customers')}</Anchor>
        <Text span><bdi>{customer.name}</bdi></Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}><bdi>{customer.name}</bdi></Title>
          <Group gap="xs" mt={4}>
            {customer.language ? (
              <Badge variant="light">{t(`languageNames.${customer.language}`, { defaultValue: customer.language })}</Badge>
            ) : null}
            {customer.timezone ? <Badge variant="outline" color="gray" tt="none"><span dir="ltr">{customer.timezone}</span></Badge> : null}
            <Text size="sm" c="dimmed">{t('customers.since', { date: fmt.date(customer.createdAt) })}</Text>
          </Group>
        </div>
        <Group gap="xs">
          <CallCustomerButton customerId={customer.id} />
          <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={edit.open}>{t('common.edit')}</Button>
          <Button variant="default" leftSection={<IconArrowsJoin size={16} aria-hidden />} onClick={merge.open}>{t('customers.merge.action')}</Button>
        </Group>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Tabs defaultValue="timeline" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="timeline">{t('customers.timeline.title')}</Tabs.Tab>
              <Tabs.Tab value="orders">{t('customers.orders.title')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="timeline" pt="md"><CustomerTimeline customerId={customer.id} /></Tabs.Panel>
            <Tabs.Panel value="orders" pt="md"><OrdersTable customerId={customer.id} /></Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <IdentitiesCard customer={customer} />
            <DetailsCard customer={customer} />
            <NotesCard customerId={customer.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      <EditCustomerModal customer={customer} opened={editOpen} onClose={edit.close} />
      <MergeModal target={customer} opened={mergeOpen} onClose={merge.close} />
    </Stack>
  );
}
