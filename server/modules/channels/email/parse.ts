import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { InboundFile, InboundMessage } from '../domain/inbound.js';
import {
  baseSubject, caseNumberIn, classify, guessLanguage, messageIds, readBounce, repliedTo, syntheticMessageId, threadRoot,
  type BounceReport, type HeaderMap, type LoopVerdict,
} from './headers.js';
import { sanitizeEmailHtml } from './html.js';

/** An inline image's content id and the sha256 of its bytes (to find the stored attachment later). */
export type InlineImage = { cid: string; sha256: string };

/** One email read into the common inbound shape, with what the loop guard needs to decide. */
export type ParsedEmail = {
  message: InboundMessage;
  verdict: LoopVerdict;
  /** Set for bounces: which of our messages it reports on and whether delivery failed. */
  bounce?: BounceReport;
  inline: InlineImage[];
};

const reportParts = new Set(['message/delivery-status', 'message/rfc822', 'text/rfc822-headers', 'message/rfc822-headers', 'message/disposition-notification']);

function headerMap(p: ParsedMail): HeaderMap {
  const h: HeaderMap = new Map();
  for (const { key, line } of p.headerLines) {
    if (!h.has(key)) h.set(key, line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return h;
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value).filter((v) => v.address).map((v) => ({ address: v.address!.toLowerCase(), name: v.name || undefined }));

/**
 * Parses a raw RFC 5322 message (MIME, RFC 2047 encoded words, any transfer encoding and charset) into
 * the common inbound message: Message-ID as the external id (a hash of the bytes when it has none), the
 * thread root as the conversation key, earlier ids it answers, a case number from the subject, sanitised
 * HTML, attachments, and the verdict of the loop guard.
 */
export async function parseEmail(raw: Buffer, envelope: { mailFrom?: string | null } = {}): Promise<ParsedEmail> {
  const p = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  const h = headerMap(p);
  const own = messageIds(h.get('message-id'))[0] ?? syntheticMessageId(raw);
  const inReplyTo = messageIds(h.get('in-reply-to'));
  const references = messageIds(h.get('references'));
  const sender = addresses(p.from)[0] ?? addresses(p.replyTo)[0];
  const replyTo = addresses(p.replyTo)[0];
  const returnPath = envelope.mailFrom !== undefined ? (envelope.mailFrom ?? '') : (h.has('return-path') ? h.get('return-path')! : undefined);
  const verdict = classify(h, { from: sender?.address ?? '', returnPath });
  const subject = (p.subject ?? '').trim();
  const text = (p.text ?? '').replace(/\r\n/g, '\n').trim();
  const files: InboundFile[] = [];
  const inline: InlineImage[] = [];
  const returnedHeaders: string[] = [];
  let deliveryStatus = '';
  for (const [n, a] of p.attachments.entries()) {
    const type = (a.contentType || 'application/octet-stream').toLowerCase();
    if (reportParts.has(type)) {
      const s = a.content.toString('utf8');
      if (type === 'message/delivery-status') deliveryStatus += `${s}\n`;
      else returnedHeaders.push(s.split(/\r?\n\r?\n/)[0]!);
      continue;
    }
    const fileName = a.filename || `${a.related || a.contentDisposition === 'inline' ? 'inline' : 'attachment'}-${n + 1}.${type.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin'}`;
    files.push({ fileName, contentType: type, content: a.content });
    if (a.cid) inline.push({ cid: a.cid.replace(/^<|>$/g, ''), sha256: createHash('sha256').update(a.content).digest('hex') });
  }
  const bounce = verdict.kind === 'bounce'
    ? readBounce({ deliveryStatus: deliveryStatus || text, returnedHeaders, inReplyTo, text })
    : undefined;
  const html = typeof p.html === 'string' && p.html.trim() ? sanitizeEmailHtml(p.html) : undefined;
  const cc = addresses(p.cc);
  const to = addresses(p.to);
  return {
    verdict, bounce, inline,
    message: {
      externalId: own,
      threadKey: threadRoot(own, inReplyTo, references),
      from: { kind: 'email', value: sender?.address ?? '', name: sender?.name },
      text: text || (html ? htmlToPlain(html) : ''),
      html,
      subject: subject || undefined,
      language: guessLanguage(h.get('content-language'), `${subject}\n${text}`),
      files,
      sentAt: p.date && !Number.isNaN(p.date.getTime()) ? p.date : undefined,
      inReplyTo: repliedTo(inReplyTo, references),
      caseNumber: caseNumberIn(subject),
      meta: {
        email: true,
        from: sender?.address ?? null, fromName: sender?.name ?? null, replyTo: replyTo?.address ?? null,
        to: to.map((x) => x.address), cc: cc.map((x) => x.address),
        messageId: own, inReplyTo, references, threadSubject: baseSubject(subject),
        ...(verdict.kind !== 'human' ? { autoSubmitted: verdict.reason } : {}),
      },
    },
  };
}

/** A rough plain text of (sanitised) HTML, for messages that came without a text part. */
export function htmlToPlain(html: string) {
  return html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|tr|li|h\d|blockquote)>/gi, '\n').replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n').trim();
}
