import { Alert, Button, Center, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useErrorMessage } from '../../lib/errors';
import { useCurrentSession } from '../auth/session';
import { useCustomerSearch } from './api';
import { CreateCustomerModal } from './CreateCustomerModal';
import { CustomerTable } from './CustomerTable';
import { ImportExport } from './ImportExport';
import { usePageTitle } from '../../lib/usePageTitle';

export function CustomersPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  usePageTitle(t('customers.title'));
  const navigate = useNavigate();
  const { user } = useCurrentSession();
  const canBulk = user.role === 'admin' || user.role === 'supervisor';
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const search = useCustomerSearch(debounced);
  const [createOpen, create] = useDisclosure(false);
  const customers = search.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('customers.title')}</Title>
        <Group gap="xs">
          {canBulk ? <ImportExport /> : null}
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
            {t('customers.create')}
          </Button>
        </Group>
      </Group>
      <TextInput
        label={t('customers.search')}
        description={t('customers.searchHint')}
        placeholder={t('customers.searchPlaceholder')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        type="search"
        maw={560}
      />
      {search.isPending ? (
        <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>
      ) : search.error ? (
        <Alert color="red" role="alert">{errorMessage(search.error)}</Alert>
      ) : customers.length === 0 ? (
        <Text c="dimmed" role="status">{debounced ? t('customers.noMatches', { q: debounced }) : t('customers.empty')}</Text>
      ) : (
        <>
          <CustomerTable customers={customers} />
          {search.hasNextPage ? (
            <Group justify="center">
              <Button variant="default" onClick={() => void search.fetchNextPage()} loading={search.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            </Group>
          ) : null}
        </>
      )}
      <CreateCustomerModal
        opened={createOpen}
        onClose={create.close}
        onCreated={(customer) => navigate(`/customers/${customer.id}`)}
      />
    </Stack>
  );
}
