import { randomBytes } from 'node:crypto';
import type { Tx } from '../platform/db/index.js';
import { schema as s } from '../platform/db/index.js';

/** The demo shop's website channel: the chat widget on `/demo`, answering on the Sales queue, with topics for other queues. */
export async function seedDemoChat(tx: Tx, workspaceId: string, queues: { id: string; name: string }[]) {
  const q = (name: string) => queues.find((x) => x.name === name)?.id ?? null;
  await tx.insert(s.channelAccounts).values({
    workspaceId, kind: 'chat', name: 'Demo shop website', address: 'shop.demo.tawasul.test', queueId: q('Sales'), language: null,
    publicKey: randomBytes(16).toString('base64url'),
    settings: {
      languages: ['en', 'ar', 'az'], defaultLanguage: 'en', color: '#1c6dd0', colors: { ar: '#0f7b5f' }, position: 'right',
      form: { name: 'required', email: 'optional', phone: 'off', topic: 'optional', language: 'optional' },
      topics: [
        { id: 'sales', label: { en: 'Buying something', ar: 'شراء منتج', az: 'Alış-veriş' }, queueId: q('Sales') },
        { id: 'billing', label: { en: 'Payments and invoices', ar: 'الدفع والفواتير', az: 'Ödəniş və hesablar' }, queueId: q('Billing') },
        { id: 'returns', label: { en: 'Returns and exchanges', ar: 'الإرجاع والاستبدال', az: 'Qaytarma və dəyişdirmə' }, queueId: q('Returns & exchanges') },
      ],
      title: { en: 'Chat with Demo Shop', ar: 'تحدث مع متجر العرض', az: 'Demo Mağaza ilə söhbət' },
      greeting: { en: 'Hi! How can we help you today?', ar: 'مرحباً! كيف يمكننا مساعدتك اليوم؟', az: 'Salam! Bu gün sizə necə kömək edə bilərik?' },
      offlineMessage: { en: 'We are away right now. Leave a message and we will write back.', ar: 'لسنا متاحين الآن. اترك رسالة وسنرد عليك.', az: 'Hazırda əlçatan deyilik. Mesaj buraxın, sizə cavab yazacağıq.' },
      attachments: true, rating: true, transcript: true,
    },
  });
}
