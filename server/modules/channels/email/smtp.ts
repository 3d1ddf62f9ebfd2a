import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { Logger } from '../../../platform/logger.js';
import type { ChannelAccount, ChannelAccounts } from '../accounts.js';
import { domainOf } from './headers.js';
import { EmailReceiver } from './receive.js';

export type SmtpInbound = { port: number; close(): Promise<void> };

type Session = SMTPServerSession & { accounts?: ChannelAccount[] };

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The built-in SMTP server: mail for the workspaces' mailboxes is delivered here (by the company's MX or a
 * forwarding rule). It takes only recipients that are an enabled email channel's address: any other address
 * at a served domain is unknown (550 5.1.1), any other domain is relaying, refused (550 5.7.1). Messages larger
 * than `maxBytes` are refused (552). A message that cannot be stored now gets a temporary 451, so the sender
 * retries. No authentication and no relaying: it only ever receives.
 */
export async function startSmtpInbound(opts: {
  port: number; host: string; maxBytes: number; accounts: ChannelAccounts; receiver: EmailReceiver; log: Logger; name?: string;
}): Promise<SmtpInbound> {
  const { accounts, receiver, log } = opts;
  const server = new SMTPServer({
    name: opts.name ?? 'tawasul', banner: 'Tawasul mail intake', size: opts.maxBytes, authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'], logger: false, disableReverseLookup: true, maxClients: 100,
    socketTimeout: 60_000, closeTimeout: 5_000,
    async onRcptTo(address: SMTPServerAddress, session: Session, callback: (err?: Error | null) => void) {
      try {
        const rcpt = address.address.toLowerCase();
        const found = await accounts.byAddress('email', rcpt);
        if (found.length) {
          session.accounts = [...(session.accounts ?? []), ...found.filter((a) => !session.accounts?.some((s) => s.id === a.id))];
          return callback();
        }
        const served = new Set((await accounts.enabled('email')).filter((a) => a.address).map((a) => domainOf(a.address!)));
        if (served.has(domainOf(rcpt))) return callback(smtpError(550, '5.1.1 No such mailbox here'));
        return callback(smtpError(550, '5.7.1 Relaying denied'));
      } catch (e) {
        log.error({ err: e }, 'SMTP recipient check failed');
        return callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
      }
    },
    async onData(stream, session: Session, callback) {
      try {
        const raw = await EmailReceiver.read(stream, opts.maxBytes);
        if (!raw || (stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) return callback(smtpError(552, '5.3.4 Message too big'));
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        for (const account of session.accounts ?? []) await receiver.receive(account, raw, { mailFrom });
        return callback();
      } catch (e) {
        log.error({ err: e }, 'SMTP message could not be stored');
        return callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
      }
    },
  });
  server.on('error', (err) => log.warn({ err }, 'SMTP server error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  log.info({ port, host: opts.host }, 'SMTP server listening');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
