import type { ModuleContext } from '../../platform/module.js';
import type { InteractionService } from '../interactions/index.js';
import { dispositionRoutes } from './routes.js';
import { DispositionService } from './service.js';

export { wrapUpCodes } from './schema.js';

/** Registers the wrap-up lists and makes every close of a contact go through them. */
export function register(ctx: ModuleContext, contacts: { interactions: InteractionService }) {
  const svc = new DispositionService(ctx.db, ctx.audit);
  dispositionRoutes(ctx.app, svc);
  contacts.interactions.checkClose = (workspaceId, input) => svc.checkClose(workspaceId, input);
}
