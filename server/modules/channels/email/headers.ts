import { createHash } from 'node:crypto';

/**
 * Pure email header logic: message ids, thread roots, case tags in subjects, reply subjects and loop
 * detection (auto-replies, bounces). No I/O; unit-tested beside this file.
 */

/** Header values as lower-case name → raw string (first occurrence). */
export type HeaderMap = Map<string, string>;

const idPattern = /<[^<>\s]+>/g;

/** Every `<id>` in a header value (Message-ID, In-Reply-To, References), in order, without duplicates. */
export function messageIds(value: string | string[] | undefined | null): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const found = text.match(idPattern) ?? [];
  const bare = found.length ? [] : text.split(/[\s,]+/).filter((s) => /^[^\s<>@]+@[^\s<>@]+$/.test(s)).map((s) => `<${s}>`);
  return [...new Set([...found, ...bare])];
}

/** A message id for a message that has none: stable for the same bytes, so a redelivery is still a duplicate. */
export function syntheticMessageId(raw: Buffer | string) {
  return `<${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@tawasul.generated>`;
}

/** The id that names the whole conversation: the first of References, else In-Reply-To, else the message's own. */
export function threadRoot(own: string, inReplyTo: string[], references: string[]) {
  return references[0] ?? inReplyTo[0] ?? own;
}

/** Earlier message ids this message answers: In-Reply-To first, then References newest first. */
export function repliedTo(inReplyTo: string[], references: string[]) {
  return [...new Set([...inReplyTo, ...[...references].reverse()])];
}

const casePatterns = [/\[#\s*(\d{1,9})\]/, /\b(?:case|ticket)\s*#\s*(\d{1,9})\b/i, /(?:قضية|طلب|حالة)\s*#\s*(\d{1,9})/, /\b(?:müraciət|iş)\s*#\s*(\d{1,9})/i];

/** A case number quoted in a subject: `[#1042]`, `Case #1042`, `Ticket #1042` (also in Arabic or Azerbaijani words). */
export function caseNumberIn(subject: string | undefined | null): string | undefined {
  if (!subject) return undefined;
  for (const p of casePatterns) {
    const m = p.exec(subject);
    if (m) return String(Number(m[1]));
  }
  return undefined;
}

const replyPrefix = /^\s*((re|fw|fwd|aw|wg|sv|vs|tr|rv|ynt|ilt|cevap|رد|إعادة توجيه|توجيه)\s*(\[\d+\])?\s*[:：]\s*)+/i;

/** The subject without reply/forward prefixes (Re:, Fwd:, AW:, رد:). */
export function baseSubject(subject: string | undefined | null) {
  let s = (subject ?? '').trim();
  for (let i = 0; i < 10 && replyPrefix.test(s); i++) s = s.replace(replyPrefix, '').trim();
  return s;
}

/** The subject of a reply: the agent's own, or `Re: <thread subject>`; the case tag `[#N]` kept or added. */
export function replySubject(threadSubject: string | undefined | null, opts: { given?: string | null; caseNumber?: number | null } = {}) {
  let s = opts.given?.trim() || `Re: ${baseSubject(threadSubject) || '(no subject)'}`;
  if (opts.caseNumber != null && caseNumberIn(s) !== String(opts.caseNumber)) s = `${s} [#${opts.caseNumber}]`;
  return s;
}

export type LoopKind = 'human' | 'auto_reply' | 'bounce';

/** What the headers say about who wrote the message; `reason` names the header that decided. */
export type LoopVerdict = { kind: LoopKind; reason?: string };

const daemonSender = /^(mailer-daemon|postmaster|mail-daemon|mail\.daemon)@/i;

/**
 * Whether a message was written by a person, is an automatic reply (out-of-office, list mail, read
 * receipts) or a bounce (delivery status notification). Automatic mail is never answered and never opens
 * a contact: that is what keeps two auto-responders from mailing each other for ever.
 */
export function classify(h: HeaderMap, envelope: { from?: string | null; returnPath?: string | null } = {}): LoopVerdict {
  const contentType = (h.get('content-type') ?? '').toLowerCase();
  const from = envelope.from ?? '';
  if (/multipart\/report/.test(contentType)) {
    return /report-type\s*=\s*"?delivery-status/.test(contentType) ? { kind: 'bounce', reason: 'multipart/report' } : { kind: 'auto_reply', reason: 'multipart/report' };
  }
  if (daemonSender.test(from)) return { kind: 'bounce', reason: 'from' };
  const auto = (h.get('auto-submitted') ?? '').trim().toLowerCase();
  if (auto && !auto.startsWith('no')) return { kind: 'auto_reply', reason: 'auto-submitted' };
  const precedence = (h.get('precedence') ?? '').trim().toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return { kind: 'auto_reply', reason: 'precedence' };
  if (h.has('x-autoreply') || h.has('x-autorespond') || h.has('x-autoresponder')) return { kind: 'auto_reply', reason: 'x-autoreply' };
  if ((h.get('x-auto-response-suppress') ?? '').match(/\b(all|oof|autoreply)\b/i) && /automatic reply|out of office|autoreply/i.test(h.get('subject') ?? '')) {
    return { kind: 'auto_reply', reason: 'x-auto-response-suppress' };
  }
  if (h.has('list-id') || h.has('list-unsubscribe')) return { kind: 'auto_reply', reason: 'list' };
  const rp = envelope.returnPath;
  if (rp !== undefined && rp !== null && rp.replace(/[<>\s]/g, '') === '') return { kind: 'auto_reply', reason: 'empty return path' };
  return { kind: 'human' };
}

/** What a delivery status report says about the message it refers to. */
export type BounceReport = { originalIds: string[]; failed: boolean; diagnostic?: string };

/**
 * Reads a bounce: the ids of the message(s) it reports on (Original-Message-ID, the Message-ID of the
 * returned message or headers, In-Reply-To) and whether delivery failed for good (Action: failed or a 5.x.x
 * status) rather than being delayed.
 */
export function readBounce(parts: { deliveryStatus?: string; returnedHeaders?: string[]; inReplyTo?: string[]; text?: string }): BounceReport {
  const ids: string[] = [];
  const ds = parts.deliveryStatus ?? '';
  for (const m of ds.matchAll(/^original-message-id\s*:\s*(.+)$/gim)) ids.push(...messageIds(m[1]));
  for (const h of parts.returnedHeaders ?? []) {
    const m = /^message-id\s*:\s*(.+(?:\r?\n[ \t].+)*)$/im.exec(h);
    if (m) ids.push(...messageIds(m[1]));
  }
  ids.push(...(parts.inReplyTo ?? []));
  if (!ids.length && parts.text) for (const m of parts.text.matchAll(/^[> \t]*message-id\s*:\s*(<[^<>\s]+>)/gim)) ids.push(m[1]!);
  const actions = [...ds.matchAll(/^action\s*:\s*(\S+)/gim)].map((m) => m[1]!.toLowerCase());
  const statuses = [...ds.matchAll(/^status\s*:\s*(\d)\.\d{1,3}\.\d{1,3}/gim)].map((m) => m[1]);
  const failed = actions.length ? actions.includes('failed') : statuses.length ? statuses.includes('5') : true;
  const diag = /^diagnostic-code\s*:\s*(?:[^;\r\n]*;\s*)?(.+(?:\r?\n[ \t].+)*)$/im.exec(ds)?.[1]?.replace(/\s+/g, ' ').trim()
    ?? /^status\s*:\s*(\S+)/im.exec(ds)?.[1];
  return { originalIds: [...new Set(ids)], failed, diagnostic: diag };
}

/** The lower-case domain of an address. */
export const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** Guesses the language of a message: Content-Language first, then the script and letters of its text. */
export function guessLanguage(contentLanguage: string | undefined, text: string): 'ar' | 'az' | 'en' | undefined {
  const declared = contentLanguage?.trim().slice(0, 2).toLowerCase();
  if (declared === 'ar' || declared === 'az' || declared === 'en') return declared;
  const sample = text.slice(0, 2000);
  const arabic = (sample.match(/[\u0600-\u06ff]/g) ?? []).length;
  const latin = (sample.match(/[a-z]/gi) ?? []).length;
  if (arabic > 0 && arabic >= latin / 2) return 'ar';
  if (/[əƏ]/.test(sample) || /\b(salam|sifariş|təşəkkür|xahiş)\b/i.test(sample)) return 'az';
  return undefined;
}
