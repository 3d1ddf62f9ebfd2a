import { useQuery } from '@tanstack/react-query';
import { api, withQuery, type Query } from '../../lib/api';

export type Kpis = {
  offered: number; answered: number; answeredInSl: number; abandoned: number; shortAbandoned: number; handled: number;
  transfers: number; escalations: number; resolved: number; fcrResolved: number; ratings: number;
  asa: number | null; serviceLevel: number | null; abandonRate: number | null; aht: number | null; avgTalk: number | null; avgHold: number | null;
  avgAcw: number | null; longestWait: number; fcr: number | null; csat: number | null; csatMean: number | null;
};
export type Filters = { from: string; to: string; queueId?: string; agentId?: string; teamId?: string; channel?: string; reason?: string };
export type SeriesRow = Kpis & { period: string; key: string | null; label: string | null };
export type Summary = { period: { from: string; to: string; timezone: string }; kpis: Kpis; occupancy: number | null; stateSeconds: Record<string, number> };
export type AgentReport = Kpis & { agentId: string; name: string; occupancy: number | null; stateSeconds: Record<string, number> };
export type ContactRow = {
  interactionId: string; channel: string; status: string; customerName: string | null; queueName: string | null; agentName: string | null; reason: string | null;
  arrivedAt: string; answeredAt: string | null; closedAt: string | null; waitSeconds: number | null; talkSeconds: number; holdSeconds: number; acwSeconds: number;
  rating: number | null; resolved: boolean;
};
export type ReasonItem = { reason: string; contacts: number; previous: number; change: number | null; aht: number | null; fcr: number | null; csat: number | null; trend: { period: string; contacts: number }[]; examples: string[] };
export type Reasons = { period: { from: string; to: string; timezone: string }; total: number; unclassified: number; items: ReasonItem[]; rising: string[] };
export type Scorecard = { month: string; agent: AgentReport; team: { id: string; name: string } | null; teamKpis: Kpis & { occupancy: number | null; agents: number }; weeks: { period: string; handled: number; aht: number | null; fcr: number | null; csat: number | null }[] };

const q = (f: Filters, extra: Query = {}): Query => ({ ...f, ...extra });

export const useSummary = (f: Filters) => useQuery({ queryKey: ['metrics', 'summary', f], queryFn: ({ signal }) => api<Summary>(withQuery('/metrics/summary', q(f)), { signal }) });
export const useSeries = (f: Filters, interval: string, by = 'none') =>
  useQuery({ queryKey: ['metrics', 'series', f, interval, by], queryFn: ({ signal }) => api<{ items: SeriesRow[] }>(withQuery('/metrics/series', q(f, { interval, by })), { signal }).then((r) => r.items) });
export type OccupancyRow = { period: string; occupancy: number | null; handleSeconds: number; staffedSeconds: number; stateSeconds: Record<string, number> };
export const useOccupancy = (f: Filters, interval: string) =>
  useQuery({ queryKey: ['metrics', 'occupancy', f, interval], queryFn: ({ signal }) => api<{ items: OccupancyRow[] }>(withQuery('/metrics/occupancy', q(f, { interval })), { signal }).then((r) => r.items) });
export const useHeatmap = (f: Filters) =>
  useQuery({ queryKey: ['metrics', 'heatmap', f], queryFn: ({ signal }) => api<{ items: { weekday: number; hour: number; offered: number }[] }>(withQuery('/metrics/heatmap', q(f)), { signal }).then((r) => r.items) });
export const useAgentReport = (f: Filters) =>
  useQuery({ queryKey: ['metrics', 'agents', f], queryFn: ({ signal }) => api<{ items: AgentReport[] }>(withQuery('/metrics/agents', q(f)), { signal }).then((r) => r.items) });
export const useDrill = (f: Filters, measure: string | null) =>
  useQuery({
    queryKey: ['metrics', 'contacts', f, measure], enabled: !!measure,
    queryFn: ({ signal }) => api<{ items: ContactRow[]; nextCursor: string | null }>(withQuery('/metrics/contacts', q(f, { measure: measure ?? undefined, limit: 200 })), { signal }),
  });
export const useReasons = (f: Filters, interval: string) =>
  useQuery({ queryKey: ['metrics', 'reasons', f, interval], queryFn: ({ signal }) => api<Reasons>(withQuery('/metrics/reasons', q(f, { interval })), { signal }) });
export const useScorecard = (month: string) =>
  useQuery({ queryKey: ['metrics', 'scorecard', month], queryFn: ({ signal }) => api<Scorecard>(withQuery('/metrics/scorecard', { month }), { signal }) });
export const useQueues = () =>
  useQuery({ queryKey: ['metrics', 'queue-names'], queryFn: ({ signal }) => api<{ items: { id: string; name: string }[] }>('/queues', { signal }).then((r) => r.items), staleTime: 60_000 });

/** The API address of a CSV export (a same-origin GET: the session cookie signs it). */
export const csvUrl = (path: string, f: Filters) => withQuery(`/api/metrics/${path}`, q(f));
