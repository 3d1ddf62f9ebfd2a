import type { ModuleContext } from '../../platform/module.js';
import { AttachmentService } from './attachments.js';
import { ConsultService } from './consult.js';
import { attachmentRoutes, consultRoutes, interactionRoutes, snoozeRoutes } from './routes.js';
import { InteractionService } from './service.js';
import { SNOOZE_END_JOB, SnoozeService } from './snooze.js';

export { InteractionService, DELIVER_JOB, type InteractionCreate, type InboundOpen, type InboundAppend, type OutboundInput, type StoredFile, type CloseInput } from './service.js';
export { AttachmentService } from './attachments.js';
export { interactionEventTypes, realtimeTypes, type InteractionEventType } from './events.js';
export { interactionView, messageView, type InteractionView } from './views.js';
export { interactions, interactionEvents, messages, attachments, channels, interactionStatuses, deliveryStatuses } from './schema.js';
export type { InteractionRow, MessageRow, AttachmentRow } from './store.js';

/** The interaction and attachment services for other modules (they hold no state). */
export function interactionServices(ctx: Pick<ModuleContext, 'db' | 'bus' | 'clock' | 'jobs' | 'config'>) {
  const interactions = new InteractionService(ctx.db, ctx.bus, ctx.clock, ctx.jobs);
  const files = new AttachmentService(ctx.db, interactions, ctx.clock, {
    dataDir: ctx.config.dataDir, types: ctx.config.attachmentTypes, maxBytes: ctx.config.ATTACHMENT_MAX_MB * 1024 * 1024,
  });
  return { interactions, files };
}

/** Registers the interactions module's routes and realtime topics. */
export function register(ctx: ModuleContext) {
  const services = interactionServices(ctx);
  const { interactions: svc, files } = services;
  interactionRoutes(ctx.app, svc);
  attachmentRoutes(ctx.app, files, ctx.config.ATTACHMENT_MAX_MB);
  const snooze = new SnoozeService(ctx.db, ctx.bus, ctx.clock, svc, ctx.jobs);
  ctx.jobs.define<{ workspaceId: string; interactionId: string; noteId: string }>(SNOOZE_END_JOB, { retryLimit: 5, retryDelaySeconds: 5, backoff: true }, (job) => snooze.end(job));
  snoozeRoutes(ctx.app, snooze);
  consultRoutes(ctx.app, new ConsultService(ctx.db, ctx.bus, ctx.clock, svc));
  ctx.hub.allow('interaction', () => true);
  ctx.hub.allow('queue', () => true);
  return services;
}
