/** Report intervals, cut in the workspace's time zone (days, weeks and months follow its calendar and DST). */
export const intervals = ['15m', 'hour', 'day', 'week', 'month'] as const;
export type Interval = (typeof intervals)[number];

const BUCKET_MS = 15 * 60_000;

/** The 15-minute rollup bucket of an instant. Every time zone offset is a multiple of 15 minutes. */
export const bucketOf = (at: number) => Math.floor(at / BUCKET_MS) * BUCKET_MS;

type Parts = { year: number; month: number; day: number; hour: number; minute: number; weekday: number };

function partsIn(at: number, tz: string): Parts {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
  });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!);
  return { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour!, minute: +p.minute!, weekday };
}

/** The local wall-clock label of the interval an instant falls in, e.g. `2024-03-31T02:00` for hours, `2024-03-25` for ISO weeks (Monday). */
export function intervalLabel(at: number, interval: Interval, tz: string): string {
  const p = partsIn(at, tz);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
  switch (interval) {
    case '15m': return `${date(p.year, p.month, p.day)}T${pad(p.hour)}:${pad(Math.floor(p.minute / 15) * 15)}`;
    case 'hour': return `${date(p.year, p.month, p.day)}T${pad(p.hour)}:00`;
    case 'day': return date(p.year, p.month, p.day);
    case 'week': {
      const back = (p.weekday + 6) % 7;
      const d = new Date(Date.UTC(p.year, p.month - 1, p.day - back));
      return date(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    }
    case 'month': return `${p.year}-${pad(p.month)}`;
  }
}

/** Local weekday (0 = Sunday) and hour of an instant, for the volume heatmap. */
export function weekdayHour(at: number, tz: string) {
  const p = partsIn(at, tz);
  return { weekday: p.weekday, hour: p.hour };
}
