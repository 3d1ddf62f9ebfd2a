import { Alert, Button, Group, Menu, Modal, Radio, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClockPause, IconClockPlay } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, type Page } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useOrders } from '../customers/api';
import { useColleagues, useContactAction, useWrapUpCodes } from './api';
import type { Interaction, Message } from './types';

export type ActionKind = 'transfer' | 'escalate' | 'case' | 'end' | null;

const priorities = ['low', 'normal', 'high', 'urgent'];
const caseTypes = ['complaint', 'suggestion', 'return', 'exchange', 'inquiry'];

/** The contact's actions: transfer, escalate, case, priority and end (wrap-up); each also has a shortcut. */
export function ActionBar({ interaction, open, onOpen, snoozedUntil }: { interaction: Interaction; open: ActionKind; onOpen: (a: ActionKind) => void; snoozedUntil?: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const f = useFormat();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const snooze = useContactAction(interaction.id, (until: string | null) => api(`/interactions/${interaction.id}/snooze`, { method: 'POST', body: { until } }));
  const doSnooze = (until: Date | null) => snooze.mutate(until ? until.toISOString() : null, {
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['desktop', 'snoozed'] });
      notifications.show({ color: 'blue', message: until ? t('desktop.snooze.done', { time: f.dateTime(until.toISOString()) }) : t('desktop.snooze.woken') });
      if (until) navigate('/desktop');
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const priority = useContactAction(interaction.id, (p: string) => api(`/interactions/${interaction.id}`, { method: 'PATCH', body: { priority: p } }));
  const wrapping = interaction.status === 'wrap_up';
  const close = () => onOpen(null);
  return (
    <Group gap="xs" wrap="wrap" role="toolbar" aria-label={t('desktop.actions')}>
      <Button size="xs" variant="default" onClick={() => onOpen('transfer')} disabled={wrapping} aria-keyshortcuts="Alt+T" data-testid="action-transfer">{t('desktop.transfer')}</Button>
      <Button size="xs" variant="default" onClick={() => onOpen('escalate')} aria-keyshortcuts="Alt+E" data-testid="action-escalate">{t('desktop.escalate')}</Button>
      <Button size="xs" variant="default" onClick={() => onOpen('case')} aria-keyshortcuts="Alt+C">{t('desktop.case')}</Button>
      <Select
        size="xs"
        w={130}
        aria-label={t('desktop.priority')}
        value={interaction.priority}
        data={priorities.map((p) => ({ value: p, label: t(`desktop.priorities.${p}`) }))}
        onChange={(p) => p && priority.mutate(p, { onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }) })}
        allowDeselect={false}
      />
      {interaction.channel === 'email' && interaction.status === 'active' ? (
        snoozedUntil ? (
          <Button size="xs" variant="light" leftSection={<IconClockPlay size={16} aria-hidden />} onClick={() => doSnooze(null)} loading={snooze.isPending} data-testid="action-wake"
            title={t('desktop.snooze.until', { time: f.dateTime(snoozedUntil) })}>
            {t('desktop.snooze.wake')}
          </Button>
        ) : (
          <Menu position="bottom-end">
            <Menu.Target>
              <Button size="xs" variant="default" leftSection={<IconClockPause size={16} aria-hidden />} loading={snooze.isPending} data-testid="action-snooze">{t('desktop.snooze.action')}</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {snoozeChoices().map((c) => (
                <Menu.Item key={c.key} onClick={() => doSnooze(c.until)}>{t(`desktop.snooze.${c.key}`)}</Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )
      ) : null}
      <Button size="xs" color={wrapping ? 'orange' : 'red'} variant="light" onClick={() => onOpen('end')} aria-keyshortcuts="Alt+W" data-testid="action-end">
        {wrapping ? t('desktop.finishWrapUp') : t('desktop.end')}
      </Button>
      <TransferModal interaction={interaction} opened={open === 'transfer'} onClose={close} />
      <EscalateModal interaction={interaction} opened={open === 'escalate'} onClose={close} />
      <CaseModal interaction={interaction} opened={open === 'case'} onClose={close} />
      <WrapUpModal interaction={interaction} opened={open === 'end'} onClose={close} />
    </Group>
  );
}

type Consult = { to: string; toName: string; by: string; status: 'asked' | 'accepted' | 'declined' };

/**
 * Warm transfer, for the agent who asked: while the colleague has not answered, a waiting line; once they
 * accept, "Complete transfer" hands the contact over (with the ask as the transfer note); a decline is shown.
 */
export function ConsultBanner({ interaction, messages, userId }: { interaction: Interaction; messages: Message[]; userId: string }) {
  const { t } = useTranslation();
  const s = useSubmit(() => undefined);
  const act = useContactAction(interaction.id, (body: object) => api(`/interactions/${interaction.id}/transfer`, { method: 'POST', body }));
  const last = [...messages].reverse().find((m) => m.kind === 'note' && m.meta.consult);
  const c = last?.meta.consult as Consult | undefined;
  if (!last || !c || c.by !== userId || interaction.status !== 'active' || interaction.assigneeId !== userId) return null;
  if (c.status === 'asked') return <Alert color="blue" p="xs" data-testid="consult-banner" data-status="asked">{t('desktop.consult.waiting', { name: c.toName })}</Alert>;
  if (c.status === 'declined') return <Alert color="orange" p="xs" data-testid="consult-banner" data-status="declined">{t('desktop.consult.declined', { name: c.toName })}</Alert>;
  return (
    <Alert color="green" p="xs" data-testid="consult-banner" data-status="accepted">
      <Group justify="space-between" wrap="nowrap">
        <span>{t('desktop.consult.ready', { name: c.toName })}</span>
        <Button size="xs" loading={s.busy} data-testid="consult-complete"
          onClick={() => void s.run(() => act.mutateAsync({ agentId: c.to, note: last.body }), t('desktop.transferred'))}>
          {t('desktop.consult.complete')}
        </Button>
      </Group>
      {s.error ? <div role="alert">{s.error}</div> : null}
    </Alert>
  );
}

/** When a snooze ends: in an hour, in four hours, tomorrow at 9:00 (local time), next Monday at 9:00. */
export function snoozeChoices(now = new Date()) {
  const at9 = (days: number) => {
    const d = new Date(now);
    d.setDate(d.getDate() + days);
    d.setHours(9, 0, 0, 0);
    return d;
  };
  const toMonday = ((8 - now.getDay()) % 7) || 7;
  return [
    { key: 'hour', until: new Date(now.getTime() + 3600_000) },
    { key: 'fourHours', until: new Date(now.getTime() + 4 * 3600_000) },
    { key: 'tomorrow', until: at9(1) },
    { key: 'nextWeek', until: at9(toMonday) },
  ];
}

type ModalProps = { interaction: Interaction; opened: boolean; onClose: () => void };

function useSubmit(onClose: () => void) {
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      if (done) notifications.show({ color: 'green', message: done });
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function TransferModal({ interaction, opened, onClose }: ModalProps) {
  const { t } = useTranslation();
  const colleagues = useColleagues();
  const queues = useQuery({ queryKey: ['desktop', 'queues'], enabled: opened, queryFn: () => api<{ items: { id: string; name: string; departmentId: string | null }[] }>('/queues').then((r) => r.items) });
  const departments = useQuery({ queryKey: ['desktop', 'departments'], enabled: opened, queryFn: () => api<{ items: { id: string; name: string }[] }>('/departments').then((r) => r.items) });
  const [kind, setKind] = useState<'agent' | 'queue' | 'department'>('agent');
  const [target, setTarget] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [mode, setMode] = useState<'cold' | 'warm'>('cold');
  const s = useSubmit(onClose);
  const act = useContactAction(interaction.id, (body: object) => api(`/interactions/${interaction.id}/transfer`, { method: 'POST', body }));
  const warm = kind === 'agent' && mode === 'warm';
  const options = kind === 'agent'
    ? (colleagues.data ?? []).filter((c) => c.id !== interaction.assigneeId && c.role !== 'admin').map((c) => ({ value: c.id, label: c.name }))
    : kind === 'queue' ? (queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))
      : (departments.data ?? []).filter((d) => (queues.data ?? []).some((q) => q.departmentId === d.id)).map((d) => ({ value: d.id, label: d.name }));
  const submit = () => {
    if (!target) return;
    if (warm) {
      const name = (colleagues.data ?? []).find((c) => c.id === target)?.name ?? '';
      void s.run(() => api(`/interactions/${interaction.id}/consult`, { method: 'POST', body: { agentId: target, note: note.trim() } }), t('desktop.consult.asked', { name }));
      return;
    }
    const queueId = kind === 'queue' ? target : kind === 'department' ? (queues.data ?? []).find((q) => q.departmentId === target)?.id : undefined;
    void s.run(() => act.mutateAsync({ ...(kind === 'agent' ? { agentId: target } : { queueId }), ...(note.trim() ? { note: note.trim() } : {}) }), t('desktop.transferred'));
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('desktop.transferTitle')}>
      <Stack>
        <Radio.Group value={kind} onChange={(v) => { setKind(v as typeof kind); setTarget(null); }} label={t('desktop.transferTo')}>
          <Group mt={4}>
            <Radio value="agent" label={t('desktop.toAgent')} />
            <Radio value="queue" label={t('desktop.toQueue')} />
            <Radio value="department" label={t('desktop.toDepartment')} />
          </Group>
        </Radio.Group>
        <Select label={t(`desktop.${kind === 'agent' ? 'toAgent' : kind === 'queue' ? 'toQueue' : 'toDepartment'}`)} data={options} value={target} onChange={setTarget} searchable data-testid="transfer-target" />
        {kind === 'agent' ? (
          <Radio.Group value={mode} onChange={(v) => setMode(v as 'cold' | 'warm')} label={t('desktop.consult.mode')}>
            <Stack gap={4} mt={4}>
              <Radio value="cold" label={t('desktop.consult.cold')} data-testid="transfer-cold" />
              <Radio value="warm" label={t('desktop.consult.warm')} data-testid="transfer-warm" />
            </Stack>
          </Radio.Group>
        ) : null}
        <Textarea label={t('desktop.transferNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} required={warm} data-testid="transfer-note" />
        {s.error ? <div role="alert" style={{ color: 'var(--mantine-color-red-8)' }}>{s.error}</div> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={submit} loading={s.busy} disabled={!target || (warm && !note.trim())} data-testid="transfer-submit">{warm ? t('desktop.consult.ask') : t('desktop.transfer')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function EscalateModal({ interaction, opened, onClose }: ModalProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const s = useSubmit(onClose);
  return (
    <Modal opened={opened} onClose={onClose} title={t('desktop.escalateTitle')}>
      <Stack>
        <Textarea label={t('desktop.escalateReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-autofocus data-testid="escalate-reason" />
        {s.error ? <div role="alert" style={{ color: 'var(--mantine-color-red-8)' }}>{s.error}</div> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color="orange" loading={s.busy} disabled={!reason.trim()} data-testid="escalate-submit"
            onClick={() => void s.run(() => api(`/interactions/${interaction.id}/escalate`, { method: 'POST', body: { reason: reason.trim() } }).then(() => setReason('')), t('desktop.escalated'))}>
            {t('desktop.escalate')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CaseModal({ interaction, opened, onClose }: ModalProps) {
  const { t } = useTranslation();
  const orders = useOrders(interaction.customerId);
  const cases = useQuery({ queryKey: ['desktop', 'cases', interaction.customerId], enabled: opened, queryFn: () => api<Page<{ id: string; number: number; subject: string; status: string }>>('/cases', { query: { customerId: interaction.customerId, limit: 20 } }).then((r) => r.items) });
  const [mode, setMode] = useState<'new' | 'link'>('new');
  const [type, setType] = useState<string | null>('inquiry');
  const [subject, setSubject] = useState('');
  const [orderId, setOrderId] = useState<string | null>(null);
  const [caseId, setCaseId] = useState<string | null>(null);
  const s = useSubmit(onClose);
  const act = useContactAction(interaction.id, async () => {
    if (mode === 'link') return api(`/cases/${caseId}/interactions`, { method: 'POST', body: { interactionId: interaction.id } });
    const { case: c } = await api<{ case: { id: string } }>('/cases', { method: 'POST', body: { customerId: interaction.customerId, type, subject: subject.trim(), ...(orderId ? { orderId } : {}) } });
    return api(`/cases/${c.id}/interactions`, { method: 'POST', body: { interactionId: interaction.id } });
  });
  const needsOrder = type === 'return' || type === 'exchange';
  return (
    <Modal opened={opened} onClose={onClose} title={t('desktop.caseTitle')}>
      <Stack>
        <Radio.Group value={mode} onChange={(v) => setMode(v as 'new' | 'link')}>
          <Group><Radio value="new" label={t('desktop.newCase')} /><Radio value="link" label={t('desktop.linkCase')} /></Group>
        </Radio.Group>
        {mode === 'new' ? (
          <>
            <Select label={t('desktop.caseType')} data={caseTypes.map((c) => ({ value: c, label: t(`caseTypes.${c}`, { defaultValue: c }) }))} value={type} onChange={setType} allowDeselect={false} />
            <TextInput label={t('desktop.caseSubject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
            <Select label={t('desktop.order')} clearable searchable data={(orders.data ?? []).map((o) => ({ value: o.id, label: `${o.number} · ${t(`orderStatuses.${o.status}`, { defaultValue: o.status })}` }))} value={orderId} onChange={setOrderId} />
          </>
        ) : (
          <Select label={t('desktop.linkCase')} data={(cases.data ?? []).map((c) => ({ value: c.id, label: `#${c.number} ${c.subject}` }))} value={caseId} onChange={setCaseId} />
        )}
        {s.error ? <div role="alert" style={{ color: 'var(--mantine-color-red-8)' }}>{s.error}</div> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button loading={s.busy} disabled={mode === 'new' ? !subject.trim() || (needsOrder && !orderId) : !caseId} onClick={() => void s.run(() => act.mutateAsync(undefined), t('desktop.caseSaved'))}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function WrapUpModal({ interaction, opened, onClose }: ModalProps) {
  const { t } = useTranslation();
  const codes = useWrapUpCodes();
  const [reason, setReason] = useState<string | null>(null);
  const [disposition, setDisposition] = useState<string | null>(null);
  const [resolved, setResolved] = useState<'yes' | 'no'>('yes');
  const s = useSubmit(onClose);
  const reasons = (codes.data ?? []).filter((c) => c.kind === 'reason' && c.active).map((c) => c.label);
  const dispositions = (codes.data ?? []).filter((c) => c.kind === 'disposition' && c.active).map((c) => c.label);
  const act = useContactAction(interaction.id, async () => {
    if (interaction.status === 'active') await api(`/interactions/${interaction.id}/wrap-up`, { method: 'POST' });
    return api(`/interactions/${interaction.id}/close`, { method: 'POST', body: { resolved: resolved === 'yes', ...(reason ? { reason } : {}), ...(disposition ? { disposition } : {}) } });
  });
  const ready = (!reasons.length || !!reason) && (!dispositions.length || !!disposition);
  return (
    <Modal opened={opened} onClose={onClose} title={t('desktop.wrapUpTitle')}>
      <Stack>
        {reasons.length ? <Select label={t('desktop.contactReason')} required data={reasons} value={reason} onChange={setReason} searchable data-testid="wrapup-reason" /> : null}
        {dispositions.length ? <Select label={t('desktop.disposition')} required data={dispositions} value={disposition} onChange={setDisposition} searchable data-testid="wrapup-disposition" /> : null}
        <Radio.Group label={t('desktop.resolved')} value={resolved} onChange={(v) => setResolved(v as 'yes' | 'no')}>
          <Group mt={4}><Radio value="yes" label={t('desktop.resolvedYes')} /><Radio value="no" label={t('desktop.resolvedNo')} /></Group>
        </Radio.Group>
        {s.error ? <div role="alert" style={{ color: 'var(--mantine-color-red-8)' }}>{s.error}</div> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color="red" loading={s.busy} disabled={!ready} onClick={() => void s.run(() => act.mutateAsync(undefined), t('desktop.closed'))} data-testid="wrapup-submit">
            {t('desktop.closeContact')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
