import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';

const two = (n: number) => String(n).padStart(2, '0');

/** 'm:ss' (or 'h:mm:ss') since `since`. */
export function formatCallTime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** A running call timer, ticking once a second. */
export function CallTimer({ since, label }: { since: number; label: string }) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return (
    <Text span fw={600} dir="ltr" ff="monospace" aria-label={label} role="timer" data-testid="call-timer">
      {formatCallTime(now - since)}
    </Text>
  );
}
