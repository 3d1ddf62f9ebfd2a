import { and, eq, max } from 'drizzle-orm';
import { AppError } from '../../platform/errors/index.js';
import { interactions, messages, type InteractionRow } from '../interactions/index.js';
import type { SurveySender } from '../surveys/index.js';
import type { ChannelAdapter, ChannelContext } from './adapter.js';
import type { ChannelKind } from './schema.js';

type Template = { name: string; language: string; params: number; text?: string };

/** Whether the customer wrote on this conversation (any contact of the thread) within `ms`. */
async function wroteWithin(ctx: ChannelContext, i: InteractionRow, ms: number) {
  const [r] = await ctx.db.select({ at: max(messages.createdAt) }).from(messages)
    .innerJoin(interactions, eq(interactions.id, messages.interactionId))
    .where(and(eq(messages.workspaceId, i.workspaceId), eq(interactions.workspaceId, i.workspaceId), eq(interactions.channelAccountId, i.channelAccountId!),
      eq(interactions.threadKey, i.threadKey!), eq(messages.direction, 'inbound')));
  return !!r?.at && ctx.clock.now().getTime() - new Date(r.at).getTime() < ms;
}

/**
 * Sends CSAT survey links on the contact's own channel through the outbox (stored as a system message of
 * the contact, delivered and retried like an agent's reply): an email in the thread with the survey's
 * subject, a text message on SMS, Telegram and Messenger (Messenger only within 24 hours of the customer's
 * last message). WhatsApp outside its 24-hour window takes only an
 * approved template: the account's `surveyTemplate` (one parameter, the link) in the customer's language,
 * or the survey is skipped. Web chat asks in the widget itself (the survey is only recorded); channels
 * without a provider send nothing.
 */
export function surveySender(ctx: ChannelContext, adapters: Map<ChannelKind, ChannelAdapter>): SurveySender {
  return async (contact, link) => {
    const [i] = await ctx.db.select().from(interactions)
      .where(and(eq(interactions.workspaceId, contact.workspaceId), eq(interactions.id, contact.interactionId))).limit(1);
    if (!i?.channelAccountId) return false;
    // Web chat: the widget asks at the end of the chat; recording the survey starts the customer's N days.
    if (i.channel === 'chat') return !!(await link());
    if (!i.threadKey) return false;
    const adapter = adapters.get(i.channel as ChannelKind);
    if (!adapter?.send) return false;
    const account = await ctx.accounts.get(i.workspaceId, i.channelAccountId).catch(() => undefined);
    if (!account?.enabled) return false;
    // Messenger answers only within 24 hours of the customer's last message (no survey message tag exists).
    if (i.channel === 'messenger' && !(await wroteWithin(ctx, i, 24 * 3600_000))) return false;
    let templates: Template[] | null = null;
    try {
      await adapter.checkOutbound?.(i, { body: '' }, ctx);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (i.channel !== 'whatsapp') return false; // the channel refuses a message now
      const name = account.settings.surveyTemplate as string | undefined;
      templates = ((account.settings.templates ?? []) as Template[]).filter((t) => t.name === name && t.params === 1);
      if (!templates.length) return false;
    }
    const s = await link();
    if (!s) return false;
    if (templates) {
      const t = templates.find((x) => x.language.slice(0, 2).toLowerCase() === s.language) ?? templates[0]!;
      const body = t.text ? t.text.replace('{{1}}', s.url) : s.prompt;
      await ctx.interactions.sendSystemMessage(i.workspaceId, i.id, { body, template: { name: t.name, language: t.language, params: [s.url] } });
    } else {
      await ctx.interactions.sendSystemMessage(i.workspaceId, i.id, { body: s.prompt, ...(i.channel === 'email' ? { subject: s.subject } : {}) });
    }
    return true;
  };
}
