import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { rawClient, type Tx } from '../../platform/db/index.js';
import { interactions } from '../interactions/schema.js';
import type { Decision, RoutingEvent } from './domain/index.js';
import { agentRoutingView } from './agent-view.js';
import { routingTopics } from './events.js';
import type { RouterDeps } from './router.js';
import type { AgentStateName } from './schema.js';
import * as store from './store.js';
import * as sql from './writer-sql.js';

/** What the writer needs to know of the router's state, and how it reports back when the database disagrees. */
export interface RouterView {
  contact(id: string): { channel: string; enqueuedAt: number; queueId: string } | undefined;
  agentName(agentId: string): string | undefined;
  /** Tells the engine what really happened (the contact left, the offer was gone). */
  feedback(event: RoutingEvent): Promise<void>;
  /** Offers that left `pending` in a committed batch (for accept requests waiting in this process). */
  resolved?(offers: Map<string, string>): void;
}

/** The router's own record of an agent turning an offer down, written in order with the decisions. */
export type Rejection = { type: 'rejected'; contactId: string; agentId: string };
export type WriterDecision = Decision | Rejection;

/**
 * Carries out the engine's decisions in the database. A batch of decisions is written in ONE
 * transaction (one commit, one flush: group commit), with one statement per kind of decision, each
 * guarded so that a contact is never offered or assigned twice. Decisions that share a contact or an
 * agent keep the engine's order (see `waves`). If the batch fails, each decision is retried alone so
 * one bad decision cannot hold up the rest.
 */
export class DecisionWriter {
  constructor(private deps: RouterDeps, private workspaceId: string, private view: RouterView) {}

  async executeAll(decisions: WriterDecision[]) {
    if (!decisions.length) return;
    let outcome: Outcome;
    try {
      outcome = await this.deps.db.transaction((tx) => this.write(tx, decisions));
    } catch (err) {
      if (decisions.length === 1) {
        this.deps.log.warn({ err, decision: decisions[0] }, 'routing decision failed');
        return;
      }
      this.deps.log.warn({ err, n: decisions.length }, 'routing batch failed; writing its decisions one by one');
      for (const d of decisions) await this.executeAll([d]);
      return;
    }
    if (outcome.resolved.size) this.view.resolved?.(outcome.resolved);
    // The database disagreed with the engine: re-read and tell it (after COMMIT, outside the batch).
    for (const id of outcome.offerGone) await this.reconcileGone(id);
    for (const [contactId, agentId] of outcome.assignFailed) await this.assignFailed(contactId, agentId);
  }

  private async write(tx: Tx, decisions: WriterDecision[]): Promise<Outcome> {
    const outcome: Outcome = { resolved: new Map(), offerGone: [], assignFailed: [] };
    const now = this.deps.clock.now();
    for (const wave of waves(decisions)) {
      const offers: sql.OfferInput[] = [];
      const resolves: sql.ResolveInput[] = [];
      const assigns: sql.AssignInput[] = [];
      const others: WriterDecision[] = [];
      for (const d of wave) {
        switch (d.type) {
          case 'offer': offers.push(this.offerInput(d.contactId, d.agentId, d.expiresAt, now, offers.length)); break;
          case 'revoke': resolves.push({ n: resolves.length, contact: d.contactId, agent: d.agentId, status: d.reason === 'timeout' ? 'timed_out' : 'revoked', reason: d.reason }); break;
          case 'rejected': resolves.push({ n: resolves.length, contact: d.contactId, agent: d.agentId, status: 'rejected', reason: null }); break;
          case 'assigned': assigns.push({ n: assigns.length, contact: d.contactId, agent: d.agentId }); break;
          default: others.push(d);
        }
      }
      const client = rawClient(tx);
      if (resolves.length) {
        for (const r of await sql.resolveOffers(client, this.workspaceId, now, resolves)) outcome.resolved.set(r.id, r.status);
      }
      if (offers.length) {
        const made = new Set(await sql.insertOffers(client, this.workspaceId, now, offers));
        for (const o of offers) if (!made.has(o.id)) outcome.offerGone.push(o.contact);
      }
      if (assigns.length) {
        const done = await sql.assign(client, this.workspaceId, now, assigns);
        const ok = new Set<string>();
        for (const r of done) {
          ok.add(r.contact);
          outcome.resolved.set(r.offer_id, 'accepted');
        }
        const failed = assigns.filter((a) => !ok.has(a.contact));
        for (const a of failed) outcome.assignFailed.push([a.contact, a.agent]);
        // The contact left (or was taken) while the accept was on its way: withdraw its offer, so the
        // accepting agent is answered at once and the offer never lingers as pending.
        if (failed.length) {
          const withdraw = failed.map((a, n) => ({ n, contact: a.contact, agent: a.agent, status: 'revoked' as const, reason: 'abandoned' }));
          for (const r of await sql.resolveOffers(client, this.workspaceId, now, withdraw)) outcome.resolved.set(r.id, r.status);
        }
      }
      for (const d of others) await this.other(tx, d, now);
    }
    return outcome;
  }

  private offerInput(contactId: string, agentId: string, expiresAt: number, now: Date, n: number): sql.OfferInput {
    const c = this.view.contact(contactId);
    const id = randomUUID();
    const expires = new Date(expiresAt).toISOString();
    return {
      n, id, contact: contactId, agent: agentId, expires,
      // The rest of the offer's realtime payload (queue, names) is filled in by the statement.
      p: {
        id, interactionId: contactId, channel: c?.channel ?? 'chat', offeredAt: now.toISOString(), expiresAt: expires,
        waitSeconds: c ? Math.max(0, Math.round((now.getTime() - c.enqueuedAt) / 1000)) : 0,
      },
    };
  }

  private async other(tx: Tx, d: WriterDecision, now: Date) {
    switch (d.type) {
      case 'agent_state': return this.agentState(tx, d.agentId, d.state, d.reason, now);
      case 'overflow': return this.contactEvent(tx, d.contactId, 'overflowed', { step: d.stepIndex, action: d.step.action }, now);
      case 'expired': return this.expire(tx, d.contactId, d.action, now);
      case 'callback_due': return this.contactEvent(tx, d.contactId, 'callback_due', {}, now);
    }
  }

  /** The contact left (closed, taken by hand) before we could offer it: forget it. */
  private async reconcileGone(contactId: string) {
    const i = await store.findInteraction(this.deps.db, this.workspaceId, contactId);
    if (!i || i.status !== 'queued') await this.view.feedback({ type: 'contact_abandoned', contactId });
  }

  /** The offer was withdrawn or the contact left in the meantime: keep the engine's load right (no after-contact work: nothing was handled). */
  private async assignFailed(contactId: string, agentId: string) {
    const i = await store.findInteraction(this.deps.db, this.workspaceId, contactId);
    if (!i || i.status !== 'active' || i.assigneeId !== agentId) await this.view.feedback({ type: 'assignment_failed', contactId });
  }

  private async agentState(tx: Tx, agentId: string, state: AgentStateName, reason: string, now: Date) {
    await store.writeAgentState(tx, this.workspaceId, agentId, state, reason, now);
    const view = await agentRoutingView(tx, this.workspaceId, agentId, now);
    await this.deps.bus.publish([
      { workspaceId: this.workspaceId, topic: routingTopics.user(agentId), type: 'routing.state', payload: view },
      { workspaceId: this.workspaceId, topic: routingTopics.supervisors, type: 'routing.agent_state', payload: { userId: agentId, name: this.view.agentName(agentId), state, reason, since: now.toISOString(), load: view.load } },
    ], tx);
  }

  private async expire(tx: Tx, contactId: string, action: string, now: Date) {
    const [i] = await tx.update(interactions).set({
      status: action === 'disconnect' ? 'abandoned' : 'new', callbackRequested: action === 'callback', updatedAt: now,
      ...(action === 'disconnect' ? { closedAt: now } : {}),
    }).where(and(eq(interactions.id, contactId), eq(interactions.workspaceId, this.workspaceId), inArray(interactions.status, ['queued']))).returning();
    if (!i) return;
    await store.insertEvents(tx, [{ workspaceId: this.workspaceId, interactionId: contactId, type: 'expired', at: now, actorType: 'system', queueId: i.queueId, data: { action } }]);
    await this.deps.bus.publish([`interaction:${contactId}`, 'workspace'].map((topic) =>
      ({ workspaceId: this.workspaceId, topic, type: 'interaction.updated', payload: { id: contactId, status: i.status, action } })), tx);
  }

  private async contactEvent(tx: Tx, contactId: string, type: string, data: Record<string, unknown>, now: Date) {
    const c = this.view.contact(contactId);
    await store.insertEvents(tx, [{ workspaceId: this.workspaceId, interactionId: contactId, type, at: now, actorType: 'system', queueId: c?.queueId, data }]);
  }

  publishToAgent(agentId: string, type: string, payload: unknown) {
    return this.deps.bus.publish({ workspaceId: this.workspaceId, topic: routingTopics.user(agentId), type, payload });
  }
}

interface Outcome {
  /** offer id -> its new status */
  resolved: Map<string, string>;
  /** contacts whose offer was not written (no longer queued) */
  offerGone: string[];
  /** [contact, agent] whose assignment was refused */
  assignFailed: [string, string][];
}

/**
 * Splits decisions into waves that can each be written with one statement per kind: a decision goes
 * into the wave after the last one about the same contact (or, for agent states, the same agent), so
 * what happens to one contact keeps the engine's order (a revoke before the re-offer). Within a wave,
 * resolutions are written before offers and offers before assignments, each kind in engine order.
 */
export function waves(decisions: WriterDecision[]): WriterDecision[][] {
  const last = new Map<string, number>();
  const out: WriterDecision[][] = [];
  for (const d of decisions) {
    const key = 'contactId' in d ? d.contactId : `a:${d.agentId}`;
    const w = (last.get(key) ?? -1) + 1;
    last.set(key, w);
    (out[w] ??= []).push(d);
  }
  return out;
}
