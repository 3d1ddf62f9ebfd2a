import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js';
import { invalid } from '../../../platform/errors/index.js';
import { identityKinds, type IdentityKind } from '../schema.js';

export { identityKinds, type IdentityKind };

/** Arabic-Indic (U+0660..) and Extended Arabic-Indic / Persian (U+06F0..) digits to ASCII. */
export const asciiDigits = (s: string) =>
  s.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));

// Separators people type inside numbers; bidi marks come with numbers pasted from RTL text.
const phoneNoise = /[\s\-().\/\u00a0\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Phone to E.164 (`+994501234567`); accepts `+` or `00` international prefixes, or a local number with a default country. */
export function normalisePhone(input: string, defaultCountry?: string): string {
  let s = asciiDigits(input.trim()).replace(phoneNoise, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (!/^\+?\d{3,17}$/.test(s)) throw invalid('invalid_phone', `"${input.slice(0, 40)}" is not a phone number`);
  try {
    const p = parsePhoneNumberWithError(s, defaultCountry as CountryCode | undefined);
    if (!p.isPossible()) throw new Error('impossible');
    return p.number;
  } catch {
    throw invalid('invalid_phone', defaultCountry || s.startsWith('+')
      ? `"${input.slice(0, 40)}" is not a possible phone number`
      : `"${input.slice(0, 40)}" needs an international prefix (+ or 00) or a default country`);
  }
}

const emailShape = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]_]+\.[^\s@"(),:;<>[\\\]_]{2,}$/;

/** Email trimmed and lower-cased; rejects anything that is not one address. */
export function normaliseEmail(input: string): string {
  const s = input.trim().toLowerCase();
  if (s.length > 254 || !emailShape.test(s) || s.includes('..')) throw invalid('invalid_email', `"${input.slice(0, 60)}" is not an email address`);
  return s;
}

/** WhatsApp ids are E.164 without the plus (the form WhatsApp's API uses). */
export function normaliseWhatsapp(input: string, defaultCountry?: string): string {
  const s = asciiDigits(input.trim()).replace(phoneNoise, '');
  // A bare digit string that does not start with a trunk 0 is already international (a WhatsApp wa_id).
  const international = /^\d+$/.test(s) && !(s.startsWith('0') && defaultCountry) && !s.startsWith('00') ? `+${s}` : input;
  try {
    return normalisePhone(international, defaultCountry).slice(1);
  } catch {
    throw invalid('invalid_whatsapp', `"${input.slice(0, 40)}" is not a WhatsApp number`);
  }
}

/** Telegram: a numeric chat id, or a @username (lower-cased, Telegram names are case-insensitive). */
export function normaliseTelegram(input: string): string {
  const s = asciiDigits(input.trim());
  if (/^-?\d{1,20}$/.test(s)) return s;
  const name = s.replace(/^@/, '').replace(/^(https?:\/\/)?t\.me\//i, '').toLowerCase();
  if (/^[a-z][a-z0-9_]{3,31}$/.test(name)) return `@${name}`;
  throw invalid('invalid_telegram', `"${input.slice(0, 40)}" is not a Telegram chat id or @username`);
}

/** Messenger page-scoped id: digits only. */
export function normaliseMessenger(input: string): string {
  const s = asciiDigits(input.trim());
  if (/^\d{5,30}$/.test(s)) return s;
  throw invalid('invalid_messenger', `"${input.slice(0, 40)}" is not a Messenger id`);
}

/** Chat visitor id: an opaque token from the widget, kept as is (case-sensitive). */
export function normaliseChat(input: string): string {
  const s = input.trim();
  if (/^[A-Za-z0-9._:-]{1,200}$/.test(s)) return s;
  throw invalid('invalid_chat_id', 'A chat visitor id is 1-200 letters, digits or ._:-');
}

/** The canonical stored form of an identity value; throws a 422 with an `invalid_<kind>` code. */
export function normaliseIdentity(kind: IdentityKind, value: string, defaultCountry?: string): string {
  switch (kind) {
    case 'phone': return normalisePhone(value, defaultCountry);
    case 'email': return normaliseEmail(value);
    case 'whatsapp': return normaliseWhatsapp(value, defaultCountry);
    case 'telegram': return normaliseTelegram(value);
    case 'messenger': return normaliseMessenger(value);
    case 'chat': return normaliseChat(value);
  }
}

const attempt = (f: () => string) => {
  try {
    return f();
  } catch {
    return undefined;
  }
};

/** Identity values a free-text search could mean: "+994 50 010 00 00" also finds "+994500100000". */
export function searchValues(q: string, defaultCountry?: string): string[] {
  const s = q.trim();
  const out = new Set<string>([s, s.toLowerCase()]);
  if (s.includes('@')) {
    const e = attempt(() => normaliseEmail(s));
    if (e) out.add(e);
    const tg = attempt(() => normaliseTelegram(s));
    if (tg) out.add(tg);
  } else if (/^[+\d\u0660-\u0669\u06f0-\u06f9\s\-().]{5,}$/.test(s)) {
    const phone = attempt(() => normalisePhone(s, defaultCountry));
    if (phone) out.add(phone).add(phone.slice(1));
    const wa = attempt(() => normaliseWhatsapp(s, defaultCountry));
    if (wa) out.add(wa).add(`+${wa}`);
    out.add(asciiDigits(s).replace(phoneNoise, ''));
  }
  return [...out].filter(Boolean);
}

// Countries of workspace timezones we see most, so local numbers parse without asking.
const tzCountry: Record<string, string> = {
  'Asia/Baku': 'AZ', 'Asia/Riyadh': 'SA', 'Asia/Dubai': 'AE', 'Asia/Kuwait': 'KW', 'Asia/Qatar': 'QA', 'Asia/Bahrain': 'BH',
  'Asia/Muscat': 'OM', 'Asia/Baghdad': 'IQ', 'Asia/Amman': 'JO', 'Asia/Beirut': 'LB', 'Asia/Damascus': 'SY', 'Africa/Cairo': 'EG',
  'Africa/Casablanca': 'MA', 'Africa/Algiers': 'DZ', 'Africa/Tunis': 'TN', 'Europe/Istanbul': 'TR', 'Asia/Tbilisi': 'GE',
  'Europe/London': 'GB', 'Europe/Berlin': 'DE', 'Europe/Paris': 'FR', 'America/New_York': 'US', 'America/Chicago': 'US',
  'America/Los_Angeles': 'US', 'Asia/Karachi': 'PK', 'Asia/Kolkata': 'IN', 'Asia/Tehran': 'IR', 'Asia/Aden': 'YE',
};

/** A default phone country for a workspace timezone, when we know one. */
export const countryFromTimezone = (tz: string | null | undefined): string | undefined => (tz ? tzCountry[tz] : undefined);
