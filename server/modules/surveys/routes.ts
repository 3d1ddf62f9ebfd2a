import { z } from 'zod';
import { adminsOnly, managers, principal, staff } from '../../platform/auth/index.js';
import type { ZodApp } from '../../platform/http/index.js';
import { idParams, requestContext } from '../../platform/http/schemas.js';
import { surveyChannels } from '../queues/index.js';
import type { SurveyService } from './service.js';

const tags = ['surveys'];
const rulesBody = z.object({
  enabled: z.boolean(),
  minDaysBetween: z.number().int().min(0).max(365),
  linkDays: z.number().int().min(1).max(90),
  channels: z.array(z.enum(surveyChannels)).max(surveyChannels.length),
}).strict();
const tokenParams = z.object({ token: z.string().min(10).max(200) });

export function surveyRoutes(app: ZodApp, svc: SurveyService) {
  app.get('/api/public/surveys/:token', {
    config: { public: true },
    schema: { tags, summary: 'A survey link: company, language and whether it was answered (no sign-in; the token is signed)', params: tokenParams },
  }, (req) => svc.publicView(req.params.token));

  app.post('/api/public/surveys/:token', {
    config: { public: true },
    schema: {
      tags, summary: 'Answer a survey: a score from 1 to 5 and an optional comment',
      params: tokenParams, body: z.object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).nullable().optional() }).strict(),
    },
  }, async (req, reply) => {
    await svc.submit(req.params.token, req.body.score, req.body.comment || null);
    return reply.status(204).send();
  });

  app.get('/api/surveys/rules', {
    config: { roles: managers },
    schema: { tags, summary: 'Each queue’s CSAT survey rules: on/off, at most once per customer every N days, link validity, channels' },
  }, (req) => svc.listRules(principal(req)));

  app.put('/api/surveys/rules/:id', {
    config: { roles: adminsOnly },
    schema: { tags, summary: 'Set a queue’s CSAT survey rules (audited)', params: idParams, body: rulesBody },
  }, async (req) => ({ rules: await svc.setRules(principal(req), req.params.id, req.body, requestContext(req).ip) }));

  app.post('/api/interactions/:id/survey', {
    config: { roles: staff },
    schema: { tags, summary: 'The survey link for a resolved contact, if the queue’s rules say to ask (records it as sent)', params: idParams },
  }, async (req) => {
    const p = principal(req);
    return { survey: await svc.surveyLink(p.workspaceId, req.params.id) };
  });
}
