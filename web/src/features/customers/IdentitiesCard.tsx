import { ActionIcon, Alert, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { useAddIdentity, useRemoveIdentity } from './api';
import { IdentityValue } from './IdentityValue';
import { identityKinds, type Customer, type IdentityKind } from './types';

/** The customer's phones, emails and messenger handles: how every channel recognises them. */
export function IdentitiesCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const add = useAddIdentity(customer.id);
  const remove = useRemoveIdentity(customer.id);
  const [kind, setKind] = useState<IdentityKind>('phone');
  const [value, setValue] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return;
    add.mutate({ kind, value: value.trim() }, { onSuccess: () => setValue('') });
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="identities-title">
      <Title order={3} size="h5" id="identities-title" mb="sm">{t('customers.identities.title')}</Title>
      <Stack gap={6}>
        {customer.identities.length === 0 ? <Text size="sm" c="dimmed">{t('customers.identities.empty')}</Text> : null}
        {customer.identities.map((identity) => (
          <Group key={identity.id} justify="space-between" wrap="nowrap">
            <IdentityValue identity={identity} />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('customers.identities.remove', { value: identity.value })}
              onClick={() => remove.mutate(identity.id)}
              loading={remove.isPending && remove.variables === identity.id}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        {remove.error ? <Alert color="red" role="alert">{errorMessage(remove.error)}</Alert> : null}
      </Stack>
      <form onSubmit={submit}>
        <Stack gap="xs" mt="md">
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Select
              label={t('customers.identities.kind')}
              data={identityKinds.map((k) => ({ value: k, label: t(`identityKinds.${k}`) }))}
              value={kind}
              onChange={(v) => v && setKind(v as IdentityKind)}
              allowDeselect={false}
              w={130}
            />
            <TextInput
              label={t('customers.identities.value')}
              dir="ltr"
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
          </Group>
          {add.error ? <Alert color="red" role="alert">{errorMessage(add.error)}</Alert> : null}
          <Button type="submit" variant="light" leftSection={<IconPlus size={16} aria-hidden />} loading={add.isPending}>
            {t('customers.identities.add')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
