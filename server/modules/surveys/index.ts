import type { ModuleContext } from '../../platform/module.js';
import type { InteractionService } from '../interactions/index.js';
import { surveyRoutes } from './routes.js';
import { SurveyService } from './service.js';

export { SurveyService, type SurveyLink } from './service.js';
export { surveyRequests, surveyKeys } from './schema.js';

/**
 * Registers CSAT surveys. Channels that close a resolved contact call `surveyLink(workspaceId, id)` on
 * the returned service: it answers null (do not ask) or the link and the prompt to send in the
 * customer's language.
 */
export function register(ctx: ModuleContext, services: { interactions: InteractionService }) {
  const svc = new SurveyService(ctx.db, ctx.clock, ctx.config.publicUrl, services.interactions);
  surveyRoutes(ctx.app, svc);
  return svc;
}
