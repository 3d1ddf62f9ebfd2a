import type { InboundMessage } from '../domain/inbound.js';

type Attachment = { type: string; payload?: { url?: string; title?: string } };
type Event = {
  sender: { id: string }; recipient: { id: string }; timestamp?: number;
  message?: { mid: string; text?: string; is_echo?: boolean; attachments?: Attachment[]; reply_to?: { mid: string }; quick_reply?: { payload: string } };
  postback?: { mid?: string; title: string; payload?: string };
  delivery?: { mids?: string[]; watermark: number };
  read?: { watermark: number };
};
export type MessengerWebhook = { object: string; entry: { id: string; time: number; messaging?: Event[] }[] };

/** An attachment to fetch from the url in its payload. */
export type MessengerFileRef = { url: string; fileName: string; contentType: string };
export type ParsedMessenger = {
  messages: { message: Omit<InboundMessage, 'files'>; files: MessengerFileRef[] }[];
  /** Page messages the customer's device received (by mid). */
  delivered: string[];
  /** The customer read every page message up to this time, in this conversation (PSID). */
  read: { psid: string; watermark: Date }[];
};

const types: Record<string, { contentType: string; ext: string }> = {
  image: { contentType: 'image/jpeg', ext: 'jpg' }, audio: { contentType: 'audio/mpeg', ext: 'mp3' }, video: { contentType: 'video/mp4', ext: 'mp4' },
  file: { contentType: 'application/octet-stream', ext: 'bin' },
};

/**
 * A Messenger Platform webhook (object `page`) as common inbound messages and receipts for one page. Echoes
 * of the page's own messages, and events for another page, are skipped.
 */
export function parseWebhook(w: MessengerWebhook, pageId?: string): ParsedMessenger {
  const out: ParsedMessenger = { messages: [], delivered: [], read: [] };
  if (w.object !== 'page') return out;
  for (const entry of w.entry ?? []) {
    if (pageId && entry.id !== pageId) continue;
    for (const e of entry.messaging ?? []) {
      const psid = e.sender?.id;
      if (!psid) continue;
      if (e.delivery) out.delivered.push(...(e.delivery.mids ?? []));
      if (e.read) out.read.push({ psid, watermark: new Date(e.read.watermark) });
      const m = e.message;
      const text = m?.text ?? e.postback?.title ?? '';
      const mid = m?.mid ?? e.postback?.mid;
      if (!mid || m?.is_echo) continue;
      const files: MessengerFileRef[] = [];
      for (const [k, a] of (m?.attachments ?? []).entries()) {
        const t = types[a.type];
        if (!t || !a.payload?.url) continue;
        const fromUrl = new URL(a.payload.url).pathname.split('/').pop() ?? '';
        files.push({ url: a.payload.url, contentType: t.contentType, fileName: /\.[a-z0-9]{2,5}$/i.test(fromUrl) ? fromUrl : `${a.type}-${k + 1}.${t.ext}` });
      }
      if (!text && !files.length) continue;
      out.messages.push({
        message: {
          externalId: mid, threadKey: psid, from: { kind: 'messenger', value: psid }, text,
          ...(e.timestamp ? { sentAt: new Date(e.timestamp) } : {}),
          ...(m?.reply_to?.mid ? { inReplyTo: [m.reply_to.mid] } : {}),
          meta: { messenger: { pageId: entry.id, ...(e.postback ? { postback: e.postback.payload ?? null } : {}) } },
        },
        files,
      });
    }
  }
  return out;
}
