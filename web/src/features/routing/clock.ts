import { useEffect, useState } from 'react';

/**
 * The server's clock as seen from here. Countdowns and "time in state" are computed from server
 * timestamps, so a tab whose clock is off by a minute would show nonsense; every realtime event carries
 * the server time it was sent at, which gives the offset (latency makes it at most a few ms late).
 */
let offsetMs = 0;
let samples = 0;

export function noteServerTime(iso: string | undefined) {
  if (!iso) return;
  const server = Date.parse(iso);
  if (Number.isNaN(server)) return;
  const offset = server - Date.now();
  // Events replayed after a reconnect are old: only trust the newest-looking samples.
  offsetMs = samples === 0 ? offset : Math.max(offsetMs, offset);
  samples += 1;
}

export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** Re-renders every `ms` (never with null) and returns the current server time. */
export function useNow(ms: number | null = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    if (ms === null) return;
    setNow(serverNow());
    const id = setInterval(() => setNow(serverNow()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return ms === null ? serverNow() : now;
}

/** 75 → "1:15", 3725 → "1:02:05" (digits are Latin in every UI language). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function secondsSince(iso: string, now: number): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : Math.max(0, (now - t) / 1000);
}
