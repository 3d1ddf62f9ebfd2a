import type { ModuleContext } from '../../platform/module.js';
import { queueRoutes } from './routes.js';
import { QueueService } from './service.js';

export { QueueService, findQueue, queueInWorkspace } from './service.js';
export { queues } from './schema.js';

/** Registers the queues module's routes. */
export function register(ctx: ModuleContext) {
  queueRoutes(ctx.app, new QueueService(ctx.db, ctx.audit));
}
export { queueSettingsSchema, readQueueSettings, surveyChannels, type QueueSettings } from './settings.js';
export { isOpen, type BusinessHours } from './domain/hours.js';
