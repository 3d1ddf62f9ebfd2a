import { describe, expect, it } from 'vitest';
import { isOpen, localTime } from './hours.js';

const weekdays9to18 = { timezone: 'Asia/Baku', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' })), holidays: ['2026-12-31'] };

describe('business hours', () => {
  it('is always open without hours', () => {
    expect(isOpen(null, new Date())).toBe(true);
  });

  it('opens and closes on local time of the queue, not UTC', () => {
    // 2026-11-23 is a Monday; Baku is UTC+4.
    expect(isOpen(weekdays9to18, new Date('2026-11-23T04:59:00Z'))).toBe(false); // 08:59 local
    expect(isOpen(weekdays9to18, new Date('2026-11-23T05:00:00Z'))).toBe(true); // 09:00
    expect(isOpen(weekdays9to18, new Date('2026-11-23T13:59:00Z'))).toBe(true); // 17:59
    expect(isOpen(weekdays9to18, new Date('2026-11-23T14:00:00Z'))).toBe(false); // 18:00
    expect(isOpen(weekdays9to18, new Date('2026-11-22T08:00:00Z'))).toBe(false); // Sunday
  });

  it('is closed on holidays', () => {
    expect(isOpen(weekdays9to18, new Date('2026-12-31T08:00:00Z'))).toBe(false);
    expect(isOpen(weekdays9to18, new Date('2026-12-30T08:00:00Z'))).toBe(true);
  });

  it('follows daylight saving time', () => {
    const london = { timezone: 'Europe/London', weekly: [{ day: 0, open: '09:00', close: '10:00' }], holidays: [] };
    expect(localTime(new Date('2026-03-29T08:30:00Z'), 'Europe/London').minute).toBe(9 * 60 + 30); // BST
    expect(isOpen(london, new Date('2026-03-29T08:30:00Z'))).toBe(true);
    expect(isOpen(london, new Date('2026-03-22T08:30:00Z'))).toBe(false); // GMT: 08:30 local
  });
});
