import { randomBytes } from 'node:crypto';
import type { Tx } from '../platform/db/index.js';
import { schema as s } from '../platform/db/index.js';

/**
 * The demo shop's complaint form and its branch (kiosk and display), plus an SMS number and a WhatsApp
 * number that point at no real provider: shown in the admin screens, switched off.
 */
export async function seedDemoChannels(tx: Tx, workspaceId: string, queues: { id: string; name: string }[]) {
  const q = (name: string) => queues.find((x) => x.name === name)?.id ?? null;
  const key = () => randomBytes(16).toString('base64url');
  await tx.insert(s.channelAccounts).values([
    {
      workspaceId, kind: 'form', name: 'Complaints and suggestions', queueId: q('Returns & exchanges'), language: null, publicKey: key(),
      settings: { types: ['complaint', 'suggestion', 'inquiry'], askOrderNumber: true, allowAttachments: true, typeQueues: { inquiry: q('Sales') ?? undefined } },
    },
    {
      workspaceId, kind: 'walk_in', name: 'Nizami street branch', queueId: q('Returns & exchanges'), language: null, publicKey: key(),
      settings: {
        services: [
          { id: 'returns', name: 'Returns & exchanges', letter: 'A', queueId: q('Returns & exchanges') },
          { id: 'payments', name: 'Orders & payments', letter: 'B', queueId: q('Billing') },
        ],
        counters: ['Desk 1', 'Desk 2', 'Desk 3'], timeZone: 'Asia/Baku', smsNotify: true,
      },
    },
    {
      workspaceId, kind: 'sms', name: 'Demo SMS number', address: '+15557654321', queueId: q('Sales'), enabled: false, publicKey: key(),
      settings: { apiBaseUrl: 'https://api.twilio.com', accountSid: 'AC00000000000000000000000000000000', statusCallback: true },
    },
    {
      workspaceId, kind: 'whatsapp', name: 'Demo WhatsApp', address: '+994125550100', queueId: q('Arabic line'), enabled: false, publicKey: key(),
      settings: {
        apiBaseUrl: 'https://graph.facebook.com', apiVersion: 'v21.0', phoneNumberId: '100000000000001',
        templates: [{ name: 'order_update', language: 'en', params: 1, text: 'Hello, there is news about your order {{1}}.' }],
      },
    },
  ]);
}
