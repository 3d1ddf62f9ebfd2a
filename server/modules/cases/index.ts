import type { ModuleContext } from '../../platform/module.js';
import { caseRoutes } from './routes.js';
import { CaseService } from './service.js';

export { CaseService, caseView } from './service.js';
export { caseEvents } from './events.js';
export { cases, caseCounters, caseStatuses, caseTypes, priorities } from './schema.js';

/** Registers the cases module's routes and realtime topics. */
export function register(ctx: ModuleContext) {
  caseRoutes(ctx.app, new CaseService(ctx.db, ctx.bus, ctx.clock));
  ctx.hub.allow('case', () => true);
}
