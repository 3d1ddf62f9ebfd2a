import { connect } from '../../platform/db/index.js';
import type { ModuleContext } from '../../platform/module.js';
import { routingRoutes } from './routes.js';
import { OfferWaiters } from './offer-waiters.js';
import { RoutingRuntime } from './runtime.js';
import { RoutingService } from './service.js';

export { RoutingRuntime } from './runtime.js';
export { RoutingService } from './service.js';
export { routingEventTypes, type RoutingCommand } from './events.js';
export { agentPresence, agentStateLog, routingOffers, agentStates } from './schema.js';

/** Registers routing: the per-workspace router (started when the server is ready) and its API. */
export function register(ctx: ModuleContext) {
  let runtime: RoutingRuntime | undefined = undefined;
  const waiters = new OfferWaiters(ctx.db, ctx.bus, (ws) => !!runtime?.router(ws));
  // Routers work one step at a time on connections of their own, never queued behind the requests' work.
  const routingDatabase = connect(ctx.databaseUrl, 3);
  runtime = new RoutingRuntime({
    db: routingDatabase.db, bus: ctx.bus, clock: ctx.clock, log: ctx.log, offersResolved: (ws, offers) => waiters.resolve(ws, offers),
  }, ctx.databaseUrl);
  const service = new RoutingService(ctx.db, ctx.bus, ctx.clock, runtime, waiters);
  routingRoutes(ctx.app, service);
  ctx.app.addHook('onReady', () => runtime.start());
  ctx.app.addHook('onClose', async () => {
    waiters.close();
    await runtime.stop();
    await routingDatabase.close();
  });
  return { runtime, service };
}
