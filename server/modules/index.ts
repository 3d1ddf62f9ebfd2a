import type { ModuleContext } from '../platform/module.js';
import * as cases from './cases/index.js';
import * as channels from './channels/index.js';
import * as customers from './customers/index.js';
import * as departments from './departments/index.js';
import * as dispositions from './dispositions/index.js';
import * as escalations from './escalations/index.js';
import * as interactions from './interactions/index.js';
import * as knowledge from './knowledge/index.js';
import * as metrics from './metrics/index.js';
import * as queues from './queues/index.js';
import * as routing from './routing/index.js';
import * as surveys from './surveys/index.js';
import * as voice from './voice/index.js';

/** Registers every domain module; each exposes one `register` through its index.ts. */
export function registerModules(ctx: ModuleContext) {
  for (const m of [departments, queues, customers, cases]) m.register(ctx);
  const contacts = interactions.register(ctx);
  const routed = routing.register(ctx);
  metrics.register(ctx);
  const surveyService = surveys.register(ctx, contacts);
  const channelServices = channels.register(ctx, contacts, surveyService, [voice.voiceAdapter]);
  voice.register(ctx, { ...contacts, accounts: channelServices.accounts, routing: routed });
  knowledge.register(ctx);
  dispositions.register(ctx, contacts);
  escalations.register(ctx, contacts);
}
