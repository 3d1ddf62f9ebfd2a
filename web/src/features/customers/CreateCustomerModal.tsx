import { Alert, Button, Group, Modal, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useCreateCustomer } from './api';
import { useLanguageOptions } from './languageOptions';
import type { Customer, CustomerInput } from './types';

interface Props {
  opened: boolean;
  onClose: () => void;
  onCreated: (customer: Customer) => void;
}

export function CreateCustomerModal({ opened, onClose, onCreated }: Props) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const create = useCreateCustomer();
  const languageOptions = useLanguageOptions();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<string | null>(i18n.language);
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [tags, setTags] = useState<string[]>([]);

  const code = create.error instanceof ApiError ? create.error.code : null;
  const close = () => {
    setName('');
    setPhone('');
    setEmail('');
    setTags([]);
    create.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const identities: NonNullable<CustomerInput['identities']> = [];
    if (phone.trim()) identities.push({ kind: 'phone', value: phone.trim() });
    if (email.trim()) identities.push({ kind: 'email', value: email.trim() });
    create.mutate(
      { name: name.trim(), language, tags, identities },
      {
        onSuccess: (customer) => {
          close();
          onCreated(customer);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={t('customers.createTitle')}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          {create.error && code !== 'invalid_phone' && code !== 'invalid_email' ? (
            <Alert color="red" role="alert">{errorMessage(create.error)}</Alert>
          ) : null}
          <TextInput dir="auto" label={t('customers.fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Select label={t('customers.fields.language')} data={languageOptions} value={language} onChange={setLanguage} allowDeselect={false} />
          <TextInput
            label={t('customers.fields.phone')}
            description={t('customers.phoneHint')}
            type="tel"
            dir="ltr"
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={code === 'invalid_phone' ? errorMessage(create.error) : undefined}
          />
          <TextInput
            label={t('customers.fields.email')}
            type="email"
            dir="ltr"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={code === 'invalid_email' ? errorMessage(create.error) : undefined}
          />
          <TagsInput label={t('customers.fields.tags')} description={t('customers.tagsHint')} value={tags} onChange={setTags} clearable />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending}>{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
