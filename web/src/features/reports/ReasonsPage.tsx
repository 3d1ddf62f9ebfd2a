import { Alert, Badge, Blockquote, Button, Card, Center, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconTrendingUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { usePageTitle } from '../../lib/usePageTitle';
import { formatDuration } from '../routing/clock';
import { csvUrl, useReasons } from './api';
import { Chart } from './Chart';
import { FilterBar } from './FilterBar';
import { useReportFilters } from './filters';

const colors = ['blue', 'teal', 'grape', 'orange', 'red', 'indigo'];

/** What customers ask about, for other teams: top and rising reasons, trend, examples; the address is shareable. */
export function ReasonsPage() {
  const { t } = useTranslation();
  usePageTitle(t('reports.reasons.title'));
  const errorMessage = useErrorMessage();
  const { filters, interval, set } = useReportFilters(28);
  const reasons = useReasons(filters, interval === 'day' ? 'week' : interval);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('reports.reasons.title')}</Title>
        <Button component="a" href={csvUrl('reasons.csv', filters)} download variant="light" leftSection={<IconDownload size={16} aria-hidden />}>
          {t('reports.reasons.csv')}
        </Button>
      </Group>
      <Text c="dimmed" size="sm">{t('reports.reasons.intro')}</Text>
      <FilterBar filters={filters} interval={interval} set={set} withInterval={false} />
      {reasons.isPending ? <Center p="xl"><Loader aria-label={t('common.loading')} /></Center> : null}
      {reasons.error ? <Alert color="red" role="alert">{errorMessage(reasons.error)}</Alert> : null}
      {reasons.data ? (
        <>
          <Group gap="sm">
            <Badge size="lg" variant="light">{t('reports.reasons.total', { n: reasons.data.total })}</Badge>
            <Badge size="lg" variant="light" color="gray">{t('reports.reasons.unclassified', { n: reasons.data.unclassified })}</Badge>
            {reasons.data.rising.map((r) => <Badge key={r} size="lg" color="orange" leftSection={<IconTrendingUp size={14} aria-hidden />}><bdi>{r}</bdi></Badge>)}
          </Group>
          {reasons.data.items.length > 0 ? (
            <Card withBorder>
              <Text fw={600} mb="xs">{t('reports.reasons.trend')}</Text>
              <Chart kind="line" title={t('reports.reasons.trend')} labels={[...new Set(reasons.data.items.flatMap((i) => i.trend.map((p) => p.period)))].sort()}
                series={reasons.data.items.slice(0, 6).map((i, k) => {
                  const periods = [...new Set(reasons.data!.items.flatMap((x) => x.trend.map((p) => p.period)))].sort();
                  return { key: i.reason, label: i.reason, color: colors[k % colors.length]!, values: periods.map((p) => i.trend.find((x) => x.period === p)?.contacts ?? 0) };
                })} />
            </Card>
          ) : <Text c="dimmed">{t('reports.reasons.none')}</Text>}
          <Table.ScrollContainer minWidth={760}>
            <Table striped data-testid="reasons-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reports.reason')}</Table.Th>
                  <Table.Th ta="end">{t('reports.reasons.contacts')}</Table.Th>
                  <Table.Th ta="end">{t('reports.reasons.change')}</Table.Th>
                  <Table.Th ta="end">{t('reports.kpi.aht')}</Table.Th>
                  <Table.Th ta="end">{t('reports.kpi.fcr')}</Table.Th>
                  <Table.Th ta="end">{t('reports.kpi.csat')}</Table.Th>
                  <Table.Th>{t('reports.reasons.examples')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {reasons.data.items.map((i) => (
                  <Table.Tr key={i.reason}>
                    <Table.Td fw={600}><bdi>{i.reason}</bdi></Table.Td>
                    <Table.Td ta="end">{i.contacts}</Table.Td>
                    <Table.Td ta="end" dir="ltr">{i.change === null ? t('reports.reasons.new') : `${i.change > 0 ? '+' : ''}${i.change}%`}</Table.Td>
                    <Table.Td ta="end" dir="ltr">{i.aht === null ? '—' : formatDuration(i.aht)}</Table.Td>
                    <Table.Td ta="end">{i.fcr === null ? '—' : `${i.fcr}%`}</Table.Td>
                    <Table.Td ta="end">{i.csat === null ? '—' : `${i.csat}%`}</Table.Td>
                    <Table.Td maw={360}>
                      {i.examples.slice(0, 2).map((e, n) => <Blockquote key={n} p={4} mb={4} fz="sm"><bdi>{e}</bdi></Blockquote>)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      ) : null}
    </Stack>
  );
}
