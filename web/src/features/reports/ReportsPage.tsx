import { Alert, Anchor, Button, Card, Center, Group, Loader, Modal, SegmentedControl, SimpleGrid, Stack, Table, Tabs, Text, Title, UnstyledButton } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';
import { formatDuration } from '../routing/clock';
import { csvUrl, useAgentReport, useDrill, useHeatmap, useOccupancy, useSeries, useSummary, type Filters, type Kpis, type SeriesRow } from './api';
import { Chart, Heatmap } from './Chart';
import { FilterBar } from './FilterBar';
import { useReportFilters } from './filters';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}%`);
const dur = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatDuration(v));

/** Managers' reports: KPIs, charts over periods and slices, heatmap, agents, drill-down and CSV. */
export function ReportsPage() {
  const { t } = useTranslation();
  usePageTitle(t('reports.title'));
  const { filters, interval, set } = useReportFilters();
  const [drill, setDrill] = useState<{ measure: string; title: string } | null>(null);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('reports.title')}</Title>
        <Group gap="xs">
          <Button component="a" href={csvUrl('contacts.csv', filters)} download variant="light" leftSection={<IconDownload size={16} aria-hidden />} data-testid="csv-contacts">
            {t('reports.csvContacts')}
          </Button>
          <Button component="a" href={csvUrl('agents.csv', filters)} download variant="light" leftSection={<IconDownload size={16} aria-hidden />}>
            {t('reports.csvAgents')}
          </Button>
        </Group>
      </Group>
      <FilterBar filters={filters} interval={interval} set={set} />
      <Tabs defaultValue="overview" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview">{t('reports.overview')}</Tabs.Tab>
          <Tabs.Tab value="agents">{t('reports.agentsTab')}</Tabs.Tab>
          <Tabs.Tab value="reasons" component={Link} {...{ to: `/reports/reasons?from=${filters.from}&to=${filters.to}` }}>{t('reports.reasonsTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md"><Overview filters={filters} interval={interval} onDrill={(measure, title) => setDrill({ measure, title })} /></Tabs.Panel>
        <Tabs.Panel value="agents" pt="md"><Agents filters={filters} /></Tabs.Panel>
      </Tabs>
      <DrillModal filters={filters} drill={drill} onClose={() => setDrill(null)} />
    </Stack>
  );
}

function Tile({ label, value, sub, onClick, testId }: { label: string; value: string; sub?: string; onClick?: () => void; testId?: string }) {
  const body = (
    <Card withBorder padding="sm" radius="md" h="100%">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} fz={24} dir="ltr" ta="start" data-testid={testId}>{value}</Text>
      {sub ? <Text size="xs" c="dimmed">{sub}</Text> : null}
    </Card>
  );
  return onClick ? <UnstyledButton onClick={onClick} aria-label={`${label}: ${value}`}>{body}</UnstyledButton> : body;
}

function Overview({ filters, interval, onDrill }: { filters: Filters; interval: string; onDrill: (measure: string, title: string) => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const summary = useSummary(filters);
  const series = useSeries(filters, interval);
  const heat = useHeatmap(filters);
  const occ = useOccupancy(filters, interval);
  if (summary.isPending) return <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>;
  if (summary.error) return <Alert color="red" role="alert">{errorMessage(summary.error)}</Alert>;
  const k: Kpis = summary.data.kpis;
  const rows: SeriesRow[] = series.data ?? [];
  const labels = rows.map((r) => r.period);
  const col = (f: (r: SeriesRow) => number | null) => rows.map(f);
  const weekdays = t('reports.weekdays', { returnObjects: true }) as string[];
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" data-testid="kpi-tiles">
        <Tile label={t('reports.kpi.offered')} value={String(k.offered)} sub={t('reports.kpi.shortAbandoned', { n: k.shortAbandoned })} onClick={() => onDrill('offered', t('reports.kpi.offered'))} testId="kpi-offered" />
        <Tile label={t('reports.kpi.answered')} value={String(k.answered)} onClick={() => onDrill('answered', t('reports.kpi.answered'))} testId="kpi-answered" />
        <Tile label={t('reports.kpi.abandoned')} value={String(k.abandoned)} sub={pct(k.abandonRate)} onClick={() => onDrill('abandoned', t('reports.kpi.abandoned'))} testId="kpi-abandoned" />
        <Tile label={t('reports.kpi.asa')} value={dur(k.asa)} sub={t('reports.kpi.longestWait', { v: dur(k.longestWait) })} onClick={() => onDrill('answered', t('reports.kpi.asa'))} />
        <Tile label={t('reports.kpi.serviceLevel')} value={pct(k.serviceLevel)} onClick={() => onDrill('answered_in_sl', t('reports.kpi.serviceLevel'))} testId="kpi-sl" />
        <Tile label={t('reports.kpi.aht')} value={dur(k.aht)} sub={`${t('reports.talk')} ${dur(k.avgTalk)} · ${t('reports.hold')} ${dur(k.avgHold)} · ${t('reports.acw')} ${dur(k.avgAcw)}`} onClick={() => onDrill('handled', t('reports.kpi.aht'))} />
        <Tile label={t('reports.kpi.fcr')} value={pct(k.fcr)} sub={t('reports.kpi.resolved', { n: k.resolved })} onClick={() => onDrill('repeated', t('reports.kpi.repeated'))} />
        <Tile label={t('reports.kpi.csat')} value={pct(k.csat)} sub={k.csatMean === null ? undefined : t('reports.kpi.csatMean', { v: k.csatMean, n: k.ratings })} onClick={() => onDrill('rated', t('reports.kpi.csat'))} />
        <Tile label={t('reports.kpi.occupancy')} value={pct(summary.data.occupancy)} />
        <Tile label={t('reports.kpi.transfers')} value={`${k.transfers} / ${k.escalations}`} sub={t('reports.kpi.transfersSub')} onClick={() => onDrill('transferred', t('reports.kpi.transfers'))} />
      </SimpleGrid>
      <Text size="xs" c="dimmed">{t('reports.definitions', { tz: summary.data.period.timezone })}</Text>
      {series.isPending ? <Loader size="sm" aria-label={t('common.loading')} /> : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <ChartCard title={t('reports.charts.volume')}>
            <Chart testId="chart-volume" kind="bar" title={t('reports.charts.volume')} labels={labels} series={[
              { key: 'offered', label: t('reports.kpi.offered'), color: 'blue', values: col((r) => r.offered) },
              { key: 'answered', label: t('reports.kpi.answered'), color: 'teal', values: col((r) => r.answered) },
              { key: 'abandoned', label: t('reports.kpi.abandoned'), color: 'red', values: col((r) => r.abandoned) },
            ]} />
          </ChartCard>
          <ChartCard title={t('reports.charts.asaSl')}>
            <Chart kind="line" title={t('reports.charts.asaSl')} labels={labels} format={(v) => `${Math.round(v)}`} series={[
              { key: 'sl', label: `${t('reports.kpi.serviceLevel')} %`, color: 'teal', values: col((r) => r.serviceLevel) },
              { key: 'asa', label: `${t('reports.kpi.asa')} (s)`, color: 'grape', values: col((r) => r.asa) },
            ]} />
          </ChartCard>
          <ChartCard title={t('reports.charts.aht')}>
            <Chart kind="stacked" title={t('reports.charts.aht')} labels={labels} format={(v) => `${Math.round(v)}s`} series={[
              { key: 'talk', label: t('reports.talk'), color: 'blue', values: col((r) => r.avgTalk) },
              { key: 'hold', label: t('reports.hold'), color: 'orange', values: col((r) => r.avgHold) },
              { key: 'acw', label: t('reports.acw'), color: 'yellow', values: col((r) => r.avgAcw) },
            ]} />
          </ChartCard>
          <ChartCard title={t('reports.charts.quality')}>
            <Chart kind="line" title={t('reports.charts.quality')} labels={labels} format={(v) => `${Math.round(v)}%`} series={[
              { key: 'abandon', label: t('reports.kpi.abandonRate'), color: 'red', values: col((r) => r.abandonRate) },
              { key: 'fcr', label: t('reports.kpi.fcr'), color: 'indigo', values: col((r) => r.fcr) },
              { key: 'csat', label: t('reports.kpi.csat'), color: 'green', values: col((r) => r.csat) },
            ]} />
          </ChartCard>
          <ChartCard title={t('reports.charts.occupancy')}>
            <Chart testId="chart-occupancy" kind="line" title={t('reports.charts.occupancy')} labels={(occ.data ?? []).map((r) => r.period)} format={(v) => `${Math.round(v)}%`} series={[
              { key: 'occupancy', label: t('reports.kpi.occupancy'), color: 'cyan', values: (occ.data ?? []).map((r) => r.occupancy) },
            ]} />
          </ChartCard>
        </SimpleGrid>
      )}
      <Breakdown filters={filters} />
      <ChartCard title={t('reports.charts.heatmap')}>
        {heat.data ? <Heatmap cells={heat.data} weekdays={weekdays} title={t('reports.charts.heatmap')} /> : <Loader size="sm" aria-label={t('common.loading')} />}
      </ChartCard>
    </Stack>
  );
}

const slices = ['queue', 'agent', 'team', 'channel', 'reason'] as const;

/** KPIs of the period per queue, agent, team, channel or contact reason. */
function Breakdown({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const [by, setBy] = useState<(typeof slices)[number]>('queue');
  const rows = useSeries(filters, 'all', by);
  const label = (r: SeriesRow) => r.label ?? (by === 'channel' && r.key ? t(`channels.${r.key}`, { defaultValue: r.key }) : r.key ?? t('reports.none'));
  return (
    <ChartCard title={t('reports.breakdown')}>
      <SegmentedControl size="xs" mb="sm" value={by} onChange={(v) => setBy(v as typeof by)} data={slices.map((s) => ({ value: s, label: t(`reports.by.${s}`) }))} />
      <Table.ScrollContainer minWidth={760}>
        <Table striped data-testid="breakdown">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(`reports.by.${by}`)}</Table.Th>
              <Table.Th ta="end">{t('reports.kpi.offered')}</Table.Th>
              <Table.Th ta="end">{t('reports.kpi.answered')}</Table.Th>
              <Table.Th ta="end">{t('reports.kpi.abandonRate')}</Table.Th>
              <Table.Th ta="end">{t('reports.kpi.asa')}</Table.Th>
              <Table.Th ta="end">{t('reports.kpi.serviceLevel')}</Table.Th>
              <Table.Th ta="end">{t('reports.kpi.aht')}</Table.Th>
              <Table.Th ta="end">{t('reports.kpi.fcr')}</Table.Th>
              <Table.Th ta="end">{t('reports.kpi.csat')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rows.data ?? []).map((r) => (
              <Table.Tr key={r.key ?? '-'}>
                <Table.Td fw={600}><bdi>{label(r)}</bdi></Table.Td>
                <Table.Td ta="end">{r.offered}</Table.Td>
                <Table.Td ta="end">{r.answered}</Table.Td>
                <Table.Td ta="end">{pct(r.abandonRate)}</Table.Td>
                <Table.Td ta="end" dir="ltr">{dur(r.asa)}</Table.Td>
                <Table.Td ta="end">{pct(r.serviceLevel)}</Table.Td>
                <Table.Td ta="end" dir="ltr">{dur(r.aht)}</Table.Td>
                <Table.Td ta="end">{pct(r.fcr)}</Table.Td>
                <Table.Td ta="end">{pct(r.csat)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </ChartCard>
  );
}

function ChartCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-label={title}>
      <Text fw={600} mb="xs">{title}</Text>
      {children}
    </Card>
  );
}

function Agents({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const agents = useAgentReport(filters);
  if (agents.isPending) return <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>;
  if (agents.error) return <Alert color="red" role="alert">{errorMessage(agents.error)}</Alert>;
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped data-testid="agents-report">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reports.agent')}</Table.Th>
            <Table.Th ta="end">{t('reports.kpi.handled')}</Table.Th>
            <Table.Th ta="end">{t('reports.kpi.aht')}</Table.Th>
            <Table.Th ta="end">{t('reports.kpi.occupancy')}</Table.Th>
            <Table.Th ta="end">{t('reports.kpi.fcr')}</Table.Th>
            <Table.Th ta="end">{t('reports.kpi.csat')}</Table.Th>
            <Table.Th ta="end">{t('reports.kpi.transfers')}</Table.Th>
            <Table.Th ta="end">{t('reports.states.available')}</Table.Th>
            <Table.Th ta="end">{t('reports.states.after_contact_work')}</Table.Th>
            <Table.Th ta="end">{t('reports.states.away')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {agents.data.map((a) => (
            <Table.Tr key={a.agentId}>
              <Table.Td fw={600}><bdi>{a.name}</bdi></Table.Td>
              <Table.Td ta="end">{a.handled}</Table.Td>
              <Table.Td ta="end" dir="ltr">{dur(a.aht)}</Table.Td>
              <Table.Td ta="end">{pct(a.occupancy)}</Table.Td>
              <Table.Td ta="end">{pct(a.fcr)}</Table.Td>
              <Table.Td ta="end">{pct(a.csat)}</Table.Td>
              <Table.Td ta="end">{a.transfers}</Table.Td>
              <Table.Td ta="end" dir="ltr">{dur(a.stateSeconds.available ?? 0)}</Table.Td>
              <Table.Td ta="end" dir="ltr">{dur(a.stateSeconds.after_contact_work ?? 0)}</Table.Td>
              <Table.Td ta="end" dir="ltr">{dur(a.stateSeconds.away ?? 0)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DrillModal({ filters, drill, onClose }: { filters: Filters; drill: { measure: string; title: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useDrill(filters, drill?.measure ?? null);
  return (
    <Modal opened={!!drill} onClose={onClose} title={drill ? t('reports.drillTitle', { what: drill.title }) : ''} size="90%">
      {list.isPending ? <Center p="md"><Loader aria-label={t('common.loading')} /></Center> : null}
      {list.data ? (
        <Table.ScrollContainer minWidth={800}>
          <Table striped data-testid="drill-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.arrived')}</Table.Th>
                <Table.Th>{t('reports.channel')}</Table.Th>
                <Table.Th>{t('reports.queue')}</Table.Th>
                <Table.Th>{t('reports.agent')}</Table.Th>
                <Table.Th>{t('reports.customer')}</Table.Th>
                <Table.Th>{t('reports.reason')}</Table.Th>
                <Table.Th ta="end">{t('reports.wait')}</Table.Th>
                <Table.Th ta="end">{t('reports.handle')}</Table.Th>
                <Table.Th ta="end">{t('reports.rating')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((c) => (
                <Table.Tr key={c.interactionId}>
                  <Table.Td>{fmt.dateTime(c.arrivedAt)}</Table.Td>
                  <Table.Td>{t(`channels.${c.channel}`, { defaultValue: c.channel })}</Table.Td>
                  <Table.Td><bdi>{c.queueName ?? '—'}</bdi></Table.Td>
                  <Table.Td><bdi>{c.agentName ?? '—'}</bdi></Table.Td>
                  <Table.Td><bdi>{c.customerName ?? '—'}</bdi></Table.Td>
                  <Table.Td><bdi>{c.reason ?? '—'}</bdi></Table.Td>
                  <Table.Td ta="end" dir="ltr">{dur(c.waitSeconds)}</Table.Td>
                  <Table.Td ta="end" dir="ltr">{dur(c.talkSeconds + c.holdSeconds + c.acwSeconds)}</Table.Td>
                  <Table.Td ta="end">{c.rating ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {list.data.items.length === 0 ? <Text c="dimmed" p="sm">{t('reports.noContacts')}</Text> : null}
          {list.data.nextCursor ? <Text size="sm" c="dimmed" p="sm">{t('reports.moreInCsv')} <Anchor href={csvUrl('contacts.csv', filters)}>CSV</Anchor></Text> : null}
        </Table.ScrollContainer>
      ) : null}
    </Modal>
  );
}
