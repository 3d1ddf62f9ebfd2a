import { z } from 'zod';
import { adminsOnly, managers, principal, staff } from '../../platform/auth/index.js';
import type { Db } from '../../platform/db/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import type { Clock } from '../../platform/clock.js';
import { channels } from '../interactions/schema.js';
import { csvOf } from './csv.js';
import { intervals } from './domain/intervals.js';
import { occupancySeries } from './occupancy.js';
import type { MetricsService } from './service.js';
import { dimensions, drillMeasures } from './store.js';
import { wallboardSnapshot } from './wallboard.js';

const tags = ['metrics'];
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(d)), 'a real date');
const period = {
  from: date.describe('First local day (workspace time zone)'),
  to: date.describe('Last local day, inclusive'),
  queueId: z.uuid().optional(), agentId: z.uuid().optional(), teamId: z.uuid().optional().describe('A department or team'),
  channel: z.enum(channels).optional(), reason: z.string().trim().min(1).max(200).optional().describe('A contact reason; `-` for none'),
};
const reportQuery = z.object(period).strict();

export function metricsRoutes(app: ZodApp, svc: MetricsService, db: Db, clock: Clock) {
  app.get('/api/metrics/summary', {
    config: { roles: managers },
    schema: { tags, summary: 'KPIs of a period and slice, with occupancy and time per agent state (docs/metrics.md)', querystring: reportQuery },
  }, (req) => svc.summary(principal(req), req.query));

  app.get('/api/metrics/series', {
    config: { roles: managers },
    schema: {
      tags, summary: 'KPIs per interval (15m … month, local time; `all` = the whole period) and per slice (queue, agent, team, channel, reason)',
      querystring: z.object({ ...period, interval: z.enum([...intervals, 'all']).default('day'), by: z.enum(dimensions).default('none') }).strict(),
    },
  }, (req) => svc.series(principal(req), req.query));

  app.get('/api/metrics/occupancy', {
    config: { roles: managers },
    schema: {
      tags, summary: 'Occupancy per interval (local time): handling ÷ staffed time (available + after-contact work), with time per agent state',
      querystring: z.object({ ...period, interval: z.enum(intervals).default('day') }).strict(),
    },
  }, async (req) => {
    const s = await svc.scope(principal(req), req.query);
    return { period: { from: s.from.toISOString(), to: s.to.toISOString(), timezone: s.timezone }, interval: req.query.interval, items: await occupancySeries(db, s, req.query.interval, clock.now()) };
  });

  app.get('/api/metrics/heatmap', {
    config: { roles: managers },
    schema: { tags, summary: 'Offered contacts by local weekday (0 = Sunday) and hour', querystring: reportQuery },
  }, (req) => svc.heatmap(principal(req), req.query));

  app.get('/api/metrics/agents', {
    config: { roles: managers },
    schema: { tags, summary: 'Per agent: KPIs, occupancy, time per state', querystring: reportQuery },
  }, (req) => svc.agents(principal(req), req.query));

  app.get('/api/metrics/contacts', {
    config: { roles: managers },
    schema: {
      tags, summary: 'Drill-down: the contacts behind a number (`measure` picks e.g. abandoned, answered_in_sl, fcr)',
      querystring: z.object({ ...period, measure: z.enum(drillMeasures).optional(), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }).strict(),
    },
  }, (req) => svc.contacts(principal(req), req.query));

  app.get('/api/metrics/contacts.csv', {
    config: { roles: managers },
    schema: { tags, summary: 'CSV, one row per contact: timestamps, durations, queue, agent, channel, reason, CSAT', querystring: reportQuery, produces: ['text/csv'] },
  }, async (req, reply) => {
    const p = principal(req);
    const rows = [];
    for await (const page of svc.allContacts(p, req.query)) rows.push(...page);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="contacts-${req.query.from}-${req.query.to}.csv"`).send(csvOf(rows));
  });

  app.get('/api/metrics/agents.csv', {
    config: { roles: managers },
    schema: { tags, summary: 'CSV, one row per agent', querystring: reportQuery, produces: ['text/csv'] },
  }, async (req, reply) => {
    const { items } = await svc.agents(principal(req), req.query);
    const rows = items.map(({ stateSeconds, ...a }) => ({ ...a, ...Object.fromEntries(Object.entries(stateSeconds).map(([k, v]) => [`${k}_seconds`, v])) }));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="agents-${req.query.from}-${req.query.to}.csv"`).send(csvOf(rows));
  });

  app.get('/api/metrics/reasons', {
    config: { roles: managers },
    schema: { tags, summary: 'Contact-reason insights: top and rising reasons, trend, example customer messages', querystring: z.object({ ...period, interval: z.enum(intervals).default('week') }).strict() },
  }, (req) => svc.reasons(principal(req), req.query));

  app.get('/api/metrics/reasons.csv', {
    config: { roles: managers },
    schema: { tags, summary: 'CSV of contact reasons with volume, change and KPIs', querystring: reportQuery, produces: ['text/csv'] },
  }, async (req, reply) => {
    const r = await svc.reasons(principal(req), { ...req.query, interval: 'week' });
    const rows = r.items.map(({ trend: _t, examples, ...i }) => ({ ...i, example: examples[0] ?? '' }));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="reasons-${req.query.from}-${req.query.to}.csv"`).send(csvOf(rows));
  });

  app.get('/api/metrics/scorecard', {
    config: { roles: staff },
    schema: {
      tags, summary: 'An agent’s KPIs for a month against their team’s (agents: their own only)',
      querystring: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM'), agentId: z.uuid().optional() }).strict(),
    },
  }, (req) => svc.scorecard(principal(req), req.query));

  app.get('/api/metrics/wallboard', {
    config: { roles: managers },
    schema: { tags, summary: 'The live wallboard: queues (waiting now, today’s ASA, SL, abandons, agents by state) and agents; pushed on topic `wallboard`' },
  }, (req) => wallboardSnapshot(db, principal(req).workspaceId, clock.now()));

  const settings = z.object({
    shortAbandonSeconds: z.number().int().min(0).max(120), fcrDays: z.number().int().min(1).max(90), csatPositiveMin: z.number().int().min(1).max(5),
  }).strict();
  app.get('/api/metrics/settings', { config: { roles: managers }, schema: { tags, summary: 'KPI thresholds and denominators' } },
    (req) => svc.settings(principal(req)));
  app.put('/api/metrics/settings', {
    config: { roles: adminsOnly },
    schema: { tags, summary: 'Change KPI thresholds (rebuilds the workspace’s numbers from the event log)', body: settings },
  }, (req) => svc.setSettings(principal(req), req.body));
  app.post('/api/metrics/rebuild', { config: { roles: adminsOnly }, schema: { tags, summary: 'Rebuild the workspace’s facts and rollups from the event log' } },
    (req) => svc.rebuild(principal(req)));
}
