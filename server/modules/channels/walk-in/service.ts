import { and, asc, count, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Principal } from '../../../platform/auth/index.js';
import { conflict, invalid, notFound } from '../../../platform/errors/index.js';
import { normalisePhone } from '../../customers/index.js';
import { userSkills } from '../../identity/index.js';
import { interactions } from '../../interactions/index.js';
import { queueInWorkspace, queues, readQueueSettings } from '../../queues/index.js';
import type { ChannelAccount } from '../accounts.js';
import type { ChannelContext } from '../adapter.js';
import { sendSms } from '../sms/index.js';
import { branchDay, calledMessage, ticketLabel } from './domain/ticket.js';
import { walkInTickets, type TicketStatus } from './schema.js';

export type BranchService = { id: string; name: string; letter: string; queueId?: string | null };
type Ticket = typeof walkInTickets.$inferSelect;

/** The realtime topic of a branch's display (ticket numbers and counters only). */
export const displayTopic = (accountId: string) => `walk-in:${accountId}`;
export const servicesOf = (a: Pick<ChannelAccount, 'settings'>) => (a.settings.services ?? []) as BranchService[];
const timeZoneOf = (a: Pick<ChannelAccount, 'settings'>) => String(a.settings.timeZone ?? 'UTC');

export const ticketView = (t: Ticket, services: BranchService[] = []) => ({
  id: t.id, channelId: t.channelAccountId, interactionId: t.interactionId, number: ticketLabel(t.letter, t.number), service: t.service,
  serviceName: services.find((s) => s.id === t.service)?.name ?? t.service, status: t.status, counter: t.counter, calledById: t.calledById, recalls: t.recalls,
  calledAt: t.calledAt?.toISOString() ?? null, createdAt: t.createdAt.toISOString(),
});

/**
 * Walk-in visits: a branch kiosk hands out numbered tickets, each a walk_in contact queued on its service's
 * queue; agents call the next ticket to their counter (or the one routing gave them), recall it or mark a
 * no-show; the branch display follows along with numbers and counters only.
 */
export class WalkIns {
  constructor(private ctx: ChannelContext) {}

  private async publish(workspaceId: string, accountId: string, type: string, payload: Record<string, unknown>) {
    await this.ctx.bus.publish({ workspaceId, topic: displayTopic(accountId), type, payload });
  }

  /** The kiosk takes a ticket: next number of the service's letter today, and a queued walk_in contact. */
  async take(account: ChannelAccount, serviceId: string, phoneIn?: string) {
    const services = servicesOf(account);
    const svc = services.find((s) => s.id === serviceId);
    if (!svc) throw invalid('unknown_service', 'This branch has no such service');
    const phone = phoneIn?.trim() ? normalisePhone(phoneIn) : null;
    const { db, clock } = this.ctx;
    const now = clock.now();
    const day = branchDay(now, timeZoneOf(account));
    const ticket = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`walk-in:${account.id}:${day}:${svc.letter}`}))`);
      const [last] = await tx.select({ n: sql<number>`coalesce(max(${walkInTickets.number}), 0)::int` }).from(walkInTickets)
        .where(and(eq(walkInTickets.channelAccountId, account.id), eq(walkInTickets.day, day), eq(walkInTickets.letter, svc.letter)));
      const [t] = await tx.insert(walkInTickets).values({
        workspaceId: account.workspaceId, channelAccountId: account.id, day, service: svc.id, letter: svc.letter, number: (last?.n ?? 0) + 1, phone, createdAt: now, updatedAt: now,
      }).returning();
      return t!;
    });
    const label = ticketLabel(ticket.letter, ticket.number);
    const queueId = svc.queueId && (await queueInWorkspace(db, account.workspaceId, svc.queueId)) ? svc.queueId : account.queueId;
    const r = await this.ctx.inbox.receive(account, {
      externalId: `ticket:${ticket.id}`, threadKey: `ticket:${ticket.id}`,
      from: phone ? { kind: 'phone', value: phone } : { kind: 'chat', value: `walk-in:${account.id}`, name: `${account.name} · walk-in` },
      text: `${label} · ${svc.name}`, subject: `${label} · ${svc.name}`, queueId: queueId ?? undefined, newContact: true,
      meta: { walkIn: { ticketId: ticket.id, ticket: label, service: svc.id } },
    });
    const [saved] = await db.update(walkInTickets).set({ interactionId: r.interactionId }).where(eq(walkInTickets.id, ticket.id)).returning();
    const [ahead] = await db.select({ n: count() }).from(walkInTickets).where(and(
      eq(walkInTickets.channelAccountId, account.id), eq(walkInTickets.day, day), eq(walkInTickets.service, svc.id),
      eq(walkInTickets.status, 'waiting'), lt(walkInTickets.createdAt, ticket.createdAt),
    ));
    await this.publish(account.workspaceId, account.id, 'walk_in.ticket_taken', { number: label, service: svc.id });
    return { ticket: ticketView(saved!, services), ahead: Number(ahead?.n ?? 0) };
  }

  /** What the branch display shows: the latest calls (number and counter) and how many wait per service. */
  async display(account: ChannelAccount) {
    const day = branchDay(this.ctx.clock.now(), timeZoneOf(account));
    const services = servicesOf(account);
    const called = await this.ctx.db.select().from(walkInTickets)
      .where(and(eq(walkInTickets.channelAccountId, account.id), eq(walkInTickets.day, day), inArray(walkInTickets.status, ['called', 'done'])))
      .orderBy(desc(walkInTickets.calledAt)).limit(8);
    const waiting = await this.ctx.db.select({ service: walkInTickets.service, n: count() }).from(walkInTickets)
      .where(and(eq(walkInTickets.channelAccountId, account.id), eq(walkInTickets.day, day), eq(walkInTickets.status, 'waiting')))
      .groupBy(walkInTickets.service);
    return {
      branch: account.name, language: account.language,
      calling: called.map((t) => ({ number: ticketLabel(t.letter, t.number), counter: t.counter, calledAt: t.calledAt?.toISOString() ?? null, recalls: t.recalls })),
      waiting: services.map((s) => ({ service: s.name, letter: s.letter, waiting: Number(waiting.find((w) => w.service === s.id)?.n ?? 0) })),
    };
  }

  /** A branch the staff member's workspace has (404 otherwise). */
  async branch(workspaceId: string, id: string) {
    const a = await this.ctx.accounts.get(workspaceId, id);
    if (a.kind !== 'walk_in') throw notFound('Branch');
    return a;
  }

  async branches(workspaceId: string) {
    const list = await this.ctx.accounts.list(workspaceId, 'walk_in');
    return list.filter((a) => a.enabled).map((a) => ({
      id: a.id, name: a.name, language: a.language,
      services: servicesOf(a).map((s) => ({ id: s.id, name: s.name, letter: s.letter })), counters: (a.settings.counters ?? []) as string[],
    }));
  }

  async tickets(workspaceId: string, branchId: string) {
    const a = await this.branch(workspaceId, branchId);
    const day = branchDay(this.ctx.clock.now(), timeZoneOf(a));
    const rows = await this.ctx.db.select().from(walkInTickets)
      .where(and(eq(walkInTickets.workspaceId, workspaceId), eq(walkInTickets.channelAccountId, a.id), eq(walkInTickets.day, day)))
      .orderBy(asc(walkInTickets.createdAt));
    return rows.map((t) => ticketView(t, servicesOf(a)));
  }

  private async ticket(workspaceId: string, id: string) {
    const [t] = await this.ctx.db.select().from(walkInTickets).where(and(eq(walkInTickets.workspaceId, workspaceId), eq(walkInTickets.id, id))).limit(1);
    if (!t) throw notFound('Ticket');
    return t;
  }

  /**
   * Calls the next customer to the agent's counter: the walk-in routing already gave the agent (accepted,
   * not yet called), else the oldest waiting ticket of the branch (of the chosen services) still waiting on a
   * queue the agent serves, which the agent takes.
   */
  async callNext(p: Principal, input: { branchId: string; counter: string; services?: string[] }) {
    const a = await this.branch(p.workspaceId, input.branchId);
    const { db } = this.ctx;
    const [mine] = await db.select({ t: walkInTickets }).from(walkInTickets).innerJoin(interactions, eq(interactions.id, walkInTickets.interactionId))
      .where(and(eq(walkInTickets.workspaceId, p.workspaceId), eq(walkInTickets.channelAccountId, a.id), eq(walkInTickets.status, 'waiting'),
        eq(interactions.status, 'active'), eq(interactions.assigneeId, p.userId)))
      .orderBy(asc(walkInTickets.createdAt)).limit(1);
    if (mine) return this.markCalled(p, a, mine.t, input.counter);
    const served = await this.servedQueues(p);
    for (let attempt = 0; attempt < 5; attempt++) {
      const claimed = await db.transaction(async (tx) => {
        const [row] = await tx.select({ t: walkInTickets }).from(walkInTickets).innerJoin(interactions, eq(interactions.id, walkInTickets.interactionId))
          .where(and(eq(walkInTickets.workspaceId, p.workspaceId), eq(walkInTickets.channelAccountId, a.id), eq(walkInTickets.status, 'waiting'),
            eq(interactions.status, 'queued'), input.services?.length ? inArray(walkInTickets.service, input.services) : undefined,
            served ? (served.length ? inArray(interactions.queueId, served) : sql`false`) : undefined))
          .orderBy(asc(walkInTickets.createdAt)).limit(1).for('update', { of: walkInTickets, skipLocked: true });
        if (!row) return undefined;
        // Claimed with its counter at once: the display never shows a called ticket without one.
        const now = this.ctx.clock.now();
        await tx.update(walkInTickets).set({ status: 'called', counter: input.counter, calledById: p.userId, calledAt: now, updatedAt: now }).where(eq(walkInTickets.id, row.t.id));
        return row.t;
      });
      if (!claimed) throw notFound('Waiting ticket');
      try {
        await this.ctx.interactions.assign(p, claimed.interactionId!, p.userId);
      } catch {
        // Routing or a colleague took it a moment ago: give the ticket back and try the next one.
        await db.update(walkInTickets).set({ status: 'waiting', counter: null, calledById: null, calledAt: null }).where(and(eq(walkInTickets.id, claimed.id), eq(walkInTickets.status, 'called')));
        continue;
      }
      return this.markCalled(p, a, claimed, input.counter);
    }
    throw conflict('busy', 'Every waiting ticket was taken at the same moment; try again');
  }

  /** The queues an agent serves: those whose every required skill they have at its level (null: supervisors and admins serve all). */
  private async servedQueues(p: Principal): Promise<string[] | null> {
    if (p.role !== 'agent') return null;
    const { db } = this.ctx;
    const skills = await db.select().from(userSkills).where(and(eq(userSkills.workspaceId, p.workspaceId), eq(userSkills.userId, p.userId)));
    const level = new Map(skills.map((s) => [s.skill, s.level]));
    const rows = await db.select({ id: queues.id, settings: queues.settings }).from(queues).where(eq(queues.workspaceId, p.workspaceId));
    return rows.filter((q) => readQueueSettings(q.settings).requiredSkills.every((r) => (level.get(r.skill) ?? 0) >= r.minLevel)).map((q) => q.id);
  }

  /** Calls a ticket the agent has (or takes it from the queue) to their counter. */
  async call(p: Principal, id: string, counter: string) {
    const t = await this.ticket(p.workspaceId, id);
    const a = await this.branch(p.workspaceId, t.channelAccountId);
    if (t.status !== 'waiting') throw conflict('ticket_not_waiting', 'This ticket was already called');
    if (t.interactionId) {
      const i = await this.ctx.interactions.get(p, t.interactionId);
      if (i.assigneeId !== p.userId || i.status !== 'active') await this.ctx.interactions.assign(p, t.interactionId, p.userId);
    }
    return this.markCalled(p, a, t, counter);
  }

  private async markCalled(p: Principal, a: ChannelAccount, t: Ticket, counter: string) {
    const now = this.ctx.clock.now();
    const [after] = await this.ctx.db.update(walkInTickets).set({ status: 'called', counter, calledById: p.userId, calledAt: now, updatedAt: now })
      .where(eq(walkInTickets.id, t.id)).returning();
    const label = ticketLabel(t.letter, t.number);
    await this.publish(a.workspaceId, a.id, 'walk_in.called', { number: label, counter });
    if (t.phone) void this.notify(a, t.phone, label, counter);
    return ticketView(after!, servicesOf(a));
  }

  /** Texts the customer through the workspace's SMS number, when there is one; a failure is only logged. */
  private async notify(branch: ChannelAccount, phone: string, label: string, counter: string) {
    try {
      if (branch.settings.smsNotify === false) return;
      const sms = (await this.ctx.accounts.enabled('sms')).find((s) => s.workspaceId === branch.workspaceId);
      if (!sms) return;
      await sendSms(sms, this.ctx.config.publicUrl, phone, calledMessage(branch.language, label, counter));
    } catch (err) {
      this.ctx.log.warn({ err, branch: branch.id }, 'walk-in SMS not sent');
    }
  }

  /** Calls the ticket again (the display shows it anew). */
  async recall(p: Principal, id: string) {
    const t = await this.ticket(p.workspaceId, id);
    if (t.status !== 'called') throw conflict('ticket_not_called', 'Only a called ticket can be recalled');
    const now = this.ctx.clock.now();
    const [after] = await this.ctx.db.update(walkInTickets).set({ recalls: t.recalls + 1, calledAt: now, updatedAt: now }).where(eq(walkInTickets.id, t.id)).returning();
    const a = await this.branch(p.workspaceId, t.channelAccountId);
    await this.publish(t.workspaceId, t.channelAccountId, 'walk_in.called', { number: ticketLabel(t.letter, t.number), counter: t.counter });
    if (t.phone) void this.notify(a, t.phone, ticketLabel(t.letter, t.number), t.counter ?? '');
    return ticketView(after!, servicesOf(a));
  }

  /** The customer did not come: the ticket leaves the display and its contact closes unresolved. */
  async finish(p: Principal, id: string, status: Extract<TicketStatus, 'no_show' | 'done'>) {
    const t = await this.ticket(p.workspaceId, id);
    if (t.status === 'no_show' || t.status === 'done') throw conflict('ticket_finished', 'This ticket is already finished');
    const now = this.ctx.clock.now();
    const [after] = await this.ctx.db.update(walkInTickets).set({ status, updatedAt: now }).where(eq(walkInTickets.id, t.id)).returning();
    if (t.interactionId && status === 'no_show') {
      const i = await this.ctx.interactions.get(p, t.interactionId);
      if (i.status === 'queued' || i.status === 'new') await this.ctx.interactions.endByCustomer(p.workspaceId, t.interactionId);
      else if (i.status !== 'closed' && i.status !== 'abandoned') await this.ctx.interactions.close(p, t.interactionId, { resolved: false, reason: 'no_show' });
    }
    await this.publish(t.workspaceId, t.channelAccountId, `walk_in.${status}`, { number: ticketLabel(t.letter, t.number) });
    const a = await this.branch(p.workspaceId, t.channelAccountId);
    return ticketView(after!, servicesOf(a));
  }

  /** A visit nobody took a ticket for: a walk_in contact of the customer, the agent's at once. */
  async logVisit(p: Principal, input: { customerId: string; subject?: string }) {
    const i = await this.ctx.interactions.create(p, { customerId: input.customerId, channel: 'walk_in', direction: 'inbound', subject: input.subject });
    return this.ctx.interactions.assign(p, i.id, p.userId);
  }
}
