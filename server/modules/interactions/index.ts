import type { ModuleContext } from '../../platform/module.js';
import { AttachmentService } from './attachments.js';
import { attachmentRoutes, interactionRoutes } from './routes.js';
import { InteractionService } from './service.js';

export { InteractionService, type InteractionCreate } from './service.js';
export { interactionEventTypes, realtimeTypes, type InteractionEventType } from './events.js';
export { interactionView, messageView, type InteractionView } from './views.js';
export { interactions, interactionEvents, messages, attachments, channels, interactionStatuses } from './schema.js';

/** Registers the interactions module's routes and realtime topics. */
export function register(ctx: ModuleContext) {
  const svc = new InteractionService(ctx.db, ctx.bus, ctx.clock);
  interactionRoutes(ctx.app, svc);
  const files = new AttachmentService(ctx.db, svc, ctx.clock, { dataDir: ctx.config.dataDir, types: ctx.config.attachmentTypes });
  attachmentRoutes(ctx.app, files, ctx.config.ATTACHMENT_MAX_MB);
  ctx.hub.allow('interaction', () => true);
  ctx.hub.allow('queue', () => true);
}
