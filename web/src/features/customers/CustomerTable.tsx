import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IdentityValue } from './IdentityValue';
import type { Customer } from './types';

const shownIdentities = 2;

export function CustomerTable({ customers }: { customers: Customer[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('customers.results')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('customers.fields.name')}</Table.Th>
            <Table.Th>{t('customers.fields.contacts')}</Table.Th>
            <Table.Th>{t('customers.fields.tags')}</Table.Th>
            <Table.Th>{t('customers.fields.language')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {customers.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/customers/${c.id}`} fw={600}>
                  <bdi>{c.name}</bdi>
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {c.identities.slice(0, shownIdentities).map((i) => (
                    <IdentityValue key={i.id} identity={i} size="xs" />
                  ))}
                  {c.identities.length > shownIdentities ? (
                    <Text size="xs" c="dimmed">{t('customers.moreIdentities', { count: c.identities.length - shownIdentities })}</Text>
                  ) : null}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {c.tags.map((tag) => (
                    <Badge key={tag} variant="light" size="sm" tt="none">{tag}</Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{c.language ? t(`languageNames.${c.language}`, { defaultValue: c.language }) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
