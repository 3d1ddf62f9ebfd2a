import { Alert, Badge, Button, Center, Group, Loader, MultiSelect, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconBellRinging, IconPlayerSkipForward, IconRepeat, IconUserOff, IconCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';
import { useCurrentSession } from '../auth/session';

interface StaffBranch { id: string; name: string; language: string | null; services: { id: string; name: string; letter: string }[]; counters: string[] }
interface Ticket { id: string; number: string; serviceName: string; status: 'waiting' | 'called' | 'done' | 'no_show'; counter: string | null; calledById: string | null; recalls: number; calledAt: string | null; createdAt: string; interactionId: string | null }

const remembered = (k: string) => { try { return localStorage.getItem(`tawasul.branch.${k}`); } catch { return null; } };
const remember = (k: string, v: string) => { try { localStorage.setItem(`tawasul.branch.${k}`, v); } catch { /* private mode */ } };
const statusColor: Record<Ticket['status'], string> = { waiting: 'yellow', called: 'blue', done: 'green', no_show: 'gray' };

/** The agent's branch desk (`/branch`): call the next customer to a counter, recall, no-show, done. */
export function BranchDeskPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const fmt = useFormat();
  const qc = useQueryClient();
  usePageTitle(t('branchDesk.title'));
  const branches = useQuery({ queryKey: ['walk-in', 'branches'], queryFn: ({ signal }) => api<{ items: StaffBranch[] }>('/walk-in/branches', { signal }).then((r) => r.items) });
  const [branchId, setBranchId] = useState<string | null>(remembered('id'));
  const [counter, setCounter] = useState(remembered('counter') ?? '');
  const [services, setServices] = useState<string[]>([]);
  const branch = branches.data?.find((b) => b.id === branchId) ?? (branches.data?.length === 1 ? branches.data[0] : undefined);
  useEffect(() => { if (branch) remember('id', branch.id); }, [branch]);
  useEffect(() => { if (counter) remember('counter', counter); }, [counter]);
  const ticketsKey = ['walk-in', 'tickets', branch?.id];
  const tickets = useQuery({
    queryKey: ticketsKey, enabled: !!branch, refetchInterval: 5000,
    queryFn: ({ signal }) => api<{ items: Ticket[] }>(`/walk-in/branches/${branch!.id}/tickets`, { signal }).then((r) => r.items),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ticketsKey });
  const me = useCurrentSession().user.id;
  const [justCalled, setJustCalled] = useState<Ticket | null>(null);
  // The ticket I am serving: the one I just called, else my latest call still open (after a reload).
  const mine = (tickets.data ?? []).filter((x) => x.status === 'called' && x.calledById === me)
    .sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? ''))[0];
  const justCalledNow = justCalled ? tickets.data?.find((x) => x.id === justCalled.id) ?? justCalled : undefined;
  const current = justCalledNow?.status === 'called' ? justCalledNow : mine ?? null;
  const act = useMutation({
    mutationFn: (a: { kind: 'next' } | { kind: 'recall' | 'no-show' | 'done'; id: string }) => a.kind === 'next'
      ? api<{ ticket: Ticket }>(`/walk-in/branches/${branch!.id}/call-next`, { method: 'POST', body: { counter: counter.trim(), ...(services.length ? { services } : {}) } })
      : api<{ ticket: Ticket }>(`/walk-in/tickets/${a.id}/${a.kind}`, { method: 'POST' }),
    onSuccess: (r) => { setJustCalled(r.ticket.status === 'called' ? r.ticket : null); void refresh(); },
  });

  if (branches.isPending) return <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>;
  if (branches.error) return <Alert color="red" role="alert">{errorMessage(branches.error)}</Alert>;
  if (!branches.data?.length) return <Stack><Title order={2}>{t('branchDesk.title')}</Title><Text c="dimmed">{t('branchDesk.noBranches')}</Text></Stack>;
  const items = tickets.data ?? [];
  const waiting = items.filter((x) => x.status === 'waiting').length;
  const nobody = act.error instanceof ApiError && act.error.status === 404;

  return (
    <Stack gap="md">
      <Title order={2}>{t('branchDesk.title')}</Title>
      <Group align="flex-end" wrap="wrap">
        <Select label={t('branchDesk.branch')} data={branches.data.map((b) => ({ value: b.id, label: b.name }))} value={branch?.id ?? null} onChange={setBranchId} allowDeselect={false} w={240} />
        {branch?.counters.length ? (
          <Select label={t('branchDesk.counter')} data={branch.counters} value={counter || null} onChange={(v) => setCounter(v ?? '')} w={180} data-testid="desk-counter" />
        ) : (
          <TextInput label={t('branchDesk.counter')} value={counter} onChange={(e) => setCounter(e.currentTarget.value)} w={180} data-testid="desk-counter" />
        )}
        {branch ? (
          <MultiSelect label={t('branchDesk.services')} placeholder={t('branchDesk.allServices')} data={branch.services.map((s) => ({ value: s.id, label: `${s.letter} · ${s.name}` }))} value={services} onChange={setServices} w={280} clearable />
        ) : null}
      </Group>
      <Paper withBorder p="lg" radius="md">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={0}>
            <Text size="sm" c="dimmed">{t('branchDesk.serving')}</Text>
            <Text fz={44} fw={800} dir="ltr" data-testid="desk-current">{current?.number ?? '—'}</Text>
            {current ? <Text><bdi>{current.serviceName}</bdi> · <bdi>{current.counter}</bdi></Text> : null}
          </Stack>
          <Group>
            {current ? (
              <>
                <Button variant="default" leftSection={<IconRepeat size={16} aria-hidden />} onClick={() => act.mutate({ kind: 'recall', id: current.id })}>{t('branchDesk.recall')}</Button>
                <Button variant="default" color="red" leftSection={<IconUserOff size={16} aria-hidden />} onClick={() => act.mutate({ kind: 'no-show', id: current.id })}>{t('branchDesk.noShow')}</Button>
                <Button variant="light" color="green" leftSection={<IconCheck size={16} aria-hidden />} onClick={() => act.mutate({ kind: 'done', id: current.id })}>{t('branchDesk.done')}</Button>
              </>
            ) : null}
            <Button size="md" leftSection={<IconPlayerSkipForward size={18} aria-hidden />} disabled={!branch || !counter.trim()} loading={act.isPending} onClick={() => act.mutate({ kind: 'next' })} data-testid="desk-call-next">
              {t('branchDesk.callNext')}
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed" mt="xs"><IconBellRinging size={14} aria-hidden /> {t('branchDesk.waitingCount', { count: waiting })}</Text>
        {act.error ? <Alert mt="sm" color={nobody ? 'yellow' : 'red'} role="alert">{nobody ? t('branchDesk.nobodyWaiting') : errorMessage(act.error)}</Alert> : null}
      </Paper>
      <Table.ScrollContainer minWidth={560}>
        <Table striped verticalSpacing="xs" aria-label={t('branchDesk.today')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('branchDesk.ticket')}</Table.Th>
              <Table.Th>{t('branchDesk.service')}</Table.Th>
              <Table.Th>{t('branchDesk.status')}</Table.Th>
              <Table.Th>{t('branchDesk.counterColumn')}</Table.Th>
              <Table.Th>{t('branchDesk.taken')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td fw={700} dir="ltr">{x.number}</Table.Td>
                <Table.Td><bdi>{x.serviceName}</bdi></Table.Td>
                <Table.Td><Badge variant="light" color={statusColor[x.status]}>{t(`branchDesk.statuses.${x.status}`)}</Badge></Table.Td>
                <Table.Td><bdi>{x.counter ?? ''}</bdi></Table.Td>
                <Table.Td>{fmt.dateTime(x.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
