import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { AppError, conflict, notFound } from '../../platform/errors/index.js';
import type { Principal } from '../../platform/auth/index.js';
import type { Audit } from '../../platform/module.js';
import type { InteractionService } from '../interactions/index.js';
import { readQueueSettings, surveyChannels } from '../queues/index.js';
import { shouldSurvey, surveyLanguage, surveyPrompt, surveySubject, type SurveyRules } from './domain/rules.js';
import { readToken, signToken, verifyToken } from './domain/token.js';

export type SurveyLink = { url: string; token: string; prompt: string; subject: string; language: string; expiresAt: string };
/** A queue's survey rules as admins see and set them. */
export type QueueSurveyRules = SurveyRules & { queueId: string; queueName: string };
/**
 * Sends the survey of a closed contact on the contact's own channel (set by the channels module). It checks
 * first that the channel can take a message now, then calls `link` (which decides and records the survey;
 * null = do not ask) and sends what it answers. Answers whether a survey went out.
 */
export type SurveySender = (contact: { workspaceId: string; interactionId: string; channel: string }, link: () => Promise<SurveyLink | null>) => Promise<boolean>;

type Contact = { id: string; workspace_id: string; customer_id: string; queue_id: string | null; channel: string; language: string | null; customer_language: string | null; status: string; resolved: boolean | null; settings: unknown };

/**
 * Whether the chat widget may ask for a rating at the end of this chat: the queue surveys chat contacts,
 * and the customer was not asked about another contact within the queue's N days (asking about this
 * one already counts as allowed).
 */
export async function chatRatingAllowed(db: Db, now: Date, workspaceId: string, interactionId: string) {
  const [c] = (await db.execute<{ customer_id: string; queue_id: string | null; settings: unknown }>(sql`
    SELECT i.customer_id, i.queue_id, q.settings FROM interactions i LEFT JOIN queues q ON q.id = i.queue_id
    WHERE i.id = ${interactionId} AND i.workspace_id = ${workspaceId}`)).rows;
  if (!c) return false;
  const rules = readQueueSettings(c.queue_id ? c.settings : {}).csat;
  if (!rules.enabled || !rules.channels.includes('chat')) return false;
  const [last] = (await db.execute<{ sent_at: Date | null; mine: boolean }>(sql`
    SELECT max(sent_at) FILTER (WHERE interaction_id <> ${interactionId}) AS sent_at, bool_or(interaction_id = ${interactionId}) AS mine
    FROM survey_requests WHERE workspace_id = ${workspaceId} AND customer_id = ${c.customer_id}`)).rows;
  if (last?.mine) return true;
  return !last?.sent_at || now.getTime() - new Date(last.sent_at).getTime() >= rules.minDaysBetween * 86_400_000;
}

/** CSAT surveys: who to ask, signed links, and the customer's answer recorded as a `rated` event. */
export class SurveyService {
  /** Set by the channels module: sends a survey link on a contact's channel. */
  sender?: SurveySender;

  constructor(private db: Db, private clock: Clock, private publicUrl: string, private interactions: InteractionService, private audit?: Audit) {}

  private async key(tx: Tx, workspaceId: string) {
    await tx.execute(sql`INSERT INTO survey_keys (workspace_id, secret) VALUES (${workspaceId}, ${randomBytes(32).toString('base64url')}) ON CONFLICT DO NOTHING`);
    const [r] = (await tx.execute<{ secret: string }>(sql`SELECT secret FROM survey_keys WHERE workspace_id = ${workspaceId}`)).rows;
    return r!.secret;
  }

  private async contact(tx: Tx, workspaceId: string | null, interactionId: string) {
    const [c] = (await tx.execute<Contact>(sql`
      SELECT i.id, i.workspace_id, i.customer_id, i.queue_id, i.channel, i.language, cu.language AS customer_language, i.status, i.resolved, q.settings
      FROM interactions i LEFT JOIN customers cu ON cu.id = i.customer_id LEFT JOIN queues q ON q.id = i.queue_id
      WHERE i.id = ${interactionId} ${workspaceId ? sql`AND i.workspace_id = ${workspaceId}` : sql``}`)).rows;
    return c;
  }

  private rules(c: Contact): SurveyRules {
    return c.queue_id ? readQueueSettings(c.settings).csat : readQueueSettings({}).csat;
  }

  /** Whether the customer should be asked about this contact now (queue rules, resolved, once per N days). */
  async shouldSurvey(workspaceId: string, interactionId: string) {
    const c = await this.contact(this.db, workspaceId, interactionId);
    if (!c) return false;
    return this.eligible(this.db, c);
  }

  private async eligible(tx: Tx, c: Contact) {
    const rules = this.rules(c);
    const [last] = (await tx.execute<{ sent_at: Date | null; mine: boolean }>(sql`
      SELECT max(sent_at) AS sent_at, bool_or(interaction_id = ${c.id}) AS mine FROM survey_requests
      WHERE workspace_id = ${c.workspace_id} AND customer_id = ${c.customer_id}`)).rows;
    return shouldSurvey({ resolved: !!c.resolved, closed: c.status === 'closed', alreadySurveyed: !!last?.mine }, rules, last?.sent_at ? new Date(last.sent_at) : null, this.clock.now());
  }

  /**
   * For channels closing a resolved contact: a signed survey link and the prompt to send, in the
   * customer's language, or null when the rules say not to ask. Records that the survey was sent.
   */
  async surveyLink(workspaceId: string, interactionId: string): Promise<SurveyLink | null> {
    return this.db.transaction(async (tx) => {
      const c = await this.contact(tx, workspaceId, interactionId);
      if (!c) throw notFound('Interaction');
      // One survey decision per customer at a time.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`survey:${c.customer_id}`}))`);
      if (!(await this.eligible(tx, c))) return null;
      const language = surveyLanguage(c.language ?? c.customer_language);
      const now = this.clock.now();
      const expiresAt = new Date(now.getTime() + this.rules(c).linkDays * 86_400_000);
      const token = signToken(c.id, expiresAt, await this.key(tx, workspaceId));
      await tx.execute(sql`
        INSERT INTO survey_requests (workspace_id, interaction_id, customer_id, queue_id, channel, language, sent_at)
        VALUES (${workspaceId}, ${c.id}, ${c.customer_id}, ${c.queue_id}, ${c.channel}, ${language}, ${now.toISOString()}::timestamptz)
        ON CONFLICT (interaction_id) DO NOTHING`);
      const url = `${this.publicUrl.replace(/\/$/, '')}/survey/${token}`;
      return { url, token, prompt: surveyPrompt(language, url), subject: surveySubject(language), language, expiresAt: expiresAt.toISOString() };
    });
  }

  /**
   * After a contact closed resolved (a durable job): asks the customer on the contact's channel when the
   * queue's rules say so — on/off, the channel is one the queue asks on, once per customer per N days.
   */
  async sendAfterClose(workspaceId: string, interactionId: string) {
    const c = await this.contact(this.db, workspaceId, interactionId);
    if (!c || !c.resolved || c.status !== 'closed' || !this.sender) return false;
    const rules = this.rules(c);
    if (!rules.enabled || !rules.channels.includes(c.channel)) return false;
    let recorded = false;
    const link = async () => {
      const l = await this.surveyLink(workspaceId, interactionId);
      recorded = !!l;
      return l;
    };
    try {
      return await this.sender({ workspaceId, interactionId, channel: c.channel }, link);
    } catch (e) {
      // Not sent: forget the survey so that the job's retry asks again.
      if (recorded) await this.db.execute(sql`DELETE FROM survey_requests WHERE workspace_id = ${workspaceId} AND interaction_id = ${interactionId} AND answered_at IS NULL`);
      throw e;
    }
  }

  /** Every queue's survey rules. */
  async listRules(p: Principal): Promise<{ items: QueueSurveyRules[] }> {
    const rows = (await this.db.execute<{ id: string; name: string; settings: unknown }>(sql`
      SELECT id, name, settings FROM queues WHERE workspace_id = ${p.workspaceId} ORDER BY name, id`)).rows;
    return { items: rows.map((q) => ({ queueId: q.id, queueName: q.name, ...readQueueSettings(q.settings).csat })) };
  }

  /** Sets a queue's survey rules (kept in the queue's settings as `csat`); audited. */
  async setRules(p: Principal, queueId: string, rules: SurveyRules, ip?: string): Promise<QueueSurveyRules> {
    const csat = { enabled: rules.enabled, minDaysBetween: rules.minDaysBetween, linkDays: rules.linkDays, channels: [...new Set(rules.channels)].filter((ch) => (surveyChannels as readonly string[]).includes(ch)) };
    const [q] = (await this.db.execute<{ id: string; name: string; settings: unknown }>(sql`
      UPDATE queues SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{csat}', ${JSON.stringify(csat)}::jsonb)
      WHERE workspace_id = ${p.workspaceId} AND id = ${queueId} RETURNING id, name, settings`)).rows;
    if (!q) throw notFound('Queue');
    await this.audit?.({ workspaceId: p.workspaceId, actorId: p.userId, actorEmail: p.email, action: 'queue.survey_rules_updated', targetType: 'queue', targetId: queueId, ip, details: csat });
    return { queueId: q.id, queueName: q.name, ...readQueueSettings(q.settings).csat };
  }

  private async open(token: string) {
    const t = readToken(token);
    if (!t) throw notFound('Survey');
    const c = await this.contact(this.db, null, t.interactionId);
    if (!c) throw notFound('Survey');
    const v = verifyToken(token, await this.key(this.db, c.workspace_id), this.clock.now());
    if ('error' in v) throw v.error === 'expired' ? new AppError('survey_expired', 'This survey link has expired', 410) : notFound('Survey');
    const [req] = (await this.db.execute<{ answered_at: Date | null; score: number | null; language: string }>(sql`
      SELECT answered_at, score, language FROM survey_requests WHERE interaction_id = ${c.id}`)).rows;
    const [ws] = (await this.db.execute<{ name: string }>(sql`SELECT name FROM workspaces WHERE id = ${c.workspace_id}`)).rows;
    return { c, req, company: ws?.name ?? '' };
  }

  /** What the public survey page shows: the company, the language, and whether it was answered. */
  async publicView(token: string) {
    const { c, req, company } = await this.open(token);
    return { company, language: req?.language ?? surveyLanguage(c.language ?? c.customer_language), channel: c.channel, answered: !!req?.answered_at, score: req?.score ?? null };
  }

  /** The customer's answer: written as the contact's `rated` event (source `link`); one answer per link. */
  async submit(token: string, score: number, comment: string | null) {
    const { c, req } = await this.open(token);
    if (req?.answered_at) throw conflict('already_answered', 'This survey was already answered');
    await this.interactions.rate(c.workspace_id, c.id, { score, comment, source: 'link' });
    await this.db.execute(sql`
      INSERT INTO survey_requests (workspace_id, interaction_id, customer_id, queue_id, channel, language, sent_at, answered_at, score)
      VALUES (${c.workspace_id}, ${c.id}, ${c.customer_id}, ${c.queue_id}, ${c.channel}, ${surveyLanguage(c.language ?? c.customer_language)}, now(), now(), ${score})
      ON CONFLICT (interaction_id) DO UPDATE SET answered_at = now(), score = EXCLUDED.score`);
  }
}
