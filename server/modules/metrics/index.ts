import type { ModuleContext } from '../../platform/module.js';
import { metricsRoutes } from './routes.js';
import { MetricsService } from './service.js';
import { WallboardPublisher } from './wallboard.js';

export { MetricsService } from './service.js';
export { wallboardSnapshot, WALLBOARD_TOPIC, WALLBOARD_EVENT } from './wallboard.js';
export { metricContacts, metricBuckets, metricsSettings } from './schema.js';
export { contactFacts, isRepeated } from './domain/facts.js';
export { kpis } from './domain/kpis.js';

/** Registers metrics: reports, drill-downs, scorecards, the wallboard and its live publisher. */
export function register(ctx: ModuleContext) {
  const svc = new MetricsService(ctx.db, ctx.clock);
  metricsRoutes(ctx.app, svc, ctx.db, ctx.clock);
  ctx.hub.allow('wallboard', (p) => p.role === 'admin' || p.role === 'supervisor');
  const publisher = new WallboardPublisher({ db: ctx.db, bus: ctx.bus, clock: ctx.clock, log: ctx.log }, ctx.databaseUrl);
  ctx.app.addHook('onReady', () => publisher.start());
  ctx.app.addHook('onClose', () => publisher.stop());
}
