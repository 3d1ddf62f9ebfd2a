import { PermanentDeliveryError, type ChannelAdapter, type ChannelContext, type Outbound } from '../adapter.js';
import { acknowledge, caseNumberOf } from './ack.js';
import { ImapPoller } from './imap.js';
import { composeReply } from './outbound.js';
import { ACK_JOB, EmailReceiver } from './receive.js';
import { emailCredentials, emailSettings } from './settings.js';
import { startSmtpInbound, type SmtpInbound } from './smtp.js';
import { transmit } from './transport.js';

export { EmailReceiver, type EmailOutcome } from './receive.js';
export { startSmtpInbound } from './smtp.js';
export { ImapPoller } from './imap.js';
export { emailSettings, emailCredentials, type EmailSettings } from './settings.js';

/** Sends an agent's reply; the Message-ID is the external id, so the customer's answer to it threads back. */
async function send(out: Outbound, ctx: ChannelContext) {
  const caseNumber = await caseNumberOf(ctx, out.interaction.workspaceId, out.interaction.caseId);
  const mail = composeReply(out, caseNumber);
  await transmit(out.account, mail, ctx.log);
  return { externalId: mail.messageId };
}

/**
 * Email. Inbound: the built-in SMTP server on `SMTP_PORT` (mail for the mailboxes' addresses) and IMAP
 * polling of existing mailboxes (`imapEnabled`). Outbound: replies over the mailbox's SMTP relay, threaded
 * (Message-ID at the mailbox's domain, In-Reply-To, References) — or kept as sent without a relay when
 * `deliveryMode` is `log`. Bounces mark replies failed; automatic replies are never answered.
 */
export const email: ChannelAdapter = {
  kind: 'email',
  settings: emailSettings,
  credentials: emailCredentials,
  send,
  register(ctx) {
    const receiver = new EmailReceiver(ctx);
    const poller = new ImapPoller(ctx.accounts, receiver, ctx.log);
    let smtp: SmtpInbound | undefined;
    ctx.jobs.define<{ workspaceId: string; accountId: string; messageId: string }>(ACK_JOB, { retryLimit: 5, retryDelaySeconds: 5, backoff: true }, async (job) => {
      try {
        await acknowledge(ctx, job);
      } catch (e) {
        // An acknowledgement the relay refuses for good is not worth retrying; the contact is there anyway.
        if (e instanceof PermanentDeliveryError) ctx.log.warn({ err: e, messageId: job.messageId }, 'email acknowledgement refused');
        else throw e;
      }
    });
    ctx.app.addHook('onReady', async () => {
      if (ctx.config.SMTP_PORT) {
        smtp = await startSmtpInbound({
          port: ctx.config.SMTP_PORT, host: ctx.config.SMTP_HOST, maxBytes: ctx.config.SMTP_MAX_MB * 1024 * 1024,
          accounts: ctx.accounts, receiver, log: ctx.log,
        }).catch((err: NodeJS.ErrnoException) => {
          // Several copies on one host share the port: one receives, the others serve everything else.
          if (err.code !== 'EADDRINUSE') throw err;
          ctx.log.error({ port: ctx.config.SMTP_PORT }, 'SMTP port already in use: this process does not receive email over SMTP');
          return undefined;
        });
      }
      poller.start();
    });
    ctx.app.addHook('onClose', async () => {
      await poller.stop();
      await smtp?.close();
    });
  },
};
