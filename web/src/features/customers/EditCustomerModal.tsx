import { Alert, Button, Group, Modal, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { useUpdateCustomer } from './api';
import { fromRows, toRows } from './attributes';
import { AttributesEditor } from './AttributesEditor';
import { useLanguageOptions } from './languageOptions';
import type { Customer } from './types';

function timeZones(current: string | null): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return current && !all.includes(current) ? [current, ...all] : all;
}

interface Props {
  customer: Customer;
  opened: boolean;
  onClose: () => void;
}

/** Name, language, time zone, tags and attributes; identities are edited on the card beside. */
export function EditCustomerModal({ customer, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('customers.editTitle')} size="lg">
      {/* Mounted only while open, so each opening starts from the saved values. */}
      {opened ? <EditCustomerForm customer={customer} onClose={onClose} /> : null}
    </Modal>
  );
}

function EditCustomerForm({ customer, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const update = useUpdateCustomer(customer.id);
  const languageOptions = useLanguageOptions(customer.language);
  const zones = useMemo(() => timeZones(customer.timezone), [customer.timezone]);
  const [name, setName] = useState(customer.name);
  const [language, setLanguage] = useState<string | null>(customer.language);
  const [timezone, setTimezone] = useState<string | null>(customer.timezone);
  const [tags, setTags] = useState<string[]>(customer.tags);
  const [rows, setRows] = useState(() => toRows(customer.attributes));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      { name: name.trim(), language, timezone, tags, attributes: fromRows(rows, customer.attributes) },
      { onSuccess: onClose },
    );
  };

  return (
    <form onSubmit={submit}>
        <Stack gap="sm">
          {update.error ? <Alert color="red" role="alert">{errorMessage(update.error)}</Alert> : null}
          <TextInput dir="auto" label={t('customers.fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Group grow align="flex-start">
            <Select label={t('customers.fields.language')} data={languageOptions} value={language} onChange={setLanguage} clearable />
            <Select label={t('customers.fields.timezone')} data={zones} value={timezone} onChange={setTimezone} searchable clearable limit={50} />
          </Group>
          <TagsInput label={t('customers.fields.tags')} value={tags} onChange={setTags} clearable />
          <AttributesEditor rows={rows} onChange={setRows} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={update.isPending}>{t('common.save')}</Button>
          </Group>
        </Stack>
    </form>
  );
}
