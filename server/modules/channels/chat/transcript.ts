import nodemailer from 'nodemailer';
import { and, asc, eq } from 'drizzle-orm';
import { users } from '../../identity/index.js';
import { messages } from '../../interactions/index.js';
import type { ChannelContext } from '../adapter.js';
import { firstName } from './domain/views.js';
import { TRANSCRIPT_JOB } from './service.js';
import type { WidgetLanguage } from './settings.js';

type Job = { workspaceId: string; interactionId: string; email: string; language: WidgetLanguage; channel: string };

const wording: Record<WidgetLanguage, { subject: string; you: string; agent: string; intro: string }> = {
  en: { subject: 'Your chat transcript', you: 'You', agent: 'Agent', intro: 'Here is the transcript of your chat with' },
  ar: { subject: 'نص محادثتك', you: 'أنت', agent: 'الموظف', intro: 'هذا نص محادثتك مع' },
  az: { subject: 'Söhbətinizin mətni', you: 'Siz', agent: 'Operator', intro: 'Söhbətinizin mətni:' },
};

/** The plain-text transcript of a contact's messages (no notes), oldest first. */
export async function transcriptText(ctx: ChannelContext, job: Job) {
  const w = wording[job.language] ?? wording.en;
  const rows = await ctx.db.select({ m: messages, agent: users.name }).from(messages).leftJoin(users, eq(users.id, messages.authorId))
    .where(and(eq(messages.workspaceId, job.workspaceId), eq(messages.interactionId, job.interactionId), eq(messages.kind, 'message')))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  const lines = rows.map(({ m, agent }) => {
    const who = m.direction === 'inbound' ? w.you : firstName(agent) ?? w.agent;
    return `[${m.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC] ${who}: ${m.body}`;
  });
  return { subject: `${w.subject} — ${job.channel}`, text: `${w.intro} ${job.channel}\n\n${lines.join('\n')}\n` };
}

/**
 * Sends requested transcripts through the SMTP relay in TRANSCRIPT_SMTP_URL (pg-boss job, retried when
 * the relay is down).
 */
export function defineTranscriptJob(ctx: ChannelContext) {
  const url = ctx.config.TRANSCRIPT_SMTP_URL;
  const transport = url ? nodemailer.createTransport(url) : undefined;
  ctx.jobs.define<Job>(TRANSCRIPT_JOB, { retryLimit: 5, retryDelaySeconds: 10, backoff: true }, async (job) => {
    if (!transport) return;
    const t = await transcriptText(ctx, job);
    await transport.sendMail({ from: ctx.config.TRANSCRIPT_FROM, to: job.email, subject: t.subject, text: t.text });
  });
}
