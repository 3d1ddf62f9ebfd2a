import type { DeliveryUpdate, InboundMessage } from '../domain/inbound.js';

type Media = { id: string; mime_type?: string; sha256?: string; caption?: string; filename?: string };
export type WhatsAppMessage = {
  from: string; id: string; timestamp: string; type: string;
  text?: { body: string }; image?: Media; document?: Media; audio?: Media; video?: Media; sticker?: Media;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  button?: { text: string; payload?: string }; interactive?: { button_reply?: { title: string }; list_reply?: { title: string } };
  context?: { from?: string; id?: string };
};
type Status = { id: string; status: string; timestamp: string; recipient_id: string; errors?: { code: number; title?: string; message?: string; error_data?: { details?: string } }[] };
export type WhatsAppValue = {
  messaging_product: string; metadata: { display_phone_number: string; phone_number_id: string };
  contacts?: { profile?: { name?: string }; wa_id: string }[]; messages?: WhatsAppMessage[]; statuses?: Status[];
};
export type WhatsAppWebhook = { object: string; entry: { id: string; changes: { field: string; value: WhatsAppValue }[] }[] };

/** A media item to fetch through the Graph API (`GET /{media-id}` → url). */
export type WhatsAppMediaRef = { mediaId: string; fileName: string; contentType: string };
export type ParsedWhatsApp = { messages: { message: Omit<InboundMessage, 'files'>; media: WhatsAppMediaRef[] }[]; statuses: DeliveryUpdate[] };

const ext: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'audio/ogg': 'ogg', 'audio/mpeg': 'mp3', 'video/mp4': 'mp4', 'application/pdf': 'pdf' };
const statusMap: Record<string, DeliveryUpdate['status']> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

/**
 * A WhatsApp Cloud API webhook as common inbound messages and delivery updates, for one phone number
 * (changes for another number id are skipped). Reactions, system and unsupported messages are ignored.
 */
export function parseWebhook(w: WhatsAppWebhook, phoneNumberId?: string): ParsedWhatsApp {
  const out: ParsedWhatsApp = { messages: [], statuses: [] };
  for (const entry of w.entry ?? []) {
    for (const change of entry.changes ?? []) {
      const v = change.value;
      if (change.field !== 'messages' || !v || (phoneNumberId && v.metadata?.phone_number_id !== phoneNumberId)) continue;
      for (const s of v.statuses ?? []) {
        const status = statusMap[s.status];
        if (!status) continue;
        const e = s.errors?.[0];
        out.statuses.push({
          externalId: s.id, status, at: new Date(Number(s.timestamp) * 1000),
          ...(status === 'failed' ? { error: e ? `WhatsApp ${e.code}: ${e.error_data?.details ?? e.message ?? e.title}` : 'WhatsApp: failed' } : {}),
        });
      }
      for (const m of v.messages ?? []) {
        const name = v.contacts?.find((c) => c.wa_id === m.from)?.profile?.name;
        const media: WhatsAppMediaRef[] = [];
        let text = '';
        switch (m.type) {
          case 'text': text = m.text?.body ?? ''; break;
          case 'button': text = m.button?.text ?? ''; break;
          case 'interactive': text = m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? ''; break;
          case 'location': text = m.location ? [m.location.name, m.location.address, `${m.location.latitude},${m.location.longitude}`].filter(Boolean).join('\n') : ''; break;
          case 'image': case 'document': case 'audio': case 'video': case 'sticker': {
            const item = m[m.type]!;
            const contentType = (item.mime_type ?? 'application/octet-stream').split(';')[0]!.trim();
            media.push({ mediaId: item.id, contentType, fileName: item.filename ?? `${m.type}-${item.id}.${ext[contentType] ?? 'bin'}` });
            text = item.caption ?? '';
            break;
          }
          default: continue;
        }
        if (!text && !media.length) continue;
        out.messages.push({
          message: {
            externalId: m.id, threadKey: m.from, from: { kind: 'whatsapp', value: m.from, ...(name ? { name } : {}) }, text,
            sentAt: new Date(Number(m.timestamp) * 1000),
            ...(m.context?.id ? { inReplyTo: [m.context.id] } : {}),
            meta: { whatsapp: { type: m.type, phoneNumberId: v.metadata.phone_number_id } },
          },
          media,
        });
      }
    }
  }
  return out;
}

/** The 24-hour customer service window: open until 24 h after the customer's last message. */
export function windowState(lastInbound: Date | null | undefined, now: Date) {
  const closesAt = lastInbound ? new Date(lastInbound.getTime() + 24 * 3600_000) : null;
  return { windowOpen: !!closesAt && closesAt > now, windowClosesAt: closesAt };
}
