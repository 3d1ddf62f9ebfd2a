import type { ModuleContext } from '../../platform/module.js';
import type { InteractionService } from '../interactions/index.js';
import { escalationRoutes } from './routes.js';
import { EscalationService } from './service.js';

export { escalations } from './schema.js';
export { escalationEvents } from './events.js';

/** Registers escalations to supervisors and the colleague directory. */
export function register(ctx: ModuleContext, contacts: { interactions: InteractionService }) {
  escalationRoutes(ctx.app, new EscalationService(ctx.db, ctx.bus, ctx.clock, contacts.interactions));
}
