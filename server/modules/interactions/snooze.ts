import { and, desc, eq, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { conflict, forbidden, invalid } from '../../platform/errors/index.js';
import type { Jobs } from '../../platform/jobs/index.js';
import type { EventBus, NewEvent } from '../../platform/realtime/index.js';
import { realtimeTypes } from './events.js';
import { interactions, messages } from './schema.js';
import type { InteractionService } from './service.js';
import { messageView } from './views.js';

/** The job that ends a snooze when its time comes: `{ workspaceId, interactionId, noteId }`. */
export const SNOOZE_END_JOB = 'interaction-snooze-end';
/** Snoozing can last this long at most. */
const maxSnoozeMs = 30 * 24 * 3600_000;
/** Contacts that can wait: an email is answered later, a chat is not. */
const snoozable = new Set(['email']);

type SnoozeMeta = { until: string | null; by: string | null; ended?: boolean };
const snoozeOf = (meta: Record<string, unknown>) => meta.snooze as SnoozeMeta | undefined;

/**
 * Snoozing an email contact: it leaves the agent's tabs until a time, then comes back with a reminder. Each
 * snooze and its end is a system note on the contact (meta.snooze), so the conversation shows it and the
 * newest such note is the contact's snooze state; a delayed job ends it.
 */
export class SnoozeService {
  constructor(private db: Db, private bus: EventBus, private clock: Clock, private interactions: InteractionService, private jobs?: Jobs) {}

  /** Snoozes the contact until `until`, or wakes it now (`until` null). */
  async snooze(p: Principal, id: string, until: Date | null) {
    return this.db.transaction(async (tx) => {
      const i = await this.interactions.require(tx, p, id, true);
      if (!snoozable.has(i.channel)) throw invalid('not_snoozable', 'Only email contacts can be snoozed');
      if (i.status !== 'active') throw conflict('not_active', 'Only an active contact can be snoozed');
      if (p.role === 'agent' && i.assigneeId !== p.userId) throw forbidden('Only the agent handling the contact can snooze it');
      const now = this.clock.now();
      if (until && (until.getTime() <= now.getTime() || until.getTime() - now.getTime() > maxSnoozeMs)) {
        throw invalid('invalid_snooze', 'Snooze until a time within the next 30 days');
      }
      const current = await latestSnooze(tx, p.workspaceId, id);
      if (!until && !(current && isSnoozed(current.meta, now))) throw conflict('not_snoozed', 'The contact is not snoozed');
      const note = await this.note(tx, p.workspaceId, id, i.assigneeId, { until: until?.toISOString() ?? null, by: p.userId }, p.userId, now);
      if (until) {
        if (!this.jobs) throw new Error('Snoozing needs the job runner');
        await this.jobs.send(SNOOZE_END_JOB, { workspaceId: p.workspaceId, interactionId: id, noteId: note.id }, { tx, startAfter: until });
      }
      return { interactionId: id, until: until?.toISOString() ?? null };
    });
  }

  /** My active contacts that are snoozed now, with the time each comes back. */
  async mine(p: Principal) {
    const now = this.clock.now();
    const rows = await this.db.selectDistinctOn([messages.interactionId], { interactionId: messages.interactionId, meta: messages.meta })
      .from(messages)
      .innerJoin(interactions, eq(interactions.id, messages.interactionId))
      .where(and(
        eq(messages.workspaceId, p.workspaceId), eq(interactions.assigneeId, p.userId), eq(interactions.status, 'active'),
        eq(messages.kind, 'note'), sql`${messages.meta}->'snooze' is not null`,
      ))
      .orderBy(messages.interactionId, desc(messages.createdAt), desc(messages.id));
    return {
      items: rows.filter((r) => isSnoozed(r.meta, now)).map((r) => ({ interactionId: r.interactionId, until: snoozeOf(r.meta)!.until! }))
        .sort((a, b) => a.until.localeCompare(b.until)),
    };
  }

  /** The job: the snooze is over unless a newer snooze or a wake-up replaced it, or the contact ended. */
  async end(job: { workspaceId: string; interactionId: string; noteId: string }) {
    await this.db.transaction(async (tx) => {
      const [i] = await tx.select().from(interactions)
        .where(and(eq(interactions.workspaceId, job.workspaceId), eq(interactions.id, job.interactionId))).for('update');
      if (!i || i.status !== 'active') return;
      const current = await latestSnooze(tx, job.workspaceId, job.interactionId);
      if (current?.id !== job.noteId) return;
      await this.note(tx, job.workspaceId, job.interactionId, i.assigneeId, { until: null, by: null, ended: true }, null, this.clock.now());
    });
  }

  private async note(tx: Tx, workspaceId: string, interactionId: string, assigneeId: string | null, snooze: SnoozeMeta, by: string | null, now: Date) {
    const body = snooze.until ? `Snoozed until ${snooze.until}` : snooze.ended ? 'The snooze is over' : 'Woken up';
    const [m] = await tx.insert(messages).values({
      workspaceId, interactionId, kind: 'note', direction: 'internal', authorType: 'system', authorId: by, body, meta: { snooze }, createdAt: now,
    }).returning();
    await tx.update(interactions).set({ updatedAt: now }).where(eq(interactions.id, interactionId));
    const events: NewEvent[] = [{ workspaceId, topic: `interaction:${interactionId}`, type: realtimeTypes.noteCreated, payload: messageView(m!, []) }];
    if (assigneeId) events.push({ workspaceId, topic: `user:${assigneeId}`, type: realtimeTypes.snoozed, payload: { interactionId, until: snooze.until, ended: !!snooze.ended } });
    await this.bus.publish(events, tx);
    return m!;
  }
}

const isSnoozed = (meta: Record<string, unknown>, now: Date) => {
  const until = snoozeOf(meta)?.until;
  return !!until && Date.parse(until) > now.getTime();
};

const latestSnooze = async (tx: Tx, workspaceId: string, interactionId: string) =>
  (await tx.select({ id: messages.id, meta: messages.meta }).from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.interactionId, interactionId), eq(messages.kind, 'note'), sql`${messages.meta}->'snooze' is not null`))
    .orderBy(desc(messages.createdAt), desc(messages.id)).limit(1))[0];
