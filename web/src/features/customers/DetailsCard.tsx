import { Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { attributeText } from './attributes';
import type { Customer } from './types';

/** Tags and free-form attributes (loyalty tier, city, …) as plain text. */
export function DetailsCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const attributes = Object.entries(customer.attributes ?? {});
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="details-title">
      <Title order={3} size="h5" id="details-title" mb="sm">{t('customers.details')}</Title>
      <Text size="sm" fw={600} mb={4}>{t('customers.fields.tags')}</Text>
      {customer.tags.length === 0 ? (
        <Text size="sm" c="dimmed">{t('customers.noTags')}</Text>
      ) : (
        <Group gap={4}>
          {customer.tags.map((tag) => <Badge key={tag} variant="light" tt="none">{tag}</Badge>)}
        </Group>
      )}
      <Text size="sm" fw={600} mt="md" mb={4}>{t('customers.fields.attributes')}</Text>
      {attributes.length === 0 ? (
        <Text size="sm" c="dimmed">{t('customers.noAttributes')}</Text>
      ) : (
        <Table withRowBorders={false} verticalSpacing={2} fz="sm">
          <Table.Tbody>
            {attributes.map(([key, value]) => (
              <Table.Tr key={key}>
                <Table.Th scope="row" fw={500} c="dimmed" w="40%">{key}</Table.Th>
                <Table.Td style={{ overflowWrap: 'anywhere' }}><bdi>{attributeText(value)}</bdi></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
