import type { ModuleContext } from '../../platform/module.js';
import { RollupApplier } from './rollups.js';
import { metricsRoutes } from './routes.js';
import { MetricsService } from './service.js';
import { WallboardPublisher } from './wallboard.js';

export { MetricsService } from './service.js';
export { wallboardSnapshot, WALLBOARD_TOPIC, WALLBOARD_EVENT } from './wallboard.js';
export { applyPendingRollups } from './rollups.js';
export { metricContacts, metricBuckets, metricsSettings } from './schema.js';
export { contactFacts, isRepeated } from './domain/facts.js';
export { kpis } from './domain/kpis.js';

/** Registers metrics: reports, drill-downs, scorecards, the wallboard and its live publisher, and the rollup applier. */
export function register(ctx: ModuleContext) {
  const svc = new MetricsService(ctx.db, ctx.clock);
  metricsRoutes(ctx.app, svc, ctx.db, ctx.clock);
  ctx.hub.allow('wallboard', (p) => p.role === 'admin' || p.role === 'supervisor');
  const publisher = new WallboardPublisher({ db: ctx.db, bus: ctx.bus, clock: ctx.clock, log: ctx.log }, ctx.databaseUrl);
  const applier = new RollupApplier({ db: ctx.db, log: ctx.log });
  ctx.app.addHook('onReady', async () => {
    applier.start();
    await publisher.start();
  });
  ctx.app.addHook('onClose', async () => {
    await applier.stop();
    await publisher.stop();
  });
}
