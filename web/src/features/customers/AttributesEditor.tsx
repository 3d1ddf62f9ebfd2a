import { ActionIcon, Button, Group, Input, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AttributeRow } from './attributes';

export function AttributesEditor({ rows, onChange }: { rows: AttributeRow[]; onChange: (rows: AttributeRow[]) => void }) {
  const { t } = useTranslation();
  const set = (index: number, patch: Partial<AttributeRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Stack gap={6} role="group" aria-labelledby="attributes-label">
      <Input.Label labelElement="div" id="attributes-label">{t('customers.fields.attributes')}</Input.Label>
      {rows.map((row, i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            aria-label={t('customers.attributes.key', { n: i + 1 })}
            placeholder={t('customers.attributes.keyPlaceholder')}
            value={row.key}
            onChange={(e) => set(i, { key: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <TextInput
            aria-label={t('customers.attributes.value', { n: i + 1 })}
            placeholder={t('customers.attributes.valuePlaceholder')}
            dir="auto"
            value={row.value}
            onChange={(e) => set(i, { value: e.currentTarget.value })}
            style={{ flex: 2 }}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={t('customers.attributes.remove', { n: i + 1 })}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange([...rows, { key: '', value: '' }])} style={{ alignSelf: 'flex-start' }}>
        {t('customers.attributes.add')}
      </Button>
    </Stack>
  );
}
