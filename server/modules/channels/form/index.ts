import multipart from '@fastify/multipart';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Principal } from '../../../platform/auth/index.js';
import { AppError, invalid, notFound } from '../../../platform/errors/index.js';
import type { ZodApp } from '../../../platform/http/index.js';
import { CaseService, cases } from '../../cases/index.js';
import { customerIdentities, customerService } from '../../customers/index.js';
import { attachments, interactions, messages } from '../../interactions/index.js';
import type { ChannelAccount } from '../accounts.js';
import { registerEndpoints } from '../webhook.js';
import type { ChannelAdapter, ChannelContext } from '../adapter.js';
import type { InboundFile } from '../domain/inbound.js';
import { RateLimiter } from './domain/rate-limit.js';

export const formTypes = ['complaint', 'suggestion', 'inquiry'] as const;
const settings = z.object({
  types: z.array(z.enum(formTypes)).min(1).max(3).default([...formTypes]),
  askOrderNumber: z.boolean().default(true),
  allowAttachments: z.boolean().default(true),
  title: z.string().trim().max(200).optional(),
  intro: z.string().trim().max(2000).optional(),
  /** A queue per type (else the channel's queue). */
  typeQueues: z.object({ complaint: z.uuid().optional(), suggestion: z.uuid().optional(), inquiry: z.uuid().optional() }).strict().default({}),
}).strict();
const credentials = z.object({}).strict();

const submission = z.object({
  type: z.enum(formTypes),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254).optional().or(z.literal('').transform(() => undefined)),
  phone: z.string().trim().max(40).optional().or(z.literal('').transform(() => undefined)),
  orderNumber: z.string().trim().max(64).optional().or(z.literal('').transform(() => undefined)),
  subject: z.string().trim().max(200).optional().or(z.literal('').transform(() => undefined)),
  message: z.string().trim().min(1).max(10_000),
  language: z.enum(['en', 'ar', 'az']).optional(),
}).strict().refine((s) => s.email || s.phone, { message: 'an email address or a phone number', path: ['email'] });

/** Submissions allowed per address in the window (per server process). */
export const FORM_LIMIT = 5;
const FORM_WINDOW_MS = 10 * 60_000;
const MAX_FILES = 5;

/** Busboy reads header parameters as latin1; a UTF-8 name (Arabic) sent raw comes back re-decoded. */
function decodeName(name: string): string {
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const utf8 = Buffer.from(name, 'latin1').toString('utf8');
  return utf8.includes('\ufffd') ? name : utf8;
}

const keyParams = z.object({ key: z.string().min(8).max(64) });
const system = (workspaceId: string) => ({ userId: null, workspaceId, role: 'admin', email: '', name: 'Web form' }) as unknown as Principal;

/** What the public form shows: its fields, never the account's internals. */
const formView = (a: ChannelAccount, maxMb: number, fileTypes: string[]) => ({
  name: a.name, language: a.language, title: (a.settings.title as string | undefined) ?? null, intro: (a.settings.intro as string | undefined) ?? null,
  types: a.settings.types as string[], askOrderNumber: a.settings.askOrderNumber !== false, allowAttachments: a.settings.allowAttachments !== false,
  maxFiles: MAX_FILES, maxFileMb: maxMb, fileTypes,
});

class Forms {
  private cases: CaseService;
  constructor(private ctx: ChannelContext) {
    this.cases = new CaseService(ctx.db, ctx.bus, ctx.clock);
  }

  statusToken(workspaceId: string, caseId: string) {
    return this.ctx.secrets.sign('case-status', { w: workspaceId, c: caseId });
  }

  /** A submission: the customer (by email or phone), a case (with their order when the number is theirs) and a queued contact. */
  async submit(account: ChannelAccount, input: z.infer<typeof submission>, files: InboundFile[]) {
    if (!(account.settings.types as string[]).includes(input.type)) throw invalid('unknown_type', 'This form does not take this type');
    if (files.length && account.settings.allowAttachments === false) throw invalid('attachments_off', 'This form takes no files');
    const customers = customerService(this.ctx);
    const from = input.email ? { kind: 'email' as const, value: input.email } : { kind: 'phone' as const, value: input.phone! };
    const language = input.language ?? account.language ?? undefined;
    const { customer } = await customers.findOrCreateByIdentity(account.workspaceId, { ...from, name: input.name, language });
    let orderId: string | null = null;
    if (input.orderNumber && account.settings.askOrderNumber !== false) {
      const found = await customers.findOrder(account.workspaceId, input.orderNumber).catch(() => undefined);
      if (found && found.customer.id === customer.id) orderId = found.order.id;
    }
    const subject = input.subject ?? (input.message.split('\n')[0]!.slice(0, 120) || input.type);
    const description = [input.message, ...(input.orderNumber && !orderId ? [`\n(Order number given: ${input.orderNumber})`] : [])].join('');
    const c = await this.cases.create(system(account.workspaceId), { customerId: customer.id, type: input.type, subject, description, orderId });
    const typeQueue = (account.settings.typeQueues as Record<string, string | undefined> | undefined)?.[input.type];
    const r = await this.ctx.inbox.receive(account, {
      externalId: `form:${randomUUID()}`, threadKey: `case:${c.id}`, from: { ...from, name: input.name }, text: input.message, subject, language,
      files, queueId: typeQueue, newContact: true, caseNumber: String(c.number),
      meta: { form: { type: input.type, orderNumber: input.orderNumber ?? null, email: input.email ?? null, phone: input.phone ?? null } },
    });
    const [stored] = await this.ctx.db.select({ caseId: interactions.caseId }).from(interactions).where(eq(interactions.id, r.interactionId));
    if (stored?.caseId !== c.id) await this.cases.linkInteraction(system(account.workspaceId), c.id, r.interactionId);
    const token = this.statusToken(account.workspaceId, c.id);
    const refused = r.messageId
      ? ((await this.ctx.db.select({ meta: messages.meta }).from(messages).where(eq(messages.id, r.messageId)))[0]?.meta?.refusedFiles as { fileName: string; reason: string }[] | undefined) ?? []
      : [];
    return { reference: c.number, statusToken: token, statusUrl: `/status/${token}${language ? `?lang=${language}` : ''}`, refusedFiles: refused };
  }

  private async caseOf(token: string) {
    const data = this.ctx.secrets.verify<{ w: string; c: string }>('case-status', token);
    if (!data || typeof data.w !== 'string' || typeof data.c !== 'string') throw notFound('Case');
    const [c] = await this.ctx.db.select().from(cases).where(and(eq(cases.workspaceId, data.w), eq(cases.id, data.c))).limit(1);
    if (!c) throw notFound('Case');
    return { data, c };
  }

  /**
   * The customer answers from the status page: the message joins the case's open form contact, or opens a
   * new one on the form's queue, linked to the case.
   */
  async reply(token: string, text: string) {
    const { c } = await this.caseOf(token);
    const [i] = await this.ctx.db.select({ accountId: interactions.channelAccountId }).from(interactions)
      .where(and(eq(interactions.workspaceId, c.workspaceId), eq(interactions.caseId, c.id), eq(interactions.channel, 'form'), isNotNull(interactions.channelAccountId)))
      .orderBy(desc(interactions.createdAt)).limit(1);
    if (!i?.accountId) throw new AppError('no_form_contact', 'This case was not opened from a form', 409);
    const account = await this.ctx.accounts.get(c.workspaceId, i.accountId);
    const ids = await this.ctx.db.select().from(customerIdentities)
      .where(and(eq(customerIdentities.workspaceId, c.workspaceId), eq(customerIdentities.customerId, c.customerId), inArray(customerIdentities.kind, ['email', 'phone'])))
      .orderBy(asc(customerIdentities.createdAt));
    const id = ids.find((x) => x.kind === 'email') ?? ids[0];
    if (!id) throw new AppError('no_form_contact', 'The customer has no email or phone to answer as', 409);
    await this.ctx.inbox.receive(account, {
      externalId: `form-reply:${randomUUID()}`, threadKey: `case:${c.id}`, from: { kind: id.kind as 'email' | 'phone', value: id.value }, text, caseNumber: String(c.number),
      meta: { form: { reply: true } },
    });
  }

  /** The customer's view of a case: progress and the conversation, without notes or staff names. */
  async status(token: string) {
    const { data, c } = await this.caseOf(token);
    const rows = await this.ctx.db.select({ m: messages }).from(messages).innerJoin(interactions, eq(interactions.id, messages.interactionId))
      .where(and(eq(messages.workspaceId, data.w), eq(interactions.workspaceId, data.w), eq(interactions.caseId, c.id), eq(messages.kind, 'message'),
        inArray(messages.direction, ['inbound', 'outbound'])))
      .orderBy(asc(messages.createdAt));
    const ids = rows.map((r) => r.m.id);
    const files = ids.length ? await this.ctx.db.select({ messageId: attachments.messageId, fileName: attachments.fileName, size: attachments.size })
      .from(attachments).where(and(eq(attachments.workspaceId, data.w), inArray(attachments.messageId, ids))) : [];
    return {
      case: {
        reference: c.number, type: c.type, status: c.status, subject: c.subject,
        createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(), resolvedAt: c.resolvedAt?.toISOString() ?? null,
      },
      messages: rows.filter((r) => r.m.direction === 'inbound' || r.m.deliveryStatus !== 'failed').map(({ m }) => ({
        id: m.id, from: m.direction === 'inbound' ? 'customer' : 'staff', body: m.body, createdAt: m.createdAt.toISOString(),
        attachments: files.filter((f) => f.messageId === m.id).map((f) => ({ fileName: f.fileName, size: f.size })),
      })),
    };
  }
}

async function readSubmission(req: import('fastify').FastifyRequest, maxBytes: number) {
  const fields: Record<string, string> = {};
  const files: InboundFile[] = [];
  if (!req.isMultipart()) return { fields: (req.body ?? {}) as Record<string, unknown>, files };
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const content = await part.toBuffer().catch((e: { code?: string }) => {
        if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('file_too_large', 'A file is larger than allowed', 413);
        throw e;
      });
      if (files.length >= MAX_FILES) throw invalid('too_many_files', `At most ${MAX_FILES} files`);
      if (content.length > maxBytes) throw new AppError('file_too_large', 'A file is larger than allowed', 413);
      if (content.length) files.push({ fileName: decodeName(part.filename || 'file'), contentType: part.mimetype || 'application/octet-stream', content });
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  return { fields, files };
}

function routes(ctx: ChannelContext, forms: Forms) {
  const tags = ['forms'];
  const maxMb = ctx.config.ATTACHMENT_MAX_MB;
  const limiter = new RateLimiter(FORM_LIMIT, FORM_WINDOW_MS);
  const form = async (key: string) => {
    const a = await ctx.accounts.byPublicKey(key, 'form');
    if (!a) throw notFound('Form');
    return a;
  };
  ctx.app.get('/api/public/forms/:key', { config: { public: true }, schema: { tags, summary: 'A complaint and suggestion form: its fields', params: keyParams } },
    async (req) => ({ form: formView(await form(req.params.key), maxMb, ctx.config.attachmentTypes) }));
  ctx.app.register(async (plugin) => {
    const scope = plugin as unknown as ZodApp;
    await scope.register(multipart, { limits: { fileSize: maxMb * 1024 * 1024, files: MAX_FILES, fields: 12, fieldSize: 20_000, parts: MAX_FILES + 12 } });
    scope.post('/api/public/forms/:key', {
      config: { public: true },
      schema: {
        tags, summary: 'Submit the form (JSON, or multipart/form-data with `file` parts); answers the case reference and a status link',
        params: keyParams, consumes: ['application/json', 'multipart/form-data'],
      },
    }, async (req, reply) => {
      const account = await form(req.params.key);
      if (!limiter.take(req.ip)) {
        reply.header('retry-after', String(limiter.retryAfter(req.ip)));
        throw new AppError('rate_limited', 'Too many submissions from this address; try again later', 429);
      }
      const { fields, files } = await readSubmission(req, maxMb * 1024 * 1024);
      const parsed = submission.safeParse(fields);
      if (!parsed.success) throw new AppError('validation_failed', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), 400, parsed.error.issues);
      return reply.status(201).send(await forms.submit(account, parsed.data, files));
    });
  });
  ctx.app.post('/api/public/case-status/reply', {
    config: { public: true },
    schema: { tags, summary: 'The customer answers on their case from the status page', body: z.object({ token: z.string().min(10).max(600), message: z.string().trim().min(1).max(10_000) }).strict() },
  }, async (req, reply) => {
    if (!limiter.take(req.ip)) {
      reply.header('retry-after', String(limiter.retryAfter(req.ip)));
      throw new AppError('rate_limited', 'Too many messages from this address; try again later', 429);
    }
    await forms.reply(req.body.token, req.body.message);
    return reply.status(201).send({ ok: true });
  });
  ctx.app.get('/api/public/case-status', {
    config: { public: true }, schema: { tags, summary: 'A case\'s progress for the customer (by the signed token of the form\'s status link)', querystring: z.object({ token: z.string().min(10).max(600) }) },
  }, async (req) => forms.status(req.query.token));
}

/**
 * Complaint, suggestion and inquiry forms: a public, localized page per account (`/f/<publicKey>` in the web
 * app) whose submissions become a case and a queued contact; the customer follows the case on a status page
 * by a signed link. Staff replies reach the customer there (no provider: `send` is not needed).
 */
export const form: ChannelAdapter = {
  kind: 'form',
  settings,
  credentials,
  register(ctx) {
    registerEndpoints(ctx);
    routes(ctx, new Forms(ctx));
  },
};
