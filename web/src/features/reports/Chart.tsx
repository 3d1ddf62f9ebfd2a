import { Group, Text } from '@mantine/core';

export type ChartSeries = { key: string; label: string; color: string; values: (number | null)[] };

const W = 640, H = 220, PAD = { top: 12, right: 12, bottom: 28, left: 44 };

const niceMax = (v: number) => {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((x) => x >= v) ?? v;
};

/**
 * A small SVG chart (bars, stacked bars or lines) over periods. Time runs left to right in every
 * language, so the drawing is left-to-right; the legend follows the page direction.
 */
export function Chart({ labels, series, kind, title, format = (v) => String(v), testId }: {
  labels: string[]; series: ChartSeries[]; kind: 'bar' | 'stacked' | 'line'; title: string; format?: (v: number) => string; testId?: string;
}) {
  const iw = W - PAD.left - PAD.right, ih = H - PAD.top - PAD.bottom;
  const n = Math.max(1, labels.length);
  const stackTotals = labels.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = niceMax(kind === 'stacked' ? Math.max(0, ...stackTotals) : Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const y = (v: number) => PAD.top + ih - (v / max) * ih;
  const slot = iw / n;
  const x = (i: number) => PAD.left + slot * i + slot / 2;
  const every = Math.ceil(n / 8);
  return (
    <figure style={{ margin: 0 }} data-testid={testId}>
      <div dir="ltr">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={title} style={{ display: 'block' }}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(max * f)} y2={y(max * f)} stroke="var(--mantine-color-default-border)" strokeDasharray={f ? '3 3' : undefined} />
            <text x={PAD.left - 6} y={y(max * f) + 4} fontSize="10" textAnchor="end" fill="var(--mantine-color-dimmed)">{format(max * f)}</text>
          </g>
        ))}
        {labels.map((l, i) => (i % every === 0 ? <text key={l} x={x(i)} y={H - 8} fontSize="10" textAnchor="middle" fill="var(--mantine-color-dimmed)">{l.length > 10 ? l.slice(5) : l}</text> : null))}
        {kind === 'line'
          ? series.map((s) => {
            const pts = s.values.map((v, i) => (v === null ? null : `${x(i)},${y(v)}`));
            let d = '';
            pts.forEach((p, i) => {
              if (p !== null) d += `${d && pts[i - 1] !== null ? 'L' : 'M'}${p}`;
            });
            return (
              <g key={s.key}>
                <path d={d} fill="none" stroke={`var(--mantine-color-${s.color}-6)`} strokeWidth={2} />
                {s.values.map((v, i) => (v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r={2.5} fill={`var(--mantine-color-${s.color}-6)`}><title>{`${labels[i]} · ${s.label}: ${format(v)}`}</title></circle>))}
              </g>
            );
          })
          : labels.map((l, i) => {
            const bw = Math.max(2, (slot * 0.8) / (kind === 'stacked' ? 1 : series.length));
            let acc = 0;
            return (
              <g key={l}>
                {series.map((s, k) => {
                  const v = s.values[i] ?? 0;
                  const top = kind === 'stacked' ? y(acc + v) : y(v);
                  const h = kind === 'stacked' ? y(acc) - y(acc + v) : y(0) - y(v);
                  const left = kind === 'stacked' ? x(i) - bw / 2 : x(i) - (bw * series.length) / 2 + bw * k;
                  acc += v;
                  return <rect key={s.key} x={left} y={top} width={bw} height={Math.max(0, h)} fill={`var(--mantine-color-${s.color}-6)`}><title>{`${l} · ${s.label}: ${format(v)}`}</title></rect>;
                })}
              </g>
            );
          })}
      </svg>
      </div>
      <Group gap="md" justify="center" mt={4}>
        {series.map((s) => (
          <Group key={s.key} gap={4}>
            <span aria-hidden style={{ width: 10, height: 10, borderRadius: 2, background: `var(--mantine-color-${s.color}-6)`, display: 'inline-block' }} />
            <Text size="xs">{s.label}</Text>
          </Group>
        ))}
      </Group>
    </figure>
  );
}

/** Volume by weekday (rows, Monday first) and hour (columns). */
export function Heatmap({ cells, weekdays, title }: { cells: { weekday: number; hour: number; offered: number }[]; weekdays: string[]; title: string }) {
  const max = Math.max(1, ...cells.map((c) => c.offered));
  const value = (d: number, h: number) => cells.find((c) => c.weekday === d && c.hour === h)?.offered ?? 0;
  const order = [1, 2, 3, 4, 5, 6, 0];
  return (
    <div style={{ overflowX: 'auto' }} data-testid="heatmap">
      <table role="grid" aria-label={title} dir="ltr" style={{ borderCollapse: 'separate', borderSpacing: 2, fontSize: 11 }}>
        <thead>
          <tr><th />{Array.from({ length: 24 }, (_, h) => <th key={h} style={{ fontWeight: 400, color: 'var(--mantine-color-dimmed)' }}>{h}</th>)}</tr>
        </thead>
        <tbody>
          {order.map((d) => (
            <tr key={d}>
              <th style={{ fontWeight: 500, textAlign: 'end', paddingInlineEnd: 6, whiteSpace: 'nowrap' }}>{weekdays[d]}</th>
              {Array.from({ length: 24 }, (_, h) => {
                const v = value(d, h);
                return (
                  <td key={h} title={`${weekdays[d]} ${h}:00 · ${v}`}
                    style={{ width: 22, height: 20, borderRadius: 3, background: v ? `color-mix(in srgb, var(--mantine-color-blue-6) ${Math.round(15 + (v / max) * 85)}%, transparent)` : 'var(--mantine-color-default-hover)' }} />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
