import type { JobInfo } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/logger.js';
import type { AttachmentService, InteractionService } from '../interactions/index.js';
import type { ChannelAccounts } from './accounts.js';
import { PermanentDeliveryError, type ChannelAdapter, type ChannelContext } from './adapter.js';
import type { ChannelKind } from './schema.js';

/**
 * Delivers agents' messages through their contact's channel. It runs as a durable job: a failed send is
 * retried with growing delays (pg-boss), a permanent refusal or the last failed try marks the message failed,
 * and the agent sees the delivery state change live.
 */
export class Outbox {
  constructor(
    private interactions: InteractionService, private files: AttachmentService, private accounts: ChannelAccounts,
    private adapters: Map<ChannelKind, ChannelAdapter>, private log: Logger, private ctx: () => ChannelContext,
  ) {}

  async deliver(job: { workspaceId: string; messageId: string }, info: JobInfo) {
    const out = await this.interactions.outbound(job.workspaceId, job.messageId);
    if (!out || out.message.deliveryStatus !== 'pending' || !out.interaction.channelAccountId) return;
    const account = await this.accounts.get(job.workspaceId, out.interaction.channelAccountId).catch(() => undefined);
    const adapter = account && this.adapters.get(account.kind);
    if (!account || !adapter) return this.fail(job, 'The channel of this contact no longer exists');
    if (!adapter.send) {
      // Channels without a provider (web chat, forms) reach the customer over the realtime connection.
      await this.interactions.updateDelivery(job.workspaceId, { messageId: job.messageId }, 'sent');
      return;
    }
    try {
      const r = await adapter.send({
        account, interaction: out.interaction, message: out.message, history: out.history, to: out.interaction.threadKey ?? '',
        files: out.files.map((f) => ({ ...f, open: () => this.files.read(f) })),
      }, this.ctx());
      await this.interactions.updateDelivery(job.workspaceId, { messageId: job.messageId }, 'sent', { externalId: r.externalId });
    } catch (e) {
      const err = e as Error;
      const last = e instanceof PermanentDeliveryError || info.retryCount >= info.retryLimit;
      this.log.warn({ err, messageId: job.messageId, attempt: info.retryCount + 1, last }, 'message delivery failed');
      if (last) return this.fail(job, err.message);
      throw e;
    }
  }

  private async fail(job: { workspaceId: string; messageId: string }, error: string) {
    await this.interactions.updateDelivery(job.workspaceId, { messageId: job.messageId }, 'failed', { error });
  }
}
