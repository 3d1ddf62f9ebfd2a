import type { ClosedAction, ExpireAction, OverflowStep, Queue, QueueInput, RequiredSkill, Strategy, WeeklyHours } from './types';

type Num = number | '';

/** The queue form's state: every setting as an editable field, empty meaning "server default". */
export interface QueueDraft {
  name: string;
  departmentId: string | null;
  channels: string[];
  language: string | null;
  priority: number;
  strategy: Strategy;
  requiredSkills: RequiredSkill[];
  acceptTimeouts: Record<string, Num>;
  maxMissedOffers: Num;
  agingPerMinute: Num;
  afterContactWorkSeconds: Num;
  preferredAgentSeconds: Num;
  slPercent: Num;
  slSeconds: Num;
  maxWaitSeconds: Num;
  expireAction: ExpireAction | null;
  hoursEnabled: boolean;
  timezone: string;
  weekly: WeeklyHours[];
  holidays: string[];
  closedAction: ClosedAction | null;
  overflow: (OverflowStep & { key: number })[];
}

let nextKey = 1;
export const newKey = () => nextKey++;

const num = (v: unknown): Num => (typeof v === 'number' && Number.isFinite(v) ? v : '');

export function draftFrom(queue: Queue | undefined, timezone: string): QueueDraft {
  const s = queue?.settings ?? {};
  const timeouts: Record<string, Num> = {};
  for (const [k, v] of Object.entries(s.acceptTimeoutSeconds ?? {})) timeouts[k] = num(v);
  return {
    name: queue?.name ?? '',
    departmentId: queue?.departmentId ?? null,
    channels: queue?.channels ?? ['chat'],
    language: queue?.language ?? null,
    priority: queue?.priority ?? 0,
    strategy: s.strategy ?? 'longest_idle',
    requiredSkills: (s.requiredSkills ?? []).map((r) => ({ skill: r.skill, minLevel: r.minLevel })),
    acceptTimeouts: timeouts,
    maxMissedOffers: num(s.maxMissedOffers),
    agingPerMinute: num(s.agingPerMinute),
    afterContactWorkSeconds: num(s.afterContactWorkSeconds),
    preferredAgentSeconds: num(s.preferredAgentSeconds),
    slPercent: num(s.serviceLevel?.percent),
    slSeconds: num(s.serviceLevel?.seconds),
    maxWaitSeconds: num(s.maxWaitSeconds),
    expireAction: s.expireAction ?? null,
    hoursEnabled: !!s.hours,
    timezone: s.hours?.timezone ?? timezone,
    weekly: (s.hours?.weekly ?? []).map((w) => ({ ...w })),
    holidays: [...(s.hours?.holidays ?? [])],
    closedAction: s.closedAction ?? null,
    overflow: (s.overflow ?? []).map((o) => ({ ...o, key: newKey() })),
  };
}

const timeRe = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Problems to fix before saving, as translation keys with values (empty when the draft is fine). */
export function validate(d: QueueDraft): { key: string; values?: Record<string, unknown> }[] {
  const problems: { key: string; values?: Record<string, unknown> }[] = [];
  if (!d.name.trim()) problems.push({ key: 'queues.problems.name' });
  if (d.requiredSkills.some((r) => !r.skill.trim())) problems.push({ key: 'queues.problems.skill' });
  if ((d.slPercent === '') !== (d.slSeconds === '')) problems.push({ key: 'queues.problems.serviceLevel' });
  if (d.hoursEnabled) {
    if (!d.timezone) problems.push({ key: 'queues.problems.timezone' });
    if (d.weekly.some((w) => !timeRe.test(w.open) || !timeRe.test(w.close) || w.open >= w.close)) {
      problems.push({ key: 'queues.problems.hours' });
    }
  }
  d.overflow.forEach((o, i) => {
    if (o.action === 'add_queue' && !o.queueId) problems.push({ key: 'queues.problems.overflowQueue', values: { n: i + 1 } });
  });
  return problems;
}

const setOrDelete = (target: Record<string, unknown>, key: string, value: unknown) => {
  if (value === '' || value === null || value === undefined || (Array.isArray(value) && value.length === 0)) delete target[key];
  else target[key] = value;
};

/** The body for POST/PATCH: known settings from the draft, unknown keys of the stored settings kept as they were. */
export function toInput(d: QueueDraft, original: Queue | undefined): QueueInput {
  const settings: Record<string, unknown> = { ...(original?.settings ?? {}) };
  settings.strategy = d.strategy;
  setOrDelete(settings, 'requiredSkills', d.requiredSkills.map((r) => ({ skill: r.skill.trim(), minLevel: r.minLevel })));
  const timeouts: Record<string, number> = {};
  for (const c of d.channels) {
    const v = d.acceptTimeouts[c];
    if (typeof v === 'number') timeouts[c] = v;
  }
  setOrDelete(settings, 'acceptTimeoutSeconds', Object.keys(timeouts).length ? timeouts : null);
  setOrDelete(settings, 'maxMissedOffers', d.maxMissedOffers);
  setOrDelete(settings, 'agingPerMinute', d.agingPerMinute);
  setOrDelete(settings, 'afterContactWorkSeconds', d.afterContactWorkSeconds);
  setOrDelete(settings, 'preferredAgentSeconds', d.preferredAgentSeconds);
  setOrDelete(settings, 'serviceLevel', d.slPercent !== '' && d.slSeconds !== '' ? { percent: d.slPercent, seconds: d.slSeconds } : null);
  setOrDelete(settings, 'maxWaitSeconds', d.maxWaitSeconds);
  setOrDelete(settings, 'expireAction', d.expireAction);
  setOrDelete(settings, 'closedAction', d.closedAction);
  settings.hours = d.hoursEnabled
    ? {
        timezone: d.timezone,
        weekly: [...d.weekly].sort((a, b) => a.day - b.day || a.open.localeCompare(b.open)),
        holidays: [...new Set(d.holidays)].sort(),
      }
    : null;
  setOrDelete(
    settings,
    'overflow',
    d.overflow.map(({ key: _key, ...step }) => {
      if (step.action === 'relax_skills') return step.by ? { afterSeconds: step.afterSeconds, action: step.action, by: step.by } : { afterSeconds: step.afterSeconds, action: step.action };
      if (step.action === 'add_queue') return { afterSeconds: step.afterSeconds, action: step.action, queueId: step.queueId };
      return { afterSeconds: step.afterSeconds, action: step.action };
    }),
  );
  return {
    name: d.name.trim(),
    departmentId: d.departmentId,
    channels: d.channels,
    language: d.language,
    priority: d.priority,
    settings,
  };
}
