import {
  ActionIcon,
  Alert,
  Autocomplete,
  Badge,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Input,
  List,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/errors';
import { languageInfo } from '../../../lib/i18n/languages';
import { useCurrentSession } from '../../auth/session';
import { useDepartments } from '../departments/api';
import { useUsers } from '../users/api';
import { useServiceLanguageOptions } from '../users/languages';
import { useSaveQueue } from './api';
import { draftFrom, newKey, toInput, validate, type QueueDraft } from './draft';
import {
  closedActions,
  defaultAcceptTimeouts,
  expireActions,
  overflowActions,
  queueChannels,
  strategies,
  type OverflowAction,
  type OverflowStep,
  type Queue,
} from './types';

interface Props {
  queue?: Queue;
  queues: Queue[];
  opened: boolean;
  onClose: () => void;
}

export function QueueFormModal({ queue, queues, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={queue ? t('queues.editTitle', { name: queue.name }) : t('queues.createTitle')}
      size="xl"
    >
      {opened ? <QueueForm queue={queue} queues={queues} onClose={onClose} /> : null}
    </Modal>
  );
}

type Setter = <K extends keyof QueueDraft>(key: K, value: QueueDraft[K]) => void;

function useNumber(set: Setter) {
  return <K extends keyof QueueDraft>(key: K) =>
    (v: string | number) => set(key, (v === '' ? '' : Number(v)) as QueueDraft[K]);
}

function QueueForm({ queue, queues, onClose }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { workspace } = useCurrentSession();
  const save = useSaveQueue(queue?.id);
  const [draft, setDraft] = useState<QueueDraft>(() => draftFrom(queue, workspace.timezone));
  const [showProblems, setShowProblems] = useState(false);
  const set: Setter = (key, value) => setDraft((d) => ({ ...d, [key]: value }));
  const problems = validate(draft);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problems.length) {
      setShowProblems(true);
      return;
    }
    save.mutate(toInput(draft, queue), { onSuccess: onClose });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Tabs defaultValue="basics" keepMounted>
          <Tabs.List>
            <Tabs.Tab value="basics">{t('queues.sections.basics')}</Tabs.Tab>
            <Tabs.Tab value="routing">{t('queues.sections.routing')}</Tabs.Tab>
            <Tabs.Tab value="service">{t('queues.sections.serviceLevel')}</Tabs.Tab>
            <Tabs.Tab value="hours">{t('queues.sections.hours')}</Tabs.Tab>
            <Tabs.Tab value="overflow">{t('queues.sections.overflow')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="basics" pt="md"><Basics draft={draft} set={set} /></Tabs.Panel>
          <Tabs.Panel value="routing" pt="md"><Routing draft={draft} set={set} /></Tabs.Panel>
          <Tabs.Panel value="service" pt="md"><ServiceLevel draft={draft} set={set} /></Tabs.Panel>
          <Tabs.Panel value="hours" pt="md"><HoursEditor draft={draft} set={set} /></Tabs.Panel>
          <Tabs.Panel value="overflow" pt="md"><OverflowEditor draft={draft} set={set} queues={queues.filter((q) => q.id !== queue?.id)} /></Tabs.Panel>
        </Tabs>
        {showProblems && problems.length ? (
          <Alert color="red" role="alert" title={t('queues.problems.title')}>
            <List size="sm">
              {problems.map((p) => <List.Item key={p.key + JSON.stringify(p.values ?? {})}>{t(p.key, p.values)}</List.Item>)}
            </List>
          </Alert>
        ) : null}
        {save.error ? <Alert color="red" role="alert">{errorMessage(save.error)}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={save.isPending}>{queue ? t('common.save') : t('common.create')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

interface SectionProps {
  draft: QueueDraft;
  set: Setter;
}

function useChannelOptions() {
  const { t } = useTranslation();
  return queueChannels.map((c) => ({ value: c, label: t(`channels.${c}`) }));
}

function Basics({ draft, set }: SectionProps) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const languageOptions = useServiceLanguageOptions();
  const channelOptions = useChannelOptions();
  return (
    <Stack gap="sm">
      <TextInput dir="auto" label={t('queues.fields.name')} required value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} data-autofocus />
      <Select
        label={t('queues.fields.department')}
        placeholder={t('queues.noDepartment')}
        data={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
        value={draft.departmentId}
        onChange={(v) => set('departmentId', v)}
        clearable
        searchable
      />
      <MultiSelect
        label={t('queues.fields.channels')}
        description={t('queues.channelsHint')}
        data={channelOptions}
        value={draft.channels}
        onChange={(v) => set('channels', v)}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('queues.fields.language')}
          description={t('queues.languageHint')}
          placeholder={t('queues.anyLanguage')}
          data={languageOptions}
          value={draft.language}
          onChange={(v) => set('language', v)}
          clearable
        />
        <NumberInput
          label={t('queues.fields.priority')}
          description={t('queues.priorityHint')}
          value={draft.priority}
          onChange={(v) => set('priority', typeof v === 'number' ? v : Number(v) || 0)}
          min={-1000}
          max={1000}
          allowDecimal={false}
        />
      </SimpleGrid>
    </Stack>
  );
}

/** Skills people have, for suggestions; any other text is allowed too. */
function useKnownSkills(): string[] {
  const users = useUsers('');
  const { data, hasNextPage, fetchNextPage, isFetchingNextPage } = users;
  const pages = data?.pages.length ?? 0;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && pages < 10) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, pages, fetchNextPage]);
  return useMemo(
    () => [...new Set((data?.pages ?? []).flatMap((p) => p.items).flatMap((u) => u.skills.map((s) => s.skill)))].sort(),
    [data],
  );
}

function Routing({ draft, set }: SectionProps) {
  const { t } = useTranslation();
  const skills = useKnownSkills();
  const number = useNumber(set);
  const setSkill = (i: number, patch: Partial<QueueDraft['requiredSkills'][number]>) =>
    set('requiredSkills', draft.requiredSkills.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <Stack gap="md">
      <Select
        label={t('queues.fields.strategy')}
        data={strategies.map((s) => ({ value: s, label: t(`queues.strategies.${s}`) }))}
        value={draft.strategy}
        onChange={(v) => v && set('strategy', v as QueueDraft['strategy'])}
        allowDeselect={false}
        description={t(`queues.strategyHints.${draft.strategy}`)}
      />
      <Fieldset legend={t('queues.fields.requiredSkills')}>
        <Stack gap={6}>
          {draft.requiredSkills.length === 0 ? <Text size="sm" c="dimmed">{t('queues.noSkills')}</Text> : null}
          {draft.requiredSkills.map((s, i) => (
            <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
              <Autocomplete
                label={t('queues.skill.name')}
                data={skills}
                value={s.skill}
                onChange={(v) => setSkill(i, { skill: v })}
                style={{ flex: 1 }}
              />
              <NumberInput
                label={t('queues.skill.minLevel')}
                min={1}
                max={5}
                clampBehavior="strict"
                allowDecimal={false}
                value={s.minLevel}
                onChange={(v) => setSkill(i, { minLevel: typeof v === 'number' ? v : Number(v) || 1 })}
                w={130}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                mb={2}
                aria-label={t('queues.skill.remove', { skill: s.skill || i + 1 })}
                onClick={() => set('requiredSkills', draft.requiredSkills.filter((_, j) => j !== i))}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => set('requiredSkills', [...draft.requiredSkills, { skill: '', minLevel: 1 }])}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('queues.skill.add')}
          </Button>
        </Stack>
      </Fieldset>
      <Fieldset legend={t('queues.fields.acceptTimeouts')}>
        {draft.channels.length === 0 ? <Text size="sm" c="dimmed">{t('queues.noChannels')}</Text> : null}
        <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }}>
          {draft.channels.map((c) => (
            <NumberInput
              key={c}
              label={t(`channels.${c}`)}
              placeholder={defaultAcceptTimeouts[c] ? t('queues.defaultValue', { value: defaultAcceptTimeouts[c] }) : undefined}
              suffix={` ${t('queues.secondsShort')}`}
              min={2}
              max={600}
              allowDecimal={false}
              value={draft.acceptTimeouts[c] ?? ''}
              onChange={(v) => set('acceptTimeouts', { ...draft.acceptTimeouts, [c]: v === '' ? '' : Number(v) })}
            />
          ))}
        </SimpleGrid>
      </Fieldset>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label={t('queues.fields.maxMissedOffers')}
          description={t('queues.maxMissedHint')}
          placeholder={t('queues.defaultValue', { value: 3 })}
          min={1}
          max={20}
          allowDecimal={false}
          value={draft.maxMissedOffers}
          onChange={number('maxMissedOffers')}
        />
        <NumberInput
          label={t('queues.fields.agingPerMinute')}
          description={t('queues.agingHint')}
          placeholder={t('queues.defaultValue', { value: 0 })}
          min={0}
          max={100}
          decimalScale={2}
          value={draft.agingPerMinute}
          onChange={number('agingPerMinute')}
        />
        <NumberInput
          label={t('queues.fields.afterContactWorkSeconds')}
          description={t('queues.acwHint')}
          placeholder={t('queues.defaultValue', { value: 30 })}
          min={0}
          max={3600}
          suffix={` ${t('queues.secondsShort')}`}
          allowDecimal={false}
          value={draft.afterContactWorkSeconds}
          onChange={number('afterContactWorkSeconds')}
        />
        <NumberInput
          label={t('queues.fields.preferredAgentSeconds')}
          description={t('queues.preferredAgentHint')}
          placeholder={t('queues.defaultValue', { value: 30 })}
          min={0}
          max={3600}
          suffix={` ${t('queues.secondsShort')}`}
          allowDecimal={false}
          value={draft.preferredAgentSeconds}
          onChange={number('preferredAgentSeconds')}
        />
      </SimpleGrid>
    </Stack>
  );
}

function ServiceLevel({ draft, set }: SectionProps) {
  const { t } = useTranslation();
  const number = useNumber(set);
  return (
    <Stack gap="md">
      <Fieldset legend={t('queues.fields.serviceLevel')}>
        <Text size="sm" c="dimmed" mb="xs">{t('queues.serviceLevelHint')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput label={t('queues.fields.slPercent')} placeholder="80" min={1} max={100} suffix=" %" allowDecimal={false} value={draft.slPercent} onChange={number('slPercent')} />
          <NumberInput label={t('queues.fields.slSeconds')} placeholder="20" min={1} max={3600} suffix={` ${t('queues.secondsShort')}`} allowDecimal={false} value={draft.slSeconds} onChange={number('slSeconds')} />
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t('queues.waitLimit')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('queues.fields.maxWaitSeconds')}
            description={t('queues.maxWaitHint')}
            min={1}
            max={86_400}
            suffix={` ${t('queues.secondsShort')}`}
            allowDecimal={false}
            value={draft.maxWaitSeconds}
            onChange={number('maxWaitSeconds')}
          />
          <Select
            label={t('queues.fields.expireAction')}
            placeholder={t('queues.defaultAction', { action: t('queues.actions.voicemail') })}
            data={expireActions.map((a) => ({ value: a, label: t(`queues.actions.${a}`) }))}
            value={draft.expireAction}
            onChange={(v) => set('expireAction', v as QueueDraft['expireAction'])}
            clearable
          />
        </SimpleGrid>
      </Fieldset>
    </Stack>
  );
}

/** Day numbers in the order people of this language read a week (0 = Sunday, as the server counts). */
function useWeekDays() {
  const { t, i18n } = useTranslation();
  const first = languageInfo(i18n.language).code === 'ar' ? 6 : 1;
  return Array.from({ length: 7 }, (_, i) => (first + i) % 7).map((day) => ({ day, name: t(`queues.days.${day}`) }));
}

function HoursEditor({ draft, set }: SectionProps) {
  const { t } = useTranslation();
  const days = useWeekDays();
  const [holiday, setHoliday] = useState('');
  const timezones = useMemo(() => {
    try {
      return Intl.supportedValuesOf('timeZone');
    } catch {
      return [draft.timezone];
    }
  }, [draft.timezone]);
  const weekly = draft.weekly;
  const setWeekly = (next: typeof weekly) => set('weekly', next);
  const addHoliday = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday) || draft.holidays.includes(holiday)) return;
    set('holidays', [...draft.holidays, holiday].sort());
    setHoliday('');
  };

  return (
    <Stack gap="md">
      <Switch
        label={t('queues.hoursEnabled')}
        description={t('queues.hoursEnabledHint')}
        checked={draft.hoursEnabled}
        onChange={(e) => set('hoursEnabled', e.currentTarget.checked)}
      />
      {draft.hoursEnabled ? (
        <>
          <Select
            label={t('queues.fields.timezone')}
            data={timezones}
            value={draft.timezone}
            onChange={(v) => v && set('timezone', v)}
            searchable
            allowDeselect={false}
            maw={360}
          />
          <Fieldset legend={t('queues.fields.weekly')}>
            <Table verticalSpacing={6} aria-label={t('queues.fields.weekly')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('queues.day')}</Table.Th>
                  <Table.Th>{t('queues.openOnDay')}</Table.Th>
                  <Table.Th>{t('queues.intervals')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {days.map(({ day, name }) => {
                  const intervals = weekly.map((w, index) => ({ w, index })).filter(({ w }) => w.day === day);
                  return (
                    <Table.Tr key={day}>
                      <Table.Td fw={500}>{name}</Table.Td>
                      <Table.Td>
                        <Checkbox
                          aria-label={t('queues.openOn', { day: name })}
                          checked={intervals.length > 0}
                          onChange={(e) =>
                            setWeekly(
                              e.currentTarget.checked
                                ? [...weekly, { day, open: '09:00', close: '18:00' }]
                                : weekly.filter((w) => w.day !== day),
                            )
                          }
                        />
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4}>
                          {intervals.map(({ w, index }) => (
                            <Group key={index} gap={6} wrap="nowrap">
                              <TextInput
                                type="time"
                                size="xs"
                                aria-label={t('queues.opensAt', { day: name })}
                                value={w.open}
                                onChange={(e) => setWeekly(weekly.map((x, j) => (j === index ? { ...x, open: e.currentTarget.value } : x)))}
                                dir="ltr"
                                error={w.open >= w.close}
                              />
                              <Text size="xs" aria-hidden>–</Text>
                              <TextInput
                                type="time"
                                size="xs"
                                aria-label={t('queues.closesAt', { day: name })}
                                value={w.close}
                                onChange={(e) => setWeekly(weekly.map((x, j) => (j === index ? { ...x, close: e.currentTarget.value } : x)))}
                                dir="ltr"
                                error={w.open >= w.close}
                              />
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={t('queues.removeInterval', { day: name })}
                                onClick={() => setWeekly(weekly.filter((_, j) => j !== index))}
                              >
                                <IconX size={14} aria-hidden />
                              </ActionIcon>
                            </Group>
                          ))}
                          {intervals.length > 0 ? (
                            <Button
                              variant="subtle"
                              size="compact-xs"
                              leftSection={<IconPlus size={12} aria-hidden />}
                              onClick={() => setWeekly([...weekly, { day, open: '13:00', close: '18:00' }])}
                              style={{ alignSelf: 'flex-start' }}
                              aria-label={t('queues.addIntervalOn', { day: name })}
                            >
                              {t('queues.addInterval')}
                            </Button>
                          ) : (
                            <Text size="xs" c="dimmed">{t('queues.closedAllDay')}</Text>
                          )}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Fieldset>
          <Fieldset legend={t('queues.fields.holidays')}>
            <Group gap="xs" align="flex-end">
              <TextInput type="date" label={t('queues.holidayDate')} value={holiday} onChange={(e) => setHoliday(e.currentTarget.value)} dir="ltr" />
              <Button variant="light" onClick={addHoliday} disabled={!holiday} leftSection={<IconPlus size={14} aria-hidden />}>
                {t('queues.addHoliday')}
              </Button>
            </Group>
            <Group gap={6} mt="sm">
              {draft.holidays.length === 0 ? <Text size="sm" c="dimmed">{t('queues.noHolidays')}</Text> : null}
              {draft.holidays.map((h) => (
                <Badge
                  key={h}
                  variant="light"
                  size="lg"
                  styles={{ label: { overflow: 'visible' } }}
                  rightSection={
                    <ActionIcon size="xs" variant="transparent" aria-label={t('queues.removeHoliday', { date: h })} onClick={() => set('holidays', draft.holidays.filter((x) => x !== h))}>
                      <IconX size={12} aria-hidden />
                    </ActionIcon>
                  }
                >
                  <span dir="ltr">{h}</span>
                </Badge>
              ))}
            </Group>
          </Fieldset>
          <Select
            label={t('queues.fields.closedAction')}
            description={t('queues.closedActionHint')}
            placeholder={t('queues.defaultAction', { action: t('queues.actions.leave_message') })}
            data={closedActions.map((a) => ({ value: a, label: t(`queues.actions.${a}`) }))}
            value={draft.closedAction}
            onChange={(v) => set('closedAction', v as QueueDraft['closedAction'])}
            clearable
            maw={360}
          />
        </>
      ) : (
        <Text size="sm" c="dimmed">{t('queues.alwaysOpen')}</Text>
      )}
    </Stack>
  );
}

function OverflowEditor({ draft, set, queues }: SectionProps & { queues: Queue[] }) {
  const { t } = useTranslation();
  const steps = draft.overflow;
  const update = (i: number, step: OverflowStep) => set('overflow', steps.map((s, j) => (j === i ? { ...step, key: s.key } : s)));
  const move = (i: number, by: number) => {
    const next = [...steps];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item);
    set('overflow', next);
  };
  const changeAction = (i: number, action: OverflowAction) => {
    const { afterSeconds } = steps[i];
    if (action === 'add_queue') update(i, { afterSeconds, action, queueId: '' });
    else if (action === 'relax_skills') update(i, { afterSeconds, action, by: 1 });
    else update(i, { afterSeconds, action });
  };
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">{t('queues.overflowHint')}</Text>
      {steps.length === 0 ? <Text size="sm">{t('queues.noOverflow')}</Text> : null}
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('queues.sections.overflow')}>
        {steps.map((step, i) => (
          <Paper key={step.key} withBorder p="sm" component="li" aria-label={t('queues.stepN', { n: i + 1 })}>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Text fw={600} size="sm" w={64} mb={8}>{t('queues.stepN', { n: i + 1 })}</Text>
              <NumberInput
                label={t('queues.fields.afterSeconds')}
                min={0}
                max={86_400}
                allowDecimal={false}
                suffix={` ${t('queues.secondsShort')}`}
                value={step.afterSeconds}
                onChange={(v) => update(i, { ...step, afterSeconds: Number(v) || 0 })}
                w={140}
              />
              <Select
                label={t('queues.fields.overflowAction')}
                data={overflowActions.map((a) => ({ value: a, label: t(`queues.overflowActions.${a}`) }))}
                value={step.action}
                onChange={(v) => v && changeAction(i, v as OverflowAction)}
                allowDeselect={false}
                w={220}
              />
              {step.action === 'relax_skills' ? (
                <NumberInput
                  label={t('queues.fields.relaxBy')}
                  min={1}
                  max={4}
                  allowDecimal={false}
                  value={step.by ?? 1}
                  onChange={(v) => update(i, { ...step, by: Number(v) || 1 })}
                  w={140}
                />
              ) : null}
              {step.action === 'add_queue' ? (
                <Select
                  label={t('queues.fields.overflowQueue')}
                  data={queues.map((q) => ({ value: q.id, label: q.name }))}
                  value={step.queueId || null}
                  onChange={(v) => update(i, { ...step, queueId: v ?? '' })}
                  searchable
                  w={220}
                  error={!step.queueId}
                />
              ) : null}
              <Group gap={2} ms="auto" mb={4} wrap="nowrap">
                <ActionIcon variant="subtle" aria-label={t('queues.moveUp', { n: i + 1 })} disabled={i === 0} onClick={() => move(i, -1)}>
                  <IconArrowUp size={16} aria-hidden />
                </ActionIcon>
                <ActionIcon variant="subtle" aria-label={t('queues.moveDown', { n: i + 1 })} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                  <IconArrowDown size={16} aria-hidden />
                </ActionIcon>
                <ActionIcon variant="subtle" color="red" aria-label={t('queues.removeStep', { n: i + 1 })} onClick={() => set('overflow', steps.filter((_, j) => j !== i))}>
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      <Button
        variant="light"
        leftSection={<IconPlus size={14} aria-hidden />}
        style={{ alignSelf: 'flex-start' }}
        onClick={() => {
          const last = steps[steps.length - 1]?.afterSeconds ?? 0;
          set('overflow', [...steps, { afterSeconds: last + 60, action: 'relax_skills', by: 1, key: newKey() }]);
        }}
      >
        {t('queues.addStep')}
      </Button>
      <Input.Description>{t('queues.overflowOrderHint')}</Input.Description>
    </Stack>
  );
}
