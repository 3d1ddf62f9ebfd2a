import { Alert, Card, Center, Group, Loader, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { usePageTitle } from '../../lib/usePageTitle';
import { formatDuration } from '../routing/clock';
import { useScorecard } from './api';

const month = (d = new Date()) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;

/** An agent's own month against their team's. */
export function ScorecardPage() {
  const { t } = useTranslation();
  usePageTitle(t('reports.scorecard.title'));
  const errorMessage = useErrorMessage();
  const [m, setM] = useState(month());
  const card = useScorecard(m);
  const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
  const dur = (v: number | null) => (v === null ? '—' : formatDuration(v));
  const rows = card.data ? [
    { label: t('reports.kpi.handled'), me: String(card.data.agent.handled), team: card.data.teamKpis.agents ? String(Math.round(card.data.teamKpis.handled / card.data.teamKpis.agents)) : '—', better: card.data.agent.handled >= card.data.teamKpis.handled / Math.max(1, card.data.teamKpis.agents) },
    { label: t('reports.kpi.aht'), me: dur(card.data.agent.aht), team: dur(card.data.teamKpis.aht), better: (card.data.agent.aht ?? Infinity) <= (card.data.teamKpis.aht ?? Infinity) },
    { label: t('reports.kpi.fcr'), me: pct(card.data.agent.fcr), team: pct(card.data.teamKpis.fcr), better: (card.data.agent.fcr ?? -1) >= (card.data.teamKpis.fcr ?? 0) },
    { label: t('reports.kpi.csat'), me: pct(card.data.agent.csat), team: pct(card.data.teamKpis.csat), better: (card.data.agent.csat ?? -1) >= (card.data.teamKpis.csat ?? 0) },
    { label: t('reports.kpi.occupancy'), me: pct(card.data.agent.occupancy), team: pct(card.data.teamKpis.occupancy), better: true },
    { label: t('reports.kpi.transfers'), me: String(card.data.agent.transfers), team: String(card.data.teamKpis.transfers), better: true },
  ] : [];
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('reports.scorecard.title')}</Title>
        <TextInput type="month" label={t('reports.scorecard.month')} value={m} onChange={(e) => e.currentTarget.value && setM(e.currentTarget.value)} w={180} />
      </Group>
      {card.isPending ? <Center p="xl"><Loader aria-label={t('common.loading')} /></Center> : null}
      {card.error ? <Alert color="red" role="alert">{errorMessage(card.error)}</Alert> : null}
      {card.data ? (
        <>
          <Text c="dimmed">{card.data.team ? t('reports.scorecard.vsTeam', { team: card.data.team.name }) : t('reports.scorecard.vsAll')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="scorecard">
            {rows.map((r) => (
              <Card key={r.label} withBorder padding="md">
                <Text size="sm" c="dimmed">{r.label}</Text>
                <Group justify="space-between" align="baseline">
                  <Text fw={700} fz={26} dir="ltr" c={r.better ? 'teal' : 'orange'}>{r.me}</Text>
                  <Text size="sm" c="dimmed">{t('reports.scorecard.team')}: <span dir="ltr">{r.team}</span></Text>
                </Group>
              </Card>
            ))}
          </SimpleGrid>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.scorecard.week')}</Table.Th>
                <Table.Th ta="end">{t('reports.kpi.handled')}</Table.Th>
                <Table.Th ta="end">{t('reports.kpi.aht')}</Table.Th>
                <Table.Th ta="end">{t('reports.kpi.fcr')}</Table.Th>
                <Table.Th ta="end">{t('reports.kpi.csat')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {card.data.weeks.map((w) => (
                <Table.Tr key={w.period}>
                  <Table.Td dir="ltr" ta="start">{w.period}</Table.Td>
                  <Table.Td ta="end">{w.handled}</Table.Td>
                  <Table.Td ta="end" dir="ltr">{dur(w.aht)}</Table.Td>
                  <Table.Td ta="end">{pct(w.fcr)}</Table.Td>
                  <Table.Td ta="end">{pct(w.csat)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : null}
    </Stack>
  );
}
