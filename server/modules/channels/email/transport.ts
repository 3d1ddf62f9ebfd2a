import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Logger } from '../../../platform/logger.js';
import type { ChannelAccount } from '../accounts.js';
import { PermanentDeliveryError } from '../adapter.js';
import { settingsOf } from './settings.js';

/** Connection errors worth a retry; everything else nodemailer reports without an SMTP code is a setup error. */
const transient = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL']);

/**
 * Sends one composed email from a mailbox: through its SMTP relay, or (deliveryMode `log`) nowhere, the
 * message only logged and kept as sent. An SMTP 5xx answer is permanent (no retry); 4xx and connection
 * failures are thrown as they are, so the delivery job retries them.
 */
export async function transmit(account: ChannelAccount, mail: Mail.Options, log: Logger): Promise<{ messageId: string; raw?: Buffer }> {
  const s = settingsOf(account);
  if (s.deliveryMode === 'log') {
    const t = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    const info = await t.sendMail(mail);
    log.info({ channel: account.id, messageId: info.messageId, to: mail.to, subject: mail.subject }, 'email kept as sent (deliveryMode log)');
    return { messageId: info.messageId, raw: info.message as Buffer };
  }
  if (!s.smtpHost) throw new PermanentDeliveryError('The mailbox has no SMTP server', 'not_configured');
  const password = account.credentials.smtpPassword as string | undefined;
  const t = nodemailer.createTransport({
    host: s.smtpHost, port: s.smtpPort, secure: s.smtpSecure,
    ...(s.smtpUser ? { auth: { user: s.smtpUser, pass: password ?? '' } } : {}),
    tls: { rejectUnauthorized: s.tlsVerify },
    connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000,
  });
  try {
    const info = await t.sendMail(mail);
    if (info.rejected?.length && !info.accepted?.length) throw new PermanentDeliveryError(`The SMTP server refused ${info.rejected.join(', ')}`);
    return { messageId: info.messageId };
  } catch (e) {
    if (e instanceof PermanentDeliveryError) throw e;
    const err = e as Error & { responseCode?: number; code?: string; response?: string };
    if (err.responseCode && err.responseCode >= 500) throw new PermanentDeliveryError(`SMTP ${err.responseCode}: ${err.response ?? err.message}`, 'smtp_refused');
    if (err.code && !transient.has(err.code) && !err.responseCode && err.code !== 'EAUTH') throw new PermanentDeliveryError(`SMTP: ${err.message}`, 'smtp_error');
    throw e;
  } finally {
    t.close();
  }
}
