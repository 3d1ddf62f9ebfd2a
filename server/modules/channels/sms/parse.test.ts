import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { twilioSignature } from '../webhook.js';
import { parseIncoming, parseStatus } from './parse.js';

const fixture = (name: string) => Object.fromEntries(new URLSearchParams(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').trim()));

describe('Twilio webhooks', () => {
  it('reads an SMS as the common inbound message', () => {
    const r = parseIncoming(fixture('inbound-text.txt'))!;
    expect(r.media).toEqual([]);
    expect(r.message).toMatchObject({
      externalId: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', threadKey: '+14155552671', text: 'Hello, my order has not arrived',
      from: { kind: 'phone', value: '+14155552671', country: 'US' },
    });
  });

  it('lists the media of an MMS with names from their types', () => {
    const r = parseIncoming(fixture('inbound-mms.txt'))!;
    expect(r.message.text).toBe('This is the box I got');
    expect(r.media).toEqual([{
      url: 'https://api.twilio.com/2010-04-01/Accounts/ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/Messages/MM5a1e9a3d6f2b4c0e8d7f6a5b4c3d2e1f/Media/ME0d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a',
      contentType: 'image/jpeg', fileName: 'MM5a1e9a3d6f2b4c0e8d7f6a5b4c3d2e1f-0.jpg',
    }]);
  });

  it('reads status callbacks as delivery updates and is not fooled into taking them as messages', () => {
    expect(parseIncoming(fixture('status-delivered.txt'))).toBeNull();
    expect(parseStatus(fixture('status-delivered.txt'))).toEqual({ externalId: 'SM0123456789abcdef0123456789abcdef', status: 'delivered' });
    expect(parseStatus(fixture('status-undelivered.txt'))).toEqual({ externalId: 'SM0123456789abcdef0123456789abcdef', status: 'failed', error: 'Twilio undelivered (error 30003)' });
    expect(parseStatus({ ...fixture('status-delivered.txt'), MessageStatus: 'sending' })).toBeNull();
    expect(parseStatus(fixture('inbound-text.txt'))).toBeNull();
  });

  it('signs like Twilio\'s documented example', () => {
    // Twilio's security guide: this URL and these parameters with auth token 12345 give this signature.
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });
});
