import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Principal } from '../../platform/auth/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { conflict, invalid, notFound } from '../../platform/errors/index.js';
import type { Audit } from '../../platform/module.js';
import type { Secrets } from '../../platform/secrets/index.js';
import { interactions } from '../interactions/index.js';
import { queueInWorkspace } from '../queues/index.js';
import type { ChannelAdapter } from './adapter.js';
import { channelAccounts, type ChannelKind } from './schema.js';

type Row = typeof channelAccounts.$inferSelect;
/** A channel account with its credentials decrypted, for the server's own use only. */
export type ChannelAccount = Omit<Row, 'credentials'> & { credentials: Record<string, unknown> };

export type AccountInput = {
  kind: ChannelKind; name: string; address?: string | null; queueId?: string | null; language?: string | null; enabled?: boolean;
  settings?: Record<string, unknown>; credentials?: Record<string, unknown>;
};
export type AccountPatch = Partial<Omit<AccountInput, 'kind' | 'credentials'>> & { credentials?: Record<string, unknown | null> };

const newPublicKey = () => randomBytes(16).toString('base64url');

/** Channel accounts: admin configuration, lookups for inbound traffic, credentials sealed at rest. */
export class ChannelAccounts {
  constructor(private db: Db, private clock: Clock, private secrets: Secrets, private audit: Audit, private adapters: Map<ChannelKind, ChannelAdapter>) {}

  private open(r: Row): ChannelAccount {
    return { ...r, credentials: r.credentials ? JSON.parse(this.secrets.decrypt(r.credentials)) : {} };
  }

  /** What admins see: settings, and only the names of the credentials that are set. */
  view(r: Row | ChannelAccount) {
    const creds = typeof r.credentials === 'string' ? JSON.parse(this.secrets.decrypt(r.credentials)) : (r.credentials ?? {});
    return {
      id: r.id, kind: r.kind, name: r.name, publicKey: r.publicKey, address: r.address, queueId: r.queueId, language: r.language,
      enabled: r.enabled, settings: r.settings, credentialsSet: Object.keys(creds).sort(),
      createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    };
  }

  private adapter(kind: ChannelKind) {
    const a = this.adapters.get(kind);
    if (!a) throw invalid('unsupported_channel', `Channel kind ${kind} is not available`);
    return a;
  }

  private parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
    const r = schema.safeParse(value);
    if (!r.success) throw invalid(`invalid_${what}`, r.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; '));
    return r.data;
  }

  async list(workspaceId: string, kind?: ChannelKind) {
    const rows = await this.db.select().from(channelAccounts)
      .where(and(eq(channelAccounts.workspaceId, workspaceId), kind ? eq(channelAccounts.kind, kind) : undefined)).orderBy(asc(channelAccounts.createdAt));
    return rows.map((r) => this.view(r));
  }

  /** One account of the workspace, credentials decrypted; 404 for another workspace's id. */
  async get(workspaceId: string, id: string) {
    const [r] = await this.db.select().from(channelAccounts).where(and(eq(channelAccounts.workspaceId, workspaceId), eq(channelAccounts.id, id))).limit(1);
    if (!r) throw notFound('Channel');
    return this.open(r);
  }

  /** The account a public URL names (widget snippet, webhook, form, kiosk); undefined when unknown or off. */
  async byPublicKey(publicKey: string, kind?: ChannelKind) {
    const [r] = await this.db.select().from(channelAccounts).where(eq(channelAccounts.publicKey, publicKey)).limit(1);
    return r && r.enabled && (!kind || r.kind === kind) ? this.open(r) : undefined;
  }

  /** Enabled accounts of a kind across workspaces with this address (e.g. the mailbox an email is for). */
  async byAddress(kind: ChannelKind, address: string) {
    const rows = await this.db.select().from(channelAccounts)
      .where(and(eq(channelAccounts.kind, kind), sql`lower(${channelAccounts.address}) = lower(${address})`, eq(channelAccounts.enabled, true)));
    return rows.map((r) => this.open(r));
  }

  /** Every enabled account of a kind (pollers walk them). */
  async enabled(kind: ChannelKind) {
    const rows = await this.db.select().from(channelAccounts).where(and(eq(channelAccounts.kind, kind), eq(channelAccounts.enabled, true)));
    return rows.map((r) => this.open(r));
  }

  /** Saves what an adapter keeps between runs. */
  async saveState(workspaceId: string, id: string, state: Record<string, unknown>) {
    await this.db.update(channelAccounts).set({ state }).where(and(eq(channelAccounts.workspaceId, workspaceId), eq(channelAccounts.id, id)));
  }

  async create(p: Principal, input: AccountInput) {
    const a = this.adapter(input.kind);
    const settings = this.parse(a.settings, input.settings ?? {}, 'settings');
    const credentials = this.parse(a.credentials, input.credentials ?? {}, 'credentials');
    if (input.queueId && !(await queueInWorkspace(this.db, p.workspaceId, input.queueId))) throw invalid('invalid_queue', 'No such queue in this workspace');
    const now = this.clock.now();
    const [r] = await this.db.insert(channelAccounts).values({
      workspaceId: p.workspaceId, kind: input.kind, name: input.name, address: input.address ?? null, queueId: input.queueId ?? null,
      language: input.language ?? null, enabled: input.enabled ?? true, settings, publicKey: newPublicKey(),
      credentials: Object.keys(credentials).length ? this.secrets.encrypt(JSON.stringify(credentials)) : null, createdAt: now, updatedAt: now,
    }).returning();
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, actorEmail: p.email, action: 'channel.created', targetType: 'channel', targetId: r!.id, details: { kind: r!.kind, name: r!.name } });
    return this.view(r!);
  }

  async update(p: Principal, id: string, patch: AccountPatch) {
    const before = await this.get(p.workspaceId, id);
    const a = this.adapter(before.kind);
    const settings = patch.settings ? this.parse(a.settings, { ...before.settings, ...patch.settings }, 'settings') : undefined;
    let credentials: string | null | undefined;
    if (patch.credentials) {
      const merged: Record<string, unknown> = { ...before.credentials };
      for (const [k, v] of Object.entries(patch.credentials)) if (v === null) delete merged[k]; else merged[k] = v;
      const parsed = this.parse(a.credentials, merged, 'credentials');
      credentials = Object.keys(parsed).length ? this.secrets.encrypt(JSON.stringify(parsed)) : null;
    }
    if (patch.queueId && !(await queueInWorkspace(this.db, p.workspaceId, patch.queueId))) throw invalid('invalid_queue', 'No such queue in this workspace');
    const [r] = await this.db.update(channelAccounts).set({
      ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.address !== undefined ? { address: patch.address } : {}),
      ...(patch.queueId !== undefined ? { queueId: patch.queueId } : {}), ...(patch.language !== undefined ? { language: patch.language } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}), ...(settings ? { settings } : {}),
      ...(credentials !== undefined ? { credentials } : {}), updatedAt: this.clock.now(),
    }).where(and(eq(channelAccounts.workspaceId, p.workspaceId), eq(channelAccounts.id, id))).returning();
    await this.audit({
      workspaceId: p.workspaceId, actorId: p.userId, actorEmail: p.email, action: 'channel.updated', targetType: 'channel', targetId: id,
      details: { fields: Object.keys(patch), credentials: patch.credentials ? Object.keys(patch.credentials) : [] },
    });
    return this.view(r!);
  }

  /** A new public key (e.g. after a webhook URL leaked); the old URLs stop working at once. */
  async rotateKey(p: Principal, id: string) {
    await this.get(p.workspaceId, id);
    const [r] = await this.db.update(channelAccounts).set({ publicKey: newPublicKey(), updatedAt: this.clock.now() })
      .where(and(eq(channelAccounts.workspaceId, p.workspaceId), eq(channelAccounts.id, id))).returning();
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, actorEmail: p.email, action: 'channel.key_rotated', targetType: 'channel', targetId: id });
    return this.view(r!);
  }

  /** Removes an account no contact came through; one with history can only be disabled. */
  async remove(p: Principal, id: string) {
    await this.get(p.workspaceId, id);
    const [used] = await this.db.select({ id: interactions.id }).from(interactions)
      .where(and(eq(interactions.workspaceId, p.workspaceId), eq(interactions.channelAccountId, id))).limit(1);
    if (used) throw conflict('channel_in_use', 'Contacts came through this channel; disable it instead');
    await this.db.delete(channelAccounts).where(and(eq(channelAccounts.workspaceId, p.workspaceId), eq(channelAccounts.id, id)));
    await this.audit({ workspaceId: p.workspaceId, actorId: p.userId, actorEmail: p.email, action: 'channel.deleted', targetType: 'channel', targetId: id });
  }
}
