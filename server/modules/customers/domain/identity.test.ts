import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/index.js';
import {
  countryFromTimezone, normaliseEmail, normaliseIdentity, normalisePhone, normaliseTelegram, normaliseWhatsapp, searchValues,
} from './identity.js';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? `${e.status} ${e.code}` : 'not an AppError';
  }
  return 'no error';
};

describe('phone numbers to E.164', () => {
  it.each([
    ['+994 50 123 45 67', undefined, '+994501234567'],
    ['+994 (50) 123-45-67', undefined, '+994501234567'],
    ['00994501234567', undefined, '+994501234567'],
    ['00966 50 123 4567', undefined, '+966501234567'],
    ['+966-50-123-4567', undefined, '+966501234567'],
    ['٠٥٠١٢٣٤٥٦٧', 'SA', '+966501234567'],
    ['+٩٩٤٥٠١٢٣٤٥٦٧', undefined, '+994501234567'],
    ['۰۵۰۱۲۳۴۵۶۷', 'SA', '+966501234567'],
    ['050 123 45 67', 'AZ', '+994501234567'],
    ['+44 20 7946 0958', undefined, '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['07700 900123', 'GB', '+447700900123'],
    ['0044 7700 900123', 'GB', '+447700900123'],
    ['+1 (415) 555-2671', undefined, '+14155552671'],
    ['\u200e+971 4 123 4567\u200f', undefined, '+97141234567'],
  ])('%s (%s) -> %s', (input, country, out) => {
    expect(normalisePhone(input, country)).toBe(out);
  });

  it('rejects impossible numbers and non-numbers with invalid_phone', () => {
    expect(code(() => normalisePhone('123'))).toBe('422 invalid_phone');
    expect(code(() => normalisePhone('+994 50'))).toBe('422 invalid_phone');
    expect(code(() => normalisePhone('+44 20 7946 0958 1234 5678'))).toBe('422 invalid_phone');
    expect(code(() => normalisePhone('call me'))).toBe('422 invalid_phone');
    expect(code(() => normalisePhone(''))).toBe('422 invalid_phone');
    // A local number with no default country cannot be placed.
    expect(code(() => normalisePhone('0501234567'))).toBe('422 invalid_phone');
  });
});

describe('emails', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Leyla.Aliyeva+Orders@Example.AZ ')).toBe('leyla.aliyeva+orders@example.az');
  });
  it.each(['not-an-email', 'a@b', 'two@@example.com', 'a b@example.com', 'a@example..com', '@example.com', 'x@-'])('rejects %s', (s) => {
    expect(code(() => normaliseEmail(s))).toBe('422 invalid_email');
  });
});

describe('messaging ids', () => {
  it('WhatsApp ids are E.164 without the plus', () => {
    expect(normaliseWhatsapp('994501234567')).toBe('994501234567');
    expect(normaliseWhatsapp('+994 50 123 45 67')).toBe('994501234567');
    expect(normaliseWhatsapp('00966501234567')).toBe('966501234567');
    expect(normaliseWhatsapp('٠٥٠١٢٣٤٥٦٧', 'SA')).toBe('966501234567');
    expect(code(() => normaliseWhatsapp('12'))).toBe('422 invalid_whatsapp');
  });
  it('Telegram: numeric chat ids as they are, usernames lower-cased with @', () => {
    expect(normaliseTelegram(' 123456789 ')).toBe('123456789');
    expect(normaliseTelegram('-1001234567890')).toBe('-1001234567890');
    expect(normaliseTelegram('@Leyla_Support')).toBe('@leyla_support');
    expect(normaliseTelegram('Leyla_Support')).toBe('@leyla_support');
    expect(normaliseTelegram('https://t.me/Leyla_Support')).toBe('@leyla_support');
    expect(code(() => normaliseTelegram('@ab'))).toBe('422 invalid_telegram');
    expect(code(() => normaliseTelegram('has space'))).toBe('422 invalid_telegram');
  });
  it('Messenger PSIDs are digits; chat visitor ids are opaque tokens', () => {
    expect(normaliseIdentity('messenger', ' 6543210987654321 ')).toBe('6543210987654321');
    expect(code(() => normaliseIdentity('messenger', 'abc'))).toBe('422 invalid_messenger');
    expect(normaliseIdentity('chat', ' v_3f9K-x:1 ')).toBe('v_3f9K-x:1');
    expect(code(() => normaliseIdentity('chat', 'has space'))).toBe('422 invalid_chat_id');
  });
});

describe('search values', () => {
  it('a phone typed any way matches the stored E.164 and WhatsApp forms', () => {
    const v = searchValues('+994 50 010 00 00');
    expect(v).toContain('+994500100000');
    expect(v).toContain('994500100000');
  });
  it('an email in upper case matches the stored lower case', () => {
    expect(searchValues(' LEYLA@EXAMPLE.AZ ')).toContain('leyla@example.az');
  });
  it('plain words stay as they are', () => {
    expect(searchValues('Leyla')).toEqual(['Leyla', 'leyla']);
  });
  it('knows the phone country of common workspace timezones', () => {
    expect(countryFromTimezone('Asia/Baku')).toBe('AZ');
    expect(countryFromTimezone('UTC')).toBeUndefined();
  });
});
