import type { ModuleContext } from '../../platform/module.js';
import { customerService } from '../customers/index.js';
import { DELIVER_JOB, type AttachmentService, type InteractionService } from '../interactions/index.js';
import type { SurveyService } from '../surveys/index.js';
import { ChannelAccounts } from './accounts.js';
import type { ChannelAdapter, ChannelContext } from './adapter.js';
import { adapters as allAdapters } from './adapters.js';
import { Inbox } from './inbox.js';
import { Outbox } from './outbox.js';
import { channelRoutes } from './routes.js';
import type { ChannelKind } from './schema.js';
import { surveySender } from './survey.js';

export { channelAccounts, inboundReceipts, channelKinds, type ChannelKind } from './schema.js';
export type { ChannelAccount } from './accounts.js';
export type { ChannelAdapter } from './adapter.js';
export type { InboundMessage, Received, DeliveryUpdate } from './domain/inbound.js';

/**
 * Registers the channels: admin configuration of accounts, each adapter's inbound edge, and the delivery
 * worker that sends agents' replies out through the contact's channel. With `surveys`, CSAT survey links
 * go out on the contact's own channel too.
 */
export function register(ctx: ModuleContext, services: { interactions: InteractionService; files: AttachmentService }, surveys?: SurveyService, more: ChannelAdapter[] = []) {
  const adapters = new Map<ChannelKind, ChannelAdapter>([...allAdapters, ...more].map((a) => [a.kind, a]));
  const accounts = new ChannelAccounts(ctx.db, ctx.clock, ctx.secrets, ctx.audit, adapters);
  const inbox = new Inbox(ctx.db, customerService(ctx), services.interactions, services.files, ctx.log);
  const channelCtx: ChannelContext = { ...ctx, inbox, accounts, ...services };
  const outbox = new Outbox(services.interactions, services.files, accounts, adapters, ctx.log, () => channelCtx);
  ctx.jobs.define<{ workspaceId: string; messageId: string }>(DELIVER_JOB, { retryLimit: 6, retryDelaySeconds: 2, backoff: true }, (job, info) => outbox.deliver(job, info));
  services.interactions.checkOutbound = async (i, input) => {
    if (!i.channelAccountId) return;
    const a = adapters.get(i.channel as ChannelKind);
    await a?.checkOutbound?.(i, input, channelCtx);
  };
  if (surveys) surveys.sender = surveySender(channelCtx, adapters);
  channelRoutes(ctx.app, accounts);
  for (const a of adapters.values()) a.register?.(channelCtx);
  return { accounts, inbox };
}
