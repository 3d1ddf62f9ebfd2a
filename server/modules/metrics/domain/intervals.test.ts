import { describe, expect, it } from 'vitest';
import { bucketOf, intervalLabel, weekdayHour } from './intervals.js';
import { occupancy, timeInStates, timeInStatesByInterval } from './agent-time.js';

describe('intervals in the workspace time zone', () => {
  it('15-minute buckets are UTC instants; a contact at 09:14:59.999 is in the 09:00 bucket', () => {
    expect(bucketOf(Date.parse('2025-01-01T09:14:59.999Z'))).toBe(Date.parse('2025-01-01T09:00:00Z'));
    expect(bucketOf(Date.parse('2025-01-01T09:15:00Z'))).toBe(Date.parse('2025-01-01T09:15:00Z'));
  });
  it('days and hours follow the zone: 22:30 UTC is the next day in Baku (+4)', () => {
    const at = Date.parse('2025-06-30T22:30:00Z');
    expect(intervalLabel(at, 'day', 'Asia/Baku')).toBe('2025-07-01');
    expect(intervalLabel(at, 'day', 'UTC')).toBe('2025-06-30');
    expect(intervalLabel(at, 'hour', 'Asia/Baku')).toBe('2025-07-01T02:00');
    expect(intervalLabel(at, 'month', 'Asia/Baku')).toBe('2025-07');
    expect(intervalLabel(at, '15m', 'Asia/Kathmandu')).toBe('2025-07-01T04:15'); // +5:45
  });
  it('daylight saving: the spring-forward day has 23 hours, the fall-back hour counts twice as one label', () => {
    // Europe/Berlin springs forward on 2025-03-30 at 02:00 local (01:00 UTC).
    expect(intervalLabel(Date.parse('2025-03-30T00:59:00Z'), 'hour', 'Europe/Berlin')).toBe('2025-03-30T01:00');
    expect(intervalLabel(Date.parse('2025-03-30T01:00:00Z'), 'hour', 'Europe/Berlin')).toBe('2025-03-30T03:00');
    const hours = new Set<string>();
    for (let t = Date.parse('2025-03-29T23:00:00Z'); t < Date.parse('2025-03-30T22:00:00Z'); t += 3600_000) hours.add(intervalLabel(t, 'day', 'Europe/Berlin'));
    expect([...hours]).toEqual(['2025-03-30']); // 23 UTC hours make the local day
    // Falls back on 2025-10-26: 00:30 and 01:30 UTC are both 02:xx local.
    expect(intervalLabel(Date.parse('2025-10-26T00:30:00Z'), 'hour', 'Europe/Berlin')).toBe('2025-10-26T02:00');
    expect(intervalLabel(Date.parse('2025-10-26T01:30:00Z'), 'hour', 'Europe/Berlin')).toBe('2025-10-26T02:00');
  });
  it('weeks start on Monday in local time', () => {
    expect(intervalLabel(Date.parse('2025-03-16T21:30:00Z'), 'week', 'Asia/Baku')).toBe('2025-03-17'); // Monday 01:30 local
    expect(intervalLabel(Date.parse('2025-03-16T21:30:00Z'), 'week', 'UTC')).toBe('2025-03-10'); // still Sunday
    expect(weekdayHour(Date.parse('2025-03-16T21:30:00Z'), 'Asia/Baku')).toEqual({ weekday: 1, hour: 1 });
  });
});

describe('agent state time', () => {
  const at = (hm: string) => Date.parse(`2025-01-01T${hm}:00Z`);
  const periods = [
    { agentId: 'a', state: 'available', startedAt: at('08:50'), endedAt: at('09:40') },
    { agentId: 'a', state: 'away', startedAt: at('09:40'), endedAt: at('09:50') },
    { agentId: 'a', state: 'after_contact_work', startedAt: at('09:50'), endedAt: null },
  ];
  it('splits periods at the interval and runs an open period until now', () => {
    expect(timeInStates(periods, at('09:00'), at('10:00'), at('09:55'))).toEqual({ available: 40 * 60_000, away: 10 * 60_000, after_contact_work: 5 * 60_000 });
  });
  it('occupancy = handling ÷ (available + after-contact work)', () => {
    expect(occupancy(30 * 60_000, { available: 40 * 60_000, after_contact_work: 20 * 60_000, away: 100 })).toBe(50);
    expect(occupancy(1, {})).toBeNull();
  });
});

describe('agent state time per interval', () => {
  it('cuts periods at local hours and days (Baku, +4) and leaves offline out', () => {
    const at = (iso: string) => Date.parse(iso);
    const periods = [
      { agentId: 'a', state: 'available', startedAt: at('2025-01-01T19:30:00Z'), endedAt: at('2025-01-01T20:30:00Z') }, // 23:30–00:30 local
      { agentId: 'a', state: 'after_contact_work', startedAt: at('2025-01-01T20:30:00Z'), endedAt: at('2025-01-01T20:40:00Z') },
      { agentId: 'a', state: 'offline', startedAt: at('2025-01-01T20:40:00Z'), endedAt: null },
    ];
    const from = at('2025-01-01T00:00:00Z'), to = at('2025-01-03T00:00:00Z'), now = at('2025-01-02T12:00:00Z');
    const days = timeInStatesByInterval(periods, from, to, now, 'day', 'Asia/Baku');
    expect(Object.fromEntries(days)).toEqual({ '2025-01-01': { available: 30 * 60_000 }, '2025-01-02': { available: 30 * 60_000, after_contact_work: 10 * 60_000 } });
    const hours = timeInStatesByInterval(periods, from, to, now, 'hour', 'Asia/Baku');
    expect(Object.fromEntries(hours)).toEqual({ '2025-01-01T23:00': { available: 30 * 60_000 }, '2025-01-02T00:00': { available: 30 * 60_000, after_contact_work: 10 * 60_000 } });
    // An open period runs until now, clipped to the report's end.
    const open = [{ agentId: 'a', state: 'available', startedAt: at('2025-01-02T11:50:00Z'), endedAt: null }];
    expect(Object.fromEntries(timeInStatesByInterval(open, from, to, now, 'month', 'UTC'))).toEqual({ '2025-01': { available: 10 * 60_000 } });
  });
});
