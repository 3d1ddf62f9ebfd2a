import { Alert, Button, Group, Loader, Modal, Radio, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { useCustomerSearch, useMergeCustomer } from './api';
import { IdentityValue } from './IdentityValue';
import type { Customer } from './types';

interface Props {
  target: Customer;
  opened: boolean;
  onClose: () => void;
}

/** Merge a duplicate into this customer: pick it by search, then confirm. History moves here; the duplicate goes. */
export function MergeModal({ target, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('customers.merge.title', { name: target.name })} size="lg">
      {opened ? <MergeFlow target={target} onClose={onClose} /> : null}
    </Modal>
  );
}

function MergeFlow({ target, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const searching = debounced.length >= 2;
  const search = useCustomerSearch(debounced, searching);
  const merge = useMergeCustomer(target.id);
  const [source, setSource] = useState<Customer | null>(null);
  const [confirming, setConfirming] = useState(false);
  // A disabled query still hands out cached data (the unfiltered list): show results of a real search only.
  const candidates = searching ? (search.data?.pages.flatMap((p) => p.items) ?? []).filter((c) => c.id !== target.id) : [];

  const doMerge = () => {
    if (!source) return;
    merge.mutate(source.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('customers.merge.done', { source: source.name, target: target.name }) });
        onClose();
      },
    });
  };

  if (confirming && source) {
    return (
      <Stack gap="md">
        <Alert color="orange" title={t('customers.merge.confirmTitle')} role="alert">
          {t('customers.merge.confirmText', { source: source.name, target: target.name })}
        </Alert>
        {merge.error ? <Alert color="red" role="alert">{errorMessage(merge.error)}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(false)}>{t('common.back')}</Button>
          <Button color="red" onClick={doMerge} loading={merge.isPending}>{t('customers.merge.confirm')}</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="sm">
      <Text size="sm">{t('customers.merge.explain', { name: target.name })}</Text>
      <TextInput
        label={t('customers.merge.search')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          setSource(null);
        }}
        type="search"
        data-autofocus
      />
      {search.isFetching ? <Loader size="sm" aria-label={t('common.loading')} /> : null}
      {search.error ? <Alert color="red" role="alert">{errorMessage(search.error)}</Alert> : null}
      {searching && !search.isFetching && candidates.length === 0 ? (
        <Text size="sm" c="dimmed">{t('customers.noMatches', { q: debounced })}</Text>
      ) : null}
      {candidates.length > 0 ? (
        <ScrollArea.Autosize mah={300}>
          <Radio.Group
            label={t('customers.merge.pick')}
            value={source?.id ?? null}
            onChange={(id) => setSource(candidates.find((c) => c.id === id) ?? null)}
          >
            <Stack gap="xs" mt="xs">
              {candidates.map((c) => (
                <Radio
                  key={c.id}
                  value={c.id}
                  label={<bdi>{c.name}</bdi>}
                  description={
                    <Group gap="sm">
                      {c.identities.slice(0, 2).map((i) => <IdentityValue key={i.id} identity={i} size="xs" />)}
                    </Group>
                  }
                />
              ))}
            </Stack>
          </Radio.Group>
        </ScrollArea.Autosize>
      ) : null}
      <Group justify="flex-end" mt="xs">
        <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        <Button disabled={!source} onClick={() => setConfirming(true)}>{t('common.continue')}</Button>
      </Group>
    </Stack>
  );
}
