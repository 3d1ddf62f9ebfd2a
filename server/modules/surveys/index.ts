import type { ModuleContext } from '../../platform/module.js';
import type { InteractionService } from '../interactions/index.js';
import { surveyChannels } from '../queues/index.js';
import { surveyRoutes } from './routes.js';
import { SurveyService } from './service.js';

export { SurveyService, chatRatingAllowed, type SurveyLink, type SurveySender, type QueueSurveyRules } from './service.js';
export { surveyRequests, surveyKeys } from './schema.js';

/** The job that asks the customer of a contact closed resolved: `{ workspaceId, interactionId }`. */
export const SURVEY_JOB = 'survey-send';

/**
 * Registers CSAT surveys. A contact closed resolved queues a survey job in the same transaction; the job
 * applies the queue's rules and hands the link to the sender the channels module sets on the returned
 * service (`sender`), which sends it on the contact's own channel in the customer's language.
 */
export function register(ctx: ModuleContext, services: { interactions: InteractionService }) {
  const svc = new SurveyService(ctx.db, ctx.clock, ctx.config.publicUrl, services.interactions, ctx.audit);
  ctx.jobs.define<{ workspaceId: string; interactionId: string }>(SURVEY_JOB, { retryLimit: 5, retryDelaySeconds: 5, backoff: true },
    async (job) => { await svc.sendAfterClose(job.workspaceId, job.interactionId); });
  services.interactions.onClosed = async (tx, i) => {
    if (!i.resolved || i.status !== 'closed' || !i.channelAccountId || !(surveyChannels as readonly string[]).includes(i.channel)) return;
    await ctx.jobs.send(SURVEY_JOB, { workspaceId: i.workspaceId, interactionId: i.id }, { tx, singletonKey: i.id });
  };
  surveyRoutes(ctx.app, svc);
  return svc;
}
