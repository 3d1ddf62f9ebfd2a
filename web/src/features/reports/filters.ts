import { useSearchParams } from 'react-router';
import type { Filters } from './api';

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** Report filters live in the address, so a report can be bookmarked and shared. Default: the last 7 days. */
export function useReportFilters(defaultDays = 7) {
  const [params, setParams] = useSearchParams();
  const today = new Date();
  const from = new Date(today.getTime() - (defaultDays - 1) * 86_400_000);
  const filters: Filters = {
    from: params.get('from') ?? day(from),
    to: params.get('to') ?? day(today),
    ...(params.get('queueId') ? { queueId: params.get('queueId')! } : {}),
    ...(params.get('channel') ? { channel: params.get('channel')! } : {}),
    ...(params.get('reason') ? { reason: params.get('reason')! } : {}),
  };
  const interval = params.get('interval') ?? 'day';
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!next.get('from')) next.set('from', filters.from);
    if (!next.get('to')) next.set('to', filters.to);
    setParams(next, { replace: true });
  };
  return { filters, interval, set };
}
