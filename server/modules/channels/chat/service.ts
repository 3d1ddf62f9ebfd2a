import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, lte, ne, notInArray, sql } from 'drizzle-orm';
import type { Principal } from '../../../platform/auth/index.js';
import { AppError, conflict, invalid, notFound } from '../../../platform/errors/index.js';
import { customerService } from '../../customers/index.js';
import { users } from '../../identity/index.js';
import { interactionEvents, interactions, messageView, messages, type InteractionRow } from '../../interactions/index.js';
import { findQueue, isOpen, readQueueSettings } from '../../queues/index.js';
import { chatRatingAllowed } from '../../surveys/index.js';
import type { ChannelAccount } from '../accounts.js';
import type { ChannelContext } from '../adapter.js';
import { verifyUserHash, visitorIdentity } from './domain/identity.js';
import { RateLimiter, type Bucket } from './domain/rate-limit.js';
import { firstName, visitorMessage, type StaffMessage, type VisitorMessage } from './domain/views.js';
import { readChatSettings, type ChatSettings, type WidgetLanguage } from './settings.js';

/** What a visitor token carries: the account, the visitor's identity (also the thread key) and the pre-chat answers. */
export type VisitorToken = {
  a: string; w: string; v: string; c: string; n: string | null; e: string | null; p: string | null; l: WidgetLanguage;
  t: string | null; q: string | null; ver: boolean;
};
export type Visitor = { account: ChannelAccount; settings: ChatSettings; token: VisitorToken };

export const VISITOR_PURPOSE = 'chat-visitor';
const FILE_PURPOSE = 'chat-file';
const TOKEN_TTL = 30 * 86400;
export const TRANSCRIPT_JOB = 'chat-transcript';

export type StartInput = {
  name?: string; email?: string; phone?: string; topic?: string; language: WidgetLanguage; userId?: string; userHash?: string; token?: string;
};
export type OfflineInput = { name?: string; email?: string; phone?: string; topic?: string; language: WidgetLanguage; message: string };

/** Budgets per visitor and per address; tests and busy sites can pass their own. */
export type ChatLimits = { start: Bucket; message: Bucket; light: Bucket; ip: Bucket };
export const defaultLimits: ChatLimits = {
  start: { burst: 20, perSecond: 0.2 },
  message: { burst: 20, perSecond: 1 },
  light: { burst: 60, perSecond: 3 },
  ip: { burst: 300, perSecond: 10 },
};

const rateLimited = (retryAfter: number) => new AppError('rate_limited', 'Too many requests; try again shortly', 429, { retryAfterSeconds: retryAfter });
const badToken = () => new AppError('invalid_visitor_token', 'The chat session is not valid; start a new chat', 401);
const finished = ['closed', 'abandoned'] as const;

/**
 * The website chat as its visitors use it: pre-chat start, messages both ways, files, typing and read
 * receipts, rating, leaving a message when nobody can answer. Every call of a visitor is scoped by the
 * signed token to that visitor's own conversation on that channel; ids from the client are only ever
 * looked up inside it.
 */
export class ChatService {
  readonly limiter = new RateLimiter();

  constructor(private ctx: ChannelContext, private limits: ChatLimits = defaultLimits) {}

  /** Takes a token from each bucket or answers 429. */
  limit(kind: Exclude<keyof ChatLimits, 'ip'>, ...keys: string[]) {
    for (const k of keys) {
      // Many visitors can share an address (offices, mobile carriers): per address a wider budget, except for starts.
      const bucket = k.startsWith('ip:') && kind !== 'start' ? this.limits.ip : this.limits[kind];
      if (!this.limiter.take(`${kind}:${k}`, bucket)) throw rateLimited(this.limiter.retryAfter(`${kind}:${k}`, bucket));
    }
  }

  private async account(key: string) {
    const a = await this.ctx.accounts.byPublicKey(key, 'chat');
    if (!a) throw notFound('Chat');
    return a;
  }

  /** What the widget needs before the first message: form, topics, wording, colours, and whether anyone can answer. */
  async config(key: string) {
    const account = await this.account(key);
    const s = readChatSettings(account.settings);
    const topics = await Promise.all(s.topics.map(async (t) => ({ id: t.id, label: t.label, open: (await this.availability(account, t.queueId)).open })));
    const availability = await this.availability(account, null);
    return {
      name: account.name, languages: s.languages, defaultLanguage: (account.language && s.languages.includes(account.language as WidgetLanguage) ? account.language : s.defaultLanguage),
      form: s.form, topics, color: s.color, colors: s.colors, position: s.position, title: s.title, greeting: s.greeting, offlineMessage: s.offlineMessage,
      attachments: s.attachments, rating: s.rating, transcript: s.transcript && !!this.ctx.config.TRANSCRIPT_SMTP_URL,
      open: availability.open, closedReason: availability.reason, identityVerification: !!account.credentials.identitySecret,
    };
  }

  /** The queue a topic (or the channel) sends contacts to, checked to be of the channel's workspace. */
  private async queueOf(account: ChannelAccount, topicQueueId: string | null) {
    for (const id of [topicQueueId, account.queueId]) {
      if (!id) continue;
      const q = await findQueue(this.ctx.db, account.workspaceId, id);
      if (q) return q;
    }
    return undefined;
  }

  /**
   * Whether a chat now would reach someone: the queue's business hours are open (or it queues when
   * closed) and some agent available or finishing after-contact work has the queue's skills.
   */
  async availability(account: ChannelAccount, topicQueueId: string | null): Promise<{ open: boolean; reason: 'closed' | 'no_agents' | null }> {
    const q = await this.queueOf(account, topicQueueId);
    if (!q) return { open: false, reason: 'no_agents' };
    const settings = readQueueSettings(q.settings);
    if (!isOpen(settings.hours, this.ctx.clock.now()) && settings.closedAction !== 'queue') return { open: false, reason: 'closed' };
    const skills = JSON.stringify(settings.requiredSkills);
    const { rows } = await this.ctx.db.execute(sql`
      SELECT 1 FROM users u JOIN agent_presence p ON p.user_id = u.id
      WHERE u.workspace_id = ${account.workspaceId} AND u.active AND u.role IN ('agent', 'supervisor') AND p.state IN ('available', 'after_contact_work')
        AND NOT EXISTS (
          SELECT 1 FROM jsonb_to_recordset(${skills}::jsonb) AS r(skill text, "minLevel" int)
          WHERE NOT EXISTS (SELECT 1 FROM user_skills s WHERE s.user_id = u.id AND s.skill = r.skill AND s.level >= r."minLevel"))
      LIMIT 1`);
    return rows.length ? { open: true, reason: null } : { open: false, reason: 'no_agents' };
  }

  /** Reads a visitor token; 401 when forged, expired or for a channel that is gone or off. */
  async visitor(token: string | undefined): Promise<Visitor> {
    const t = token ? this.ctx.secrets.verify<VisitorToken>(VISITOR_PURPOSE, token) : null;
    if (!t || typeof t.a !== 'string' || typeof t.w !== 'string' || typeof t.v !== 'string') throw badToken();
    const account = await this.ctx.accounts.get(t.w, t.a).catch(() => undefined);
    if (!account || !account.enabled || account.kind !== 'chat') throw badToken();
    return { account, settings: readChatSettings(account.settings), token: t };
  }

  /**
   * Starts (or resumes) a visitor: checks the pre-chat form against the channel's settings, verifies a
   * logged-in user's hash, finds or creates the customer and answers a signed token for this browser.
   */
  async start(key: string, input: StartInput) {
    const account = await this.account(key);
    const s = readChatSettings(account.settings);
    let verified: string | undefined;
    if (input.userId !== undefined || input.userHash !== undefined) {
      if (!input.userId || !input.userHash || !verifyUserHash(account.credentials.identitySecret as string | undefined, input.userId, input.userHash)) {
        throw new AppError('invalid_identity', 'The user could not be verified', 401);
      }
      verified = input.userId;
    }
    const earlier = input.token ? this.ctx.secrets.verify<VisitorToken>(VISITOR_PURPOSE, input.token) : null;
    const keepEarlier = earlier && earlier.a === account.id && earlier.w === account.workspaceId && !earlier.ver && !verified;
    // A returning visitor (reload, new tab) already answered the form.
    const answered = { name: input.name?.trim() || (keepEarlier ? earlier.n : null), email: input.email?.trim() || (keepEarlier ? earlier.e : null), phone: input.phone?.trim() || (keepEarlier ? earlier.p : null), topic: input.topic || (keepEarlier ? earlier.t : null) };
    for (const f of ['name', 'email', 'phone', 'topic'] as const) {
      if (s.form[f] === 'required' && !answered[f] && !verified) throw invalid('missing_field', `The ${f} is required`, { field: f });
    }
    const topic = answered.topic ? s.topics.find((t) => t.id === answered.topic) : undefined;
    if (answered.topic && !topic) throw invalid('invalid_topic', 'No such topic');
    const identity = keepEarlier ? earlier.v : visitorIdentity(account.id, verified);
    const name = answered.name;
    const customers = customerService(this.ctx);
    const { customer } = await customers.findOrCreateByIdentity(account.workspaceId, {
      kind: 'chat', value: identity, name: name ?? undefined, language: input.language,
    });
    // Contact details go on the customer only when no one else has them (a claimed email proves nothing).
    for (const [kind, value] of [['email', answered.email], ['phone', answered.phone]] as const) {
      if (value?.trim()) await customers.addIdentity({ workspaceId: account.workspaceId }, customer.id, { kind, value: value.trim() }).catch(() => undefined);
    }
    const queue = await this.queueOf(account, topic?.queueId ?? null);
    const data: VisitorToken = {
      a: account.id, w: account.workspaceId, v: identity, c: customer.id, n: name, e: answered.email, p: answered.phone,
      l: input.language, t: topic?.id ?? null, q: queue?.id ?? null, ver: !!verified,
    };
    const token = this.ctx.secrets.sign(VISITOR_PURPOSE, data, TOKEN_TTL);
    const v: Visitor = { account, settings: s, token: data };
    return { token, visitor: { name, language: data.l, verified: data.ver }, ...(await this.conversation(v)) };
  }

  /** The newest contact of this visitor on this channel (the conversation the widget shows). */
  private async latest(v: Visitor, openOnly = false) {
    const [i] = await this.ctx.db.select().from(interactions).where(and(
      eq(interactions.workspaceId, v.account.workspaceId), eq(interactions.channelAccountId, v.account.id), eq(interactions.threadKey, v.token.v),
      openOnly ? notInArray(interactions.status, [...finished]) : undefined,
    )).orderBy(desc(interactions.createdAt)).limit(1);
    return i;
  }

  private async agentNames(workspaceId: string, ids: (string | null)[]) {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    const rows = wanted.length ? await this.ctx.db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.id, wanted))) : [];
    const names = new Map(rows.map((r) => [r.id, firstName(r.name)]));
    return (id: string | null) => (id ? names.get(id) ?? null : null);
  }

  /** A link to one file of the visitor's conversation, valid for a day. */
  fileUrl(workspaceId: string, id: string) {
    return `/api/public/chat/file?t=${this.ctx.secrets.sign(FILE_PURPOSE, { w: workspaceId, f: id }, 86400)}`;
  }

  /** Turns stored messages into what the visitor sees. */
  async visitorMessages(workspaceId: string, list: StaffMessage[]): Promise<VisitorMessage[]> {
    const names = await this.agentNames(workspaceId, list.map((m) => (m.direction === 'outbound' ? m.authorId : null)));
    return list.map((m) => visitorMessage(m, names, (id) => this.fileUrl(workspaceId, id))).filter((m): m is VisitorMessage => !!m);
  }

  /** The conversation state: status, place in the queue, the agent's first name, and whether it was rated. */
  async conversationView(workspaceId: string, i: InteractionRow | undefined) {
    if (!i) return null;
    const [agent] = i.assigneeId ? await this.ctx.db.select({ name: users.name }).from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, i.assigneeId))) : [];
    let position: number | null = null;
    if (i.status === 'queued' && i.queueId) {
      const { rows } = await this.ctx.db.execute<{ ahead: number }>(sql`
        SELECT count(*)::int AS ahead FROM interactions WHERE workspace_id = ${workspaceId} AND queue_id = ${i.queueId} AND status = 'queued'
          AND (routing_priority > ${i.routingPriority} OR (routing_priority = ${i.routingPriority} AND coalesce(enqueued_at, created_at) < ${(i.enqueuedAt ?? i.createdAt).toISOString()}::timestamptz))`);
      position = (rows[0]?.ahead ?? 0) + 1;
    }
    const [rated] = await this.ctx.db.select({ id: interactionEvents.id }).from(interactionEvents)
      .where(and(eq(interactionEvents.workspaceId, workspaceId), eq(interactionEvents.interactionId, i.id), eq(interactionEvents.type, 'rated'))).limit(1);
    // The widget asks for a rating at the end only when the queue's survey rules allow it.
    const askRating = !rated && (i.status === 'wrap_up' || i.status === 'closed') && await chatRatingAllowed(this.ctx.db, this.ctx.clock.now(), workspaceId, i.id);
    return {
      id: i.id, status: i.status, position, ewtSeconds: null as number | null,
      agent: agent ? { firstName: firstName(agent.name) } : null, rated: !!rated, askRating, createdAt: i.createdAt.toISOString(), closedAt: i.closedAt?.toISOString() ?? null,
    };
  }

  /** Messages after `since` (a message id the client has) of the visitor's newest contact. */
  async messagesOf(workspaceId: string, interactionId: string, since?: string) {
    const after = since && /^[0-9a-f-]{36}$/i.test(since)
      ? (await this.ctx.db.select({ createdAt: messages.createdAt, id: messages.id }).from(messages)
        .where(and(eq(messages.workspaceId, workspaceId), eq(messages.interactionId, interactionId), eq(messages.id, since))).limit(1))[0]
      : undefined;
    const rows = await this.ctx.db.select().from(messages).where(and(
      eq(messages.workspaceId, workspaceId), eq(messages.interactionId, interactionId), eq(messages.kind, 'message'),
      after ? sql`(${messages.createdAt}, ${messages.id}) > (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined,
    )).orderBy(messages.createdAt, messages.id).limit(1000);
    const files = rows.length ? await this.ctx.db.execute<{ id: string; message_id: string; file_name: string; content_type: string; size: number }>(sql`
      SELECT id, message_id, file_name, content_type, size FROM attachments WHERE workspace_id = ${workspaceId} AND interaction_id = ${interactionId} AND message_id IS NOT NULL ORDER BY created_at`) : { rows: [] };
    const staff = rows.map((m) => ({
      ...messageView(m),
      attachments: files.rows.filter((f) => f.message_id === m.id).map((f) => ({ id: f.id, fileName: f.file_name, contentType: f.content_type, size: f.size })),
    }));
    return this.visitorMessages(workspaceId, staff as StaffMessage[]);
  }

  /** The visitor's current conversation with its messages (all, or those after `since`). */
  async conversation(v: Visitor, since?: string) {
    const i = await this.latest(v);
    return { conversation: await this.conversationView(v.account.workspaceId, i), messages: i ? await this.messagesOf(v.account.workspaceId, i.id, since) : [] };
  }

  /** A visitor's message: continues the open conversation or opens a new contact on the topic's queue. */
  async send(v: Visitor, input: { text: string; clientId: string; files?: { fileName: string; contentType: string; content: Buffer }[] }) {
    const open = await this.latest(v, true);
    if (!open) {
      const a = await this.availability(v.account, v.token.q);
      if (!a.open) throw new AppError('offline', 'Nobody can answer right now; leave a message instead', 409, { reason: a.reason });
    }
    const r = await this.ctx.inbox.receive(v.account, {
      externalId: `${v.token.v}:${input.clientId}`, threadKey: v.token.v, from: { kind: 'chat', value: v.token.v, name: v.token.n ?? undefined },
      text: input.text, language: v.token.l, files: input.files, queueId: v.token.q ?? undefined,
      meta: { ...(v.token.t ? { topic: v.token.t } : {}), ...(v.token.e ? { email: v.token.e } : {}), ...(v.token.p ? { phone: v.token.p } : {}), ...(v.token.ver ? { verified: true } : {}) },
    });
    if (r.opened) {
      await this.ctx.bus.publish({ workspaceId: v.account.workspaceId, topic: visitorTopic(v), type: 'chat.opened', payload: { interactionId: r.interactionId } });
    }
    const [m] = r.messageId ? await this.messagesOfIds(v.account.workspaceId, r.interactionId, [r.messageId]) : [];
    const i = await this.latest(v);
    return { message: m ?? null, conversation: await this.conversationView(v.account.workspaceId, i), duplicate: r.duplicate };
  }

  private async messagesOfIds(workspaceId: string, interactionId: string, ids: string[]) {
    const all = await this.messagesOf(workspaceId, interactionId);
    return all.filter((m) => ids.includes(m.id));
  }

  /**
   * A file from the visitor: checked like every attachment (type, real content, size) before a message
   * carries it. 415 for a type not accepted, 413 when too large.
   */
  async upload(v: Visitor, file: { fileName: string; contentType: string; content: Buffer }, clientId: string, caption: string) {
    if (!v.settings.attachments) throw new AppError('attachments_off', 'This chat does not take files', 403);
    const checked = await this.ctx.files.writeReceived(v.account.workspaceId, file);
    if ('refused' in checked) {
      if (checked.refused === 'too_large') throw new AppError('file_too_large', 'The file is larger than allowed', 413);
      if (checked.refused === 'empty') throw invalid('empty_file', 'The file is empty');
      throw new AppError('attachment_type_not_allowed', 'This kind of file is not accepted', 415);
    }
    await this.ctx.files.discard([checked]);
    return this.send(v, { text: caption, clientId, files: [file] });
  }

  /** The visitor is typing (or stopped): agents on the contact see it. */
  async typing(v: Visitor, typing: boolean) {
    const i = await this.latest(v, true);
    if (!i) return;
    await this.ctx.bus.publish({ workspaceId: i.workspaceId, topic: `interaction:${i.id}`, type: 'chat.typing', payload: { interactionId: i.id, by: 'customer', typing } });
  }

  /** The visitor has seen agent messages up to `upTo`: each becomes `read` (agents see the receipt). */
  async read(v: Visitor, upTo: string) {
    const i = await this.latest(v);
    if (!i) return { read: 0 };
    const [last] = await this.ctx.db.select({ createdAt: messages.createdAt }).from(messages)
      .where(and(eq(messages.workspaceId, i.workspaceId), eq(messages.interactionId, i.id), eq(messages.id, upTo))).limit(1);
    if (!last) throw notFound('Message');
    const unread = await this.ctx.db.select({ id: messages.id }).from(messages).where(and(
      eq(messages.workspaceId, i.workspaceId), eq(messages.interactionId, i.id), eq(messages.kind, 'message'), eq(messages.direction, 'outbound'),
      lte(messages.createdAt, last.createdAt), ne(messages.deliveryStatus, 'read'),
    ));
    for (const m of unread) await this.ctx.interactions.updateDelivery(i.workspaceId, { messageId: m.id }, 'read');
    return { read: unread.length };
  }

  /** The visitor's 1–5 rating of their newest contact (CSAT). */
  async rate(v: Visitor, score: number, comment: string | null) {
    const i = await this.latest(v);
    if (!i) throw notFound('Conversation');
    if (i.status === 'queued' || i.status === 'new') throw conflict('not_answered', 'A chat can be rated once an agent has answered it');
    await this.ctx.interactions.rate(i.workspaceId, i.id, { score, comment, source: 'chat' });
    return this.conversationView(i.workspaceId, await this.latest(v));
  }

  /** The visitor closes the chat: a waiting contact is abandoned, an answered one tells the agent the customer left. */
  async end(v: Visitor) {
    const i = await this.latest(v, true);
    if (i) await this.ctx.interactions.endByCustomer(i.workspaceId, i.id);
    return this.conversationView(v.account.workspaceId, await this.latest(v));
  }

  /** Queues an email with the conversation's transcript to the address the visitor gives. */
  async transcript(v: Visitor, email: string) {
    if (!v.settings.transcript || !this.ctx.config.TRANSCRIPT_SMTP_URL) throw new AppError('transcript_unavailable', 'Transcripts by email are not available', 503);
    const i = await this.latest(v);
    if (!i) throw notFound('Conversation');
    await this.ctx.jobs.send(TRANSCRIPT_JOB, { workspaceId: i.workspaceId, interactionId: i.id, email, language: v.token.l, channel: v.account.name });
    return { queued: true };
  }

  /**
   * A message left when nobody can answer: it opens a contact of its own on the topic's (or channel's)
   * queue, where it waits for an agent like an email, with the contact details the visitor gave.
   */
  async leaveMessage(key: string, input: OfflineInput) {
    const account = await this.account(key);
    const s = readChatSettings(account.settings);
    if (!input.email?.trim() && !input.phone?.trim()) throw invalid('missing_field', 'Give an email address or a phone number so we can answer', { field: 'email' });
    const topic = input.topic ? s.topics.find((t) => t.id === input.topic) : undefined;
    const queue = await this.queueOf(account, topic?.queueId ?? null);
    const from = input.email?.trim()
      ? { kind: 'email' as const, value: input.email.trim(), name: input.name?.trim() || undefined }
      : { kind: 'phone' as const, value: input.phone!.trim(), name: input.name?.trim() || undefined };
    const r = await this.ctx.inbox.receive(account, {
      externalId: `offline:${randomBytes(12).toString('base64url')}`, threadKey: `offline:${randomBytes(12).toString('base64url')}`, from,
      text: input.message, language: input.language, subject: 'Message left on the website', newContact: true, queueId: queue?.id,
      meta: { offline: true, ...(input.email ? { email: input.email.trim() } : {}), ...(input.phone ? { phone: input.phone.trim() } : {}), ...(topic ? { topic: topic.id } : {}) },
    });
    return { received: true, interactionId: r.interactionId };
  }

  /** The bytes of a file a signed link names (a visitor's own conversation's file). */
  fileOf(token: string) {
    const t = this.ctx.secrets.verify<{ w: string; f: string }>(FILE_PURPOSE, token);
    if (!t || typeof t.w !== 'string' || typeof t.f !== 'string' || !/^[0-9a-f-]{36}$/i.test(t.f)) throw notFound('File');
    return this.ctx.files.open({ workspaceId: t.w } as Principal, t.f);
  }

  /** An agent is typing in a chat: the visitor sees it. */
  async staffTyping(p: Principal, id: string, typing: boolean) {
    const i = await this.ctx.interactions.require(this.ctx.db, p, id);
    const [me] = await this.ctx.db.select({ name: users.name }).from(users).where(and(eq(users.workspaceId, p.workspaceId), eq(users.id, p.userId)));
    await this.ctx.bus.publish({ workspaceId: p.workspaceId, topic: `interaction:${i.id}`, type: 'chat.typing', payload: { interactionId: i.id, by: 'agent', typing, name: firstName(me?.name) } });
  }

  /** An agent read the customer's messages (up to `upTo`, or all): they are marked and the visitor is told. */
  async staffRead(p: Principal, id: string, upTo?: string) {
    const i = await this.ctx.interactions.require(this.ctx.db, p, id);
    const at = this.ctx.clock.now().toISOString();
    const last = upTo ? (await this.ctx.db.select({ createdAt: messages.createdAt }).from(messages)
      .where(and(eq(messages.workspaceId, p.workspaceId), eq(messages.interactionId, i.id), eq(messages.id, upTo))).limit(1))[0] : undefined;
    if (upTo && !last) throw notFound('Message');
    const marked = await this.ctx.db.update(messages).set({ meta: sql`${messages.meta} || ${JSON.stringify({ readAt: at })}::jsonb` }).where(and(
      eq(messages.workspaceId, p.workspaceId), eq(messages.interactionId, i.id), eq(messages.direction, 'inbound'), eq(messages.kind, 'message'),
      sql`NOT (${messages.meta} ? 'readAt')`, last ? lte(messages.createdAt, last.createdAt) : undefined,
    )).returning({ id: messages.id });
    if (marked.length) {
      await this.ctx.bus.publish({ workspaceId: p.workspaceId, topic: `interaction:${i.id}`, type: 'chat.read', payload: { interactionId: i.id, by: 'agent', messageIds: marked.map((m) => m.id), at } });
    }
    return { read: marked.length, at };
  }
}

/** The private topic of one visitor: tells their connections that a new contact opened in their thread. */
export const visitorTopic = (v: Visitor) => `chatvisitor:${v.account.id}:${v.token.v}`;
