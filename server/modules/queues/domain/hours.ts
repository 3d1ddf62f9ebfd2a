/** Weekly opening hours in a time zone, with holidays (whole days closed). */
export interface BusinessHours {
  timezone: string;
  weekly: readonly { day: number; open: string; close: string }[];
  holidays: readonly string[];
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const weekday: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Local date, weekday and minute of the day of an instant in a time zone (DST-correct via Intl). */
export function localTime(at: Date, timezone: string) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    day: weekday[parts.weekday!]!,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** Whether the hours are open at an instant; no hours at all means always open. */
export function isOpen(hours: BusinessHours | null, at: Date): boolean {
  if (!hours) return true;
  const t = localTime(at, hours.timezone);
  if (hours.holidays.includes(t.date)) return false;
  return hours.weekly.some((w) => w.day === t.day && minutes(w.open) <= t.minute && t.minute < minutes(w.close));
}
