import { and, eq, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { AppError, conflict, invalid, notFound } from '../../platform/errors/index.js';
import { decodeCursor, encodeCursor, page } from '../../platform/http/index.js';
import type { Audit } from '../../platform/module.js';
import type { EventBus } from '../../platform/realtime/index.js';
import { countryFromTimezone, normaliseIdentity, searchValues } from './domain/identity.js';
import { customerIdentities, customerNotes, customers, orders, type IdentityKind, type OrderItem } from './schema.js';
import * as store from './store.js';

/** Who acts: a signed-in user, or a system path (a channel adapter) of one workspace. */
export type Actor = Pick<Principal, 'workspaceId'> & Partial<Pick<Principal, 'userId' | 'email'>>;
type Ctx = { ip?: string };

export type IdentityInput = { kind: IdentityKind; value: string; country?: string };
export type CustomerInput = {
  name: string; language?: string | null; timezone?: string | null; tags?: string[]; attributes?: Record<string, unknown>; identities?: IdentityInput[];
};
export type CustomerPatch = { name?: string; language?: string | null; timezone?: string | null; tags?: string[]; attributes?: Record<string, unknown | null> };
export type OrderInput = { number: string; status: (typeof orders.$inferInsert)['status']; currency: string; amount: string; items: OrderItem[]; orderedAt?: string };

export const identityView = (i: store.IdentityRow) => ({ id: i.id, kind: i.kind, value: i.value });
export const customerView = (c: store.CustomerRow, ids: store.IdentityRow[] = []) => ({
  id: c.id, name: c.name, language: c.language, timezone: c.timezone, tags: c.tags, attributes: c.attributes,
  identities: ids.map(identityView), createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
});
export type CustomerView = ReturnType<typeof customerView>;
export const orderView = (o: store.OrderRow) => ({
  id: o.id, customerId: o.customerId, number: o.number, status: o.status, currency: o.currency, amount: o.amount, items: o.items,
  orderedAt: o.orderedAt.toISOString(),
});
const noteView = (n: { id: string; body: string; authorId: string | null; authorName: string | null; createdAt: Date }) => ({ ...n, createdAt: n.createdAt.toISOString() });

const uniqueTags = (tags: string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
type PgError = { code?: string; constraint?: string; cause?: unknown };
/** Drizzle wraps driver errors (DrizzleQueryError), so the PostgreSQL error may be the `cause`. */
const isUniqueViolation = (e: unknown, constraint: string): boolean => {
  for (let x = e as PgError | undefined, depth = 0; x && depth < 3; x = x.cause as PgError | undefined, depth++) {
    if (x.code === '23505' && x.constraint === constraint) return true;
  }
  return false;
};
const identityTaken = () => conflict('identity_taken', 'Another customer of this workspace already has this identity');

/** Customers, their identities, orders and notes; merge and the customer timeline. */
export class CustomerService {
  constructor(private db: Db, private bus: EventBus, private clock: Clock, private audit: Audit) {}

  notFound() {
    return notFound('Customer');
  }

  /** The phone country for local numbers: the one given, else the workspace timezone's country. */
  async defaultCountry(workspaceId: string, given?: string, db: Tx = this.db) {
    return given?.toUpperCase() ?? countryFromTimezone(await store.workspaceTimezone(db, workspaceId));
  }

  /** `db`: the caller's transaction, when there is one (never a second connection while it is open). */
  private async normalise(workspaceId: string, ids: IdentityInput[], db: Tx = this.db) {
    const country = ids.some((i) => !i.country && (i.kind === 'phone' || i.kind === 'whatsapp')) ? await this.defaultCountry(workspaceId, undefined, db) : undefined;
    const out = ids.map((i) => ({ kind: i.kind, value: normaliseIdentity(i.kind, i.value, i.country?.toUpperCase() ?? country) }));
    return out.filter((i, n) => out.findIndex((j) => j.kind === i.kind && j.value === i.value) === n);
  }

  private async publish(tx: Tx, workspaceId: string, type: string, payload: Record<string, unknown> & { id: string }) {
    await this.bus.publish([`customer:${payload.id}`, 'workspace'].map((topic) => ({ workspaceId, topic, type, payload })), tx);
  }

  private async view(db: Tx, c: store.CustomerRow) {
    return customerView(c, (await store.identitiesOf(db, [c.id])).get(c.id));
  }

  /** A customer that is not merged away; a merged id resolves to the customer it was merged into. */
  async live(workspaceId: string, id: string, db: Tx = this.db) {
    let c = await store.findCustomer(db, workspaceId, id);
    for (let hops = 0; c?.mergedIntoId && hops < 5; hops++) c = await store.findCustomer(db, workspaceId, c.mergedIntoId);
    if (!c || c.mergedIntoId) throw notFound('Customer');
    return c;
  }

  /** One customer view; for a merged id, the surviving customer and `mergedFrom` with the old id. */
  async get(workspaceId: string, id: string) {
    const c = await this.live(workspaceId, id);
    return { customer: await this.view(this.db, c), ...(c.id !== id ? { mergedFrom: id } : {}) };
  }

  async list(workspaceId: string, q: { q?: string; cursor?: string; limit: number }) {
    const text = q.q?.trim();
    const search = text ? { q: text, values: searchValues(text, await this.defaultCountry(workspaceId)) } : undefined;
    const rows = await store.listCustomers(this.db, workspaceId, search, decodeCursor(q.cursor), q.limit);
    const pg = page(rows, q.limit, (c) => [c.createdAt, c.id]);
    const ids = await store.identitiesOf(this.db, pg.items.map((c) => c.id));
    return { items: pg.items.map((c) => customerView(c, ids.get(c.id))), nextCursor: pg.nextCursor };
  }

  async create(actor: Actor, input: CustomerInput, tx?: Tx): Promise<CustomerView> {
    const ids = await this.normalise(actor.workspaceId, input.identities ?? [], tx);
    const run = async (t: Tx) => {
      for (const i of ids) if (await store.findIdentity(t, actor.workspaceId, i.kind, i.value)) throw identityTaken();
      const now = this.clock.now();
      const [c] = await t.insert(customers).values({
        workspaceId: actor.workspaceId, name: input.name.trim(), language: input.language ?? null, timezone: input.timezone ?? null,
        tags: uniqueTags(input.tags ?? []), attributes: input.attributes ?? {}, createdAt: now, updatedAt: now,
      }).returning();
      // One millisecond apart, so identities list in the order they were given.
      const rows = ids.length ? await t.insert(customerIdentities).values(ids.map((i, n) => ({ ...i, workspaceId: actor.workspaceId, customerId: c!.id, createdAt: new Date(now.getTime() + n) }))).returning() : [];
      const view = customerView(c!, rows);
      await this.publish(t, actor.workspaceId, 'customer.created', { id: c!.id, customer: view });
      return view;
    };
    try {
      return tx ? await run(tx) : await this.db.transaction(run);
    } catch (e) {
      if (isUniqueViolation(e, 'customer_identities_value_key')) throw identityTaken();
      throw e;
    }
  }

  /** Patches fields; `attributes` merges shallowly and a `null` value removes that key. */
  async update(actor: Actor, id: string, patch: CustomerPatch, tx?: Tx): Promise<CustomerView> {
    const run = async (t: Tx) => {
      const c = await this.live(actor.workspaceId, id, t);
      const locked = (await store.findCustomer(t, actor.workspaceId, c.id, true))!;
      let attributes = locked.attributes;
      if (patch.attributes) {
        attributes = { ...locked.attributes };
        for (const [k, v] of Object.entries(patch.attributes)) if (v === null) delete attributes[k]; else attributes[k] = v;
      }
      const [row] = await t.update(customers).set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.language !== undefined ? { language: patch.language } : {}),
        ...(patch.timezone !== undefined ? { timezone: patch.timezone } : {}),
        ...(patch.tags ? { tags: uniqueTags(patch.tags) } : {}),
        attributes, updatedAt: this.clock.now(),
      }).where(and(eq(customers.id, c.id), eq(customers.workspaceId, actor.workspaceId))).returning();
      const view = await this.view(t, row!);
      await this.publish(t, actor.workspaceId, 'customer.updated', { id: c.id, customer: view });
      return view;
    };
    return tx ? run(tx) : this.db.transaction(run);
  }

  async addIdentity(actor: Actor, customerId: string, input: IdentityInput, tx?: Tx) {
    const [i] = await this.normalise(actor.workspaceId, [input], tx);
    const run = async (t: Tx) => {
      const c = await this.live(actor.workspaceId, customerId, t);
      const existing = await store.findIdentity(t, actor.workspaceId, i!.kind, i!.value);
      if (existing && existing.customerId !== c.id) throw identityTaken();
      if (existing) return { identity: identityView(existing), created: false };
      const [row] = await t.insert(customerIdentities).values({ ...i!, workspaceId: actor.workspaceId, customerId: c.id, createdAt: this.clock.now() }).returning();
      await t.update(customers).set({ updatedAt: this.clock.now() }).where(eq(customers.id, c.id));
      await this.publish(t, actor.workspaceId, 'customer.updated', { id: c.id, identity: identityView(row!) });
      return { identity: identityView(row!), created: true };
    };
    try {
      return tx ? await run(tx) : await this.db.transaction(run);
    } catch (e) {
      if (isUniqueViolation(e, 'customer_identities_value_key')) throw identityTaken();
      throw e;
    }
  }

  async removeIdentity(actor: Actor, customerId: string, identityId: string) {
    await this.db.transaction(async (t) => {
      const c = await this.live(actor.workspaceId, customerId, t);
      const rows = await t.delete(customerIdentities).where(and(
        eq(customerIdentities.id, identityId), eq(customerIdentities.customerId, c.id), eq(customerIdentities.workspaceId, actor.workspaceId),
      )).returning();
      if (!rows.length) throw notFound('Identity');
      await t.update(customers).set({ updatedAt: this.clock.now() }).where(eq(customers.id, c.id));
      await this.publish(t, actor.workspaceId, 'customer.updated', { id: c.id, removedIdentityId: identityId });
    });
  }

  /** The customer who has this identity (any spelling of it), or null. */
  async findByIdentity(workspaceId: string, kind: IdentityKind, value: string, country?: string) {
    const [i] = await this.normalise(workspaceId, [{ kind, value, country }]);
    const row = await store.findIdentity(this.db, workspaceId, i!.kind, i!.value);
    return row ? this.view(this.db, await this.live(workspaceId, row.customerId)) : null;
  }

  /**
   * The one path every channel uses: finds the customer with this identity or creates one named
   * after it. Safe under concurrency: a lost race reads the winner's customer.
   */
  async findOrCreateByIdentity(workspaceId: string, input: IdentityInput & { name?: string; language?: string }) {
    const found = await this.findByIdentity(workspaceId, input.kind, input.value, input.country);
    if (found) return { customer: found, created: false };
    try {
      const customer = await this.create({ workspaceId }, { name: input.name?.trim() || input.value.trim().slice(0, 200), language: input.language, identities: [input] });
      return { customer, created: true };
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'identity_taken')) throw e;
      const winner = await this.findByIdentity(workspaceId, input.kind, input.value, input.country);
      if (!winner) throw e;
      return { customer: winner, created: false };
    }
  }

  /**
   * Merges `sourceId` into `targetId` in one transaction: identities, orders, notes, cases and
   * interactions move; tags are united, attributes merged (the target's win); the source stays as a pointer.
   */
  async merge(actor: Actor, targetId: string, sourceId: string, ctx: Ctx = {}) {
    const result = await this.db.transaction(async (t) => {
      const target = await this.live(actor.workspaceId, targetId, t);
      const source = await store.findCustomer(t, actor.workspaceId, sourceId);
      if (!source) throw notFound('Customer');
      if (source.id === target.id) throw invalid('merge_self', 'A customer cannot be merged into itself');
      // Lock both rows in a fixed order, so two opposite merges cannot deadlock.
      const [first, second] = [target.id, source.id].sort();
      await store.findCustomer(t, actor.workspaceId, first!, true);
      await store.findCustomer(t, actor.workspaceId, second!, true);
      const [src, tgt] = [await store.findCustomer(t, actor.workspaceId, source.id), await store.findCustomer(t, actor.workspaceId, target.id)];
      if (src!.mergedIntoId) throw conflict('already_merged', 'This customer was already merged into another one');
      if (tgt!.mergedIntoId) throw conflict('already_merged', 'The target customer was merged into another one meanwhile');
      const moved = await store.moveCustomerData(t, actor.workspaceId, src!.id, tgt!.id);
      const now = this.clock.now();
      const [row] = await t.update(customers).set({
        tags: uniqueTags([...tgt!.tags, ...src!.tags]), attributes: { ...src!.attributes, ...tgt!.attributes },
        language: tgt!.language ?? src!.language, timezone: tgt!.timezone ?? src!.timezone, updatedAt: now,
      }).where(eq(customers.id, tgt!.id)).returning();
      await t.update(customers).set({ mergedIntoId: tgt!.id, updatedAt: now }).where(eq(customers.id, src!.id));
      const view = await this.view(t, row!);
      for (const topic of [`customer:${tgt!.id}`, `customer:${src!.id}`, 'workspace']) {
        await this.bus.publish({ workspaceId: actor.workspaceId, topic, type: 'customer.merged', payload: { id: tgt!.id, sourceId: src!.id, customer: view } }, t);
      }
      return { view, moved, sourceName: src!.name };
    });
    await this.audit({
      workspaceId: actor.workspaceId, actorId: actor.userId, actorEmail: actor.email, action: 'customer.merged', targetType: 'customer',
      targetId: targetId, ip: ctx.ip, details: { sourceId, sourceName: result.sourceName, moved: result.moved },
    });
    return result.view;
  }

  async listOrders(workspaceId: string, customerId: string) {
    const c = await this.live(workspaceId, customerId);
    return { items: (await store.listOrders(this.db, workspaceId, c.id)).map(orderView) };
  }

  async createOrder(actor: Actor, customerId: string, input: OrderInput) {
    const c = await this.live(actor.workspaceId, customerId);
    const number = input.number.trim();
    if (await store.findOrderByNumber(this.db, actor.workspaceId, number)) throw conflict('order_number_taken', `Order ${number} already exists`);
    try {
      return await this.db.transaction(async (t) => {
        const now = this.clock.now();
        const [o] = await t.insert(orders).values({
          workspaceId: actor.workspaceId, customerId: c.id, number, status: input.status, currency: input.currency.toUpperCase(),
          amount: input.amount, items: input.items, orderedAt: input.orderedAt ? new Date(input.orderedAt) : now, createdAt: now,
        }).returning();
        await this.publish(t, actor.workspaceId, 'customer.updated', { id: c.id, order: orderView(o!) });
        return orderView(o!);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'orders_number_key')) throw conflict('order_number_taken', `Order ${number} already exists`);
      throw e;
    }
  }

  /** An order by its number (case as typed, then case-insensitively) with its customer. */
  async findOrder(workspaceId: string, numberIn: string) {
    const number = numberIn.trim();
    let o = await store.findOrderByNumber(this.db, workspaceId, number);
    if (!o) {
      const [row] = await this.db.select().from(orders).where(and(eq(orders.workspaceId, workspaceId), sql`lower(${orders.number}) = lower(${number})`)).limit(2);
      o = row;
    }
    if (!o) throw notFound('Order');
    return { order: orderView(o), customer: await this.view(this.db, await this.live(workspaceId, o.customerId)) };
  }

  async listNotes(workspaceId: string, customerId: string) {
    const c = await this.live(workspaceId, customerId);
    return { items: (await store.listNotes(this.db, workspaceId, c.id)).map(noteView) };
  }

  async addNote(actor: Actor, customerId: string, body: string) {
    const c = await this.live(actor.workspaceId, customerId);
    return this.db.transaction(async (t) => {
      const [n] = await t.insert(customerNotes).values({ workspaceId: actor.workspaceId, customerId: c.id, authorId: actor.userId ?? null, body: body.trim(), createdAt: this.clock.now() }).returning();
      const row = await store.findNote(t, n!.id);
      const note = noteView(row!);
      await this.publish(t, actor.workspaceId, 'customer.updated', { id: c.id, note });
      return note;
    });
  }

  /** Interactions, cases, orders and notes, newest first, one keyset across all four kinds. */
  async timeline(workspaceId: string, customerId: string, q: { cursor?: string; limit: number }) {
    const c = await this.live(workspaceId, customerId);
    const raw = decodeCursor(q.cursor);
    let cursor;
    if (raw) {
      const [kind, id] = raw.id.split(':');
      if (!kind || !id) throw new AppError('invalid_cursor', 'The cursor is not valid', 400);
      cursor = { at: raw.at, kind, id };
    }
    const rows = await store.timeline(this.db, workspaceId, c.id, cursor, q.limit);
    const items = rows.slice(0, q.limit).map((r) => ({ ...r, at: r.at.toISOString() }));
    const last = rows[q.limit - 1];
    return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.at, `${last.kind}:${last.id}`) : null };
  }
}
