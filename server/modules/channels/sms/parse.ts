import type { DeliveryUpdate, InboundMessage } from '../domain/inbound.js';

/** Twilio's POST parameters (form-encoded), as the webhook receives them. */
export type TwilioParams = Record<string, string>;
/** A media item of an MMS, to be fetched from Twilio's API with the account's credentials. */
export type TwilioMediaRef = { url: string; contentType: string; fileName: string };

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf', 'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg', 'video/mp4': 'mp4', 'text/plain': 'txt', 'text/vcard': 'vcf',
};
export const extensionOf = (contentType: string) => extensions[contentType.split(';')[0]!.trim().toLowerCase()] ?? 'bin';

/** Twilio delivery states as the common ones; queued/accepted/sending are not news (null). */
const statuses: Record<string, DeliveryUpdate['status']> = { sent: 'sent', delivered: 'delivered', read: 'read', undelivered: 'failed', failed: 'failed' };

/** A status callback (`MessageStatus`) as a delivery update, or null when it is not one or says nothing new. */
export function parseStatus(p: TwilioParams): DeliveryUpdate | null {
  const s = p.MessageStatus ?? (p.Body === undefined ? p.SmsStatus : undefined);
  if (!s || !p.MessageSid) return null;
  const status = statuses[s];
  if (!status) return null;
  return { externalId: p.MessageSid, status, ...(status === 'failed' ? { error: `Twilio ${s}${p.ErrorCode ? ` (error ${p.ErrorCode})` : ''}` } : {}) };
}

/** An incoming SMS/MMS as the common inbound message (media still to fetch); null when it is not a message. */
export function parseIncoming(p: TwilioParams): { message: Omit<InboundMessage, 'files'>; media: TwilioMediaRef[] } | null {
  if (!p.MessageSid || !p.From || p.Body === undefined || p.MessageStatus) return null;
  const n = Math.min(Number(p.NumMedia ?? 0) || 0, 10);
  const media: TwilioMediaRef[] = [];
  for (let k = 0; k < n; k++) {
    const url = p[`MediaUrl${k}`];
    if (!url) continue;
    const contentType = p[`MediaContentType${k}`] ?? 'application/octet-stream';
    media.push({ url, contentType, fileName: `${p.MessageSid}-${k}.${extensionOf(contentType)}` });
  }
  return {
    message: {
      externalId: p.MessageSid,
      threadKey: p.From,
      from: { kind: 'phone', value: p.From, ...(p.FromCountry ? { country: p.FromCountry } : {}) },
      text: p.Body,
      meta: { sms: { to: p.To ?? null, segments: Number(p.NumSegments ?? 1), fromCountry: p.FromCountry ?? null } },
    },
    media,
  };
}
