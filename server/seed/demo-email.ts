import { randomBytes } from 'node:crypto';
import { emailSettings } from '../modules/channels/email/index.js';
import type { Tx } from '../platform/db/index.js';
import { schema as s } from '../platform/db/index.js';

/**
 * The demo mailbox `support@demo.tawasul.test`: mail sent to the built-in SMTP server (SMTP_PORT, 2525) lands in
 * Technical support; replies are kept as sent (deliveryMode log: no relay needed) and new contacts are
 * acknowledged with a case number.
 */
export async function seedDemoEmail(tx: Tx, workspaceId: string, queues: { id: string; name: string }[]) {
  await tx.insert(s.channelAccounts).values({
    workspaceId, kind: 'email', name: 'Demo Shop Support', address: 'support@demo.tawasul.test',
    queueId: queues.find((q) => q.name === 'Technical support')?.id ?? null, publicKey: randomBytes(16).toString('base64url'),
    settings: emailSettings.parse({ deliveryMode: 'log', autoAck: true }),
  });
}
