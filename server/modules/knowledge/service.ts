import { and, eq } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { conflict, invalid, notFound } from '../../platform/errors/index.js';
import type { Audit } from '../../platform/module.js';
import { queues } from '../queues/schema.js';
import { scriptProblems, type ScriptStep } from './domain/script.js';
import { fillVariables, firstName, variablesIn, type Variables } from './domain/variables.js';
import { savedAnswers, scripts } from './schema.js';
import * as store from './store.js';

export type AnswerInput = { kind?: 'answer' | 'snippet'; title: string; shortcut?: string | null; body: string; language?: string | null };
export type ScriptInput = { name: string; queueId?: string | null; reason?: string | null; active?: boolean; steps: ScriptStep[] };

const answerView = (a: store.SavedAnswerRow) => ({
  id: a.id, kind: a.kind, title: a.title, shortcut: a.shortcut, body: a.body, language: a.language, variables: variablesIn(a.body),
  updatedAt: a.updatedAt.toISOString(),
});
const scriptView = (s: store.ScriptRow) => ({ id: s.id, name: s.name, queueId: s.queueId, reason: s.reason, active: s.active, steps: s.steps });

const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return (err.code ?? err.cause?.code) === '23505';
};
const shortcutTaken = (e: unknown) => {
  throw isUniqueViolation(e) ? conflict('shortcut_taken', 'Another saved answer uses this shortcut') : e;
};

/** Saved answers with variables, knowledge snippets and guided scripts; admins edit, every staff member uses them. */
export class KnowledgeService {
  constructor(private db: Db, private clock: Clock, private audit: Audit) {}

  async listAnswers(p: Principal, q: { q?: string; kind?: 'answer' | 'snippet' }) {
    return { items: (await store.listAnswers(this.db, p.workspaceId, q.q, q.kind)).map(answerView) };
  }

  async createAnswer(p: Principal, input: AnswerInput) {
    const now = this.clock.now();
    const [a] = await this.db.insert(savedAnswers).values({ ...input, workspaceId: p.workspaceId, createdAt: now, updatedAt: now }).returning().catch(shortcutTaken);
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, action: 'saved_answer.created', targetType: 'saved_answer', targetId: a!.id });
    return answerView(a!);
  }

  async updateAnswer(p: Principal, id: string, patch: Partial<AnswerInput>) {
    const rows = await this.db.update(savedAnswers).set({ ...patch, updatedAt: this.clock.now() })
      .where(and(eq(savedAnswers.workspaceId, p.workspaceId), eq(savedAnswers.id, id))).returning().catch(shortcutTaken);
    if (!rows.length) throw notFound('Saved answer');
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, action: 'saved_answer.updated', targetType: 'saved_answer', targetId: id });
    return answerView(rows[0]!);
  }

  async removeAnswer(p: Principal, id: string) {
    const rows = await this.db.delete(savedAnswers).where(and(eq(savedAnswers.workspaceId, p.workspaceId), eq(savedAnswers.id, id))).returning({ id: savedAnswers.id });
    if (!rows.length) throw notFound('Saved answer');
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, action: 'saved_answer.deleted', targetType: 'saved_answer', targetId: id });
  }

  /** The answer's text for one contact, with its variables filled (missing values stay as visible placeholders). */
  async render(p: Principal, id: string, interactionId: string, orderId?: string) {
    const a = await store.findAnswer(this.db, p.workspaceId, id);
    if (!a) throw notFound('Saved answer');
    const src = await store.variableSources(this.db, p.workspaceId, interactionId, p.userId, orderId);
    if (!src) throw invalid('invalid_interaction', 'No such contact in this workspace');
    return { ...fillVariables(a.body, this.variables(src)), answerId: a.id };
  }

  private variables(src: NonNullable<Awaited<ReturnType<typeof store.variableSources>>>): Variables {
    const { customer, agent, order, interaction } = src;
    const attrs = (customer?.attributes ?? {}) as Record<string, unknown>;
    const attr = (k: string) => (typeof attrs[k] === 'string' || typeof attrs[k] === 'number' ? (attrs[k] as string | number) : undefined);
    return {
      'customer.name': customer?.name, 'customer.first_name': firstName(customer?.name), 'customer.email': attr('email'), 'customer.phone': attr('phone'),
      'customer.language': customer?.language,
      'agent.name': agent?.name, 'agent.first_name': firstName(agent?.name),
      'order.number': order?.number, 'order.status': order?.status, 'order.amount': order?.amount, 'order.currency': order?.currency,
      'order.date': order?.orderedAt.toISOString().slice(0, 10),
      'interaction.subject': interaction.subject,
    };
  }

  async listScripts(p: Principal) {
    return { items: (await store.listScripts(this.db, p.workspaceId)).map(scriptView) };
  }

  async createScript(p: Principal, input: ScriptInput) {
    await this.checkScript(p, input);
    const [s] = await this.db.insert(scripts).values({ ...input, workspaceId: p.workspaceId, createdAt: this.clock.now() }).returning();
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, action: 'script.created', targetType: 'script', targetId: s!.id });
    return scriptView(s!);
  }

  async updateScript(p: Principal, id: string, patch: Partial<ScriptInput>) {
    await this.checkScript(p, patch);
    if (!Object.keys(patch).length) {
      const s = await store.findScript(this.db, p.workspaceId, id);
      if (!s) throw notFound('Script');
      return scriptView(s);
    }
    const rows = await this.db.update(scripts).set(patch).where(and(eq(scripts.workspaceId, p.workspaceId), eq(scripts.id, id))).returning();
    if (!rows.length) throw notFound('Script');
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, action: 'script.updated', targetType: 'script', targetId: id });
    return scriptView(rows[0]!);
  }

  async removeScript(p: Principal, id: string) {
    const rows = await this.db.delete(scripts).where(and(eq(scripts.workspaceId, p.workspaceId), eq(scripts.id, id))).returning({ id: scripts.id });
    if (!rows.length) throw notFound('Script');
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, action: 'script.deleted', targetType: 'script', targetId: id });
  }

  /** Scripts that fit a contact (its queue or reason, or general ones) and the answers already given on it. */
  async forInteraction(p: Principal, interactionId: string) {
    const src = await store.variableSources(this.db, p.workspaceId, interactionId, p.userId);
    if (!src) throw notFound('Interaction');
    const { queueId, reason } = src.interaction;
    const all = (await store.listScripts(this.db, p.workspaceId)).filter((s) => s.active
      && ((!s.queueId && !s.reason) || (s.queueId && s.queueId === queueId) || (s.reason && s.reason === reason)));
    const runs = await store.runsOf(this.db, p.workspaceId, interactionId);
    return { items: all.map((s) => ({ ...scriptView(s), answers: runs.find((r) => r.scriptId === s.id)?.answers ?? {} })) };
  }

  /** Saves the agent's answers to a script on a contact (the whole set, replacing the previous one). */
  async saveAnswers(p: Principal, interactionId: string, scriptId: string, answers: Record<string, string>) {
    const s = await store.findScript(this.db, p.workspaceId, scriptId);
    if (!s) throw notFound('Script');
    if (!(await store.variableSources(this.db, p.workspaceId, interactionId, p.userId))) throw notFound('Interaction');
    const unknown = Object.keys(answers).filter((k) => !s.steps.some((st) => st.id === k));
    if (unknown.length) throw invalid('unknown_step', `The script has no step ${unknown.join(', ')}`);
    const [run] = await store.saveRun(this.db, { workspaceId: p.workspaceId, interactionId, scriptId, answers, updatedById: p.userId, updatedAt: this.clock.now() });
    return { scriptId, answers: run!.answers, updatedAt: run!.updatedAt.toISOString() };
  }

  private async checkScript(p: Principal, input: Partial<ScriptInput>) {
    if (input.steps) {
      const problems = scriptProblems(input.steps);
      if (problems.length) throw invalid('invalid_script', problems.join('; '), { problems });
    }
    if (input.queueId) {
      const [q] = await this.db.select({ id: queues.id }).from(queues).where(and(eq(queues.workspaceId, p.workspaceId), eq(queues.id, input.queueId))).limit(1);
      if (!q) throw invalid('invalid_queue', 'No such queue in this workspace');
    }
  }
}
