import { and, eq } from 'drizzle-orm';
import type { Principal } from '../../../platform/auth/index.js';
import { CaseService, cases } from '../../cases/index.js';
import type { ChannelContext } from '../adapter.js';
import { baseSubject, replySubject } from './headers.js';
import { composeAck } from './outbound.js';
import { ackText, settingsOf } from './settings.js';
import { transmit } from './transport.js';

/** The number of the contact's case, if it has one. */
export async function caseNumberOf(ctx: Pick<ChannelContext, 'db'>, workspaceId: string, caseId: string | null) {
  if (!caseId) return null;
  const [c] = await ctx.db.select({ number: cases.number }).from(cases).where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, caseId))).limit(1);
  return c?.number ?? null;
}

/**
 * Sends the automatic acknowledgement of a new email contact (a durable job, retried like replies): the
 * case number the customer can quote, in their language. A contact without a case gets an inquiry case
 * first (through the cases service, created by the system, not by a person).
 */
export async function acknowledge(ctx: ChannelContext, job: { workspaceId: string; accountId: string; messageId: string }) {
  const account = await ctx.accounts.get(job.workspaceId, job.accountId).catch(() => undefined);
  if (!account || !account.enabled || !settingsOf(account).autoAck) return;
  const stored = await ctx.interactions.outbound(job.workspaceId, job.messageId);
  if (!stored || stored.message.direction !== 'inbound') return;
  const { interaction: i, message } = stored;
  const meta = (message.meta ?? {}) as { subject?: string; fromName?: string | null; threadSubject?: string };
  const subject = baseSubject(i.subject ?? meta.subject) || '(no subject)';
  let caseId = i.caseId;
  if (!caseId) {
    // The system acts here: no user creates the case (createdById stays empty).
    const system = { userId: null as unknown as string, workspaceId: job.workspaceId, role: 'admin', email: 'system', name: 'Email' } satisfies Principal;
    const service = new CaseService(ctx.db, ctx.bus, ctx.clock);
    const c = await service.create(system, { customerId: i.customerId, type: 'inquiry', subject: subject.slice(0, 500), description: message.body.slice(0, 4000) });
    await service.linkInteraction(system, c.id, i.id);
    caseId = c.id;
  }
  const number = (await caseNumberOf(ctx, job.workspaceId, caseId))!;
  const name = meta.fromName || (i.language === 'ar' ? 'العميل' : i.language === 'az' ? 'müştəri' : 'customer');
  const text = ackText(settingsOf(account), i.language ?? account.language, { caseNumber: number, name, subject });
  const mail = composeAck(account, message, text, replySubject(subject, { caseNumber: number }));
  await transmit(account, mail, ctx.log);
  ctx.log.info({ channel: account.id, interactionId: i.id, caseNumber: number }, 'email acknowledged');
}
