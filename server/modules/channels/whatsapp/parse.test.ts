import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metaHandshake, metaSignatureValid } from '../webhook.js';
import { parseWebhook, windowState, type WhatsAppWebhook } from './parse.js';
import { createHmac } from 'node:crypto';

const raw = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const fixture = (name: string) => JSON.parse(raw(name).toString('utf8')) as WhatsAppWebhook;

describe('WhatsApp Cloud API webhooks', () => {
  it('reads a text message with the sender\'s profile name', () => {
    const r = parseWebhook(fixture('text-message.json'), '106540352242922');
    expect(r.statuses).toEqual([]);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]!.message).toMatchObject({
      externalId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', threadKey: '16505551234', text: 'Does it come in another color?',
      from: { kind: 'whatsapp', value: '16505551234', name: 'Sheena Nelson' },
    });
    expect(r.messages[0]!.message.sentAt!.toISOString()).toBe('2025-06-08T20:59:43.000Z');
  });

  it('takes the caption as text and the media id to fetch', () => {
    const r = parseWebhook(fixture('image-message.json'));
    expect(r.messages[0]!.message.text).toBe('This is how it arrived');
    expect(r.messages[0]!.media).toEqual([{ mediaId: '1003383421387256', contentType: 'image/jpeg', fileName: 'image-1003383421387256.jpg' }]);
  });

  it('reads delivery, read and failure statuses', () => {
    expect(parseWebhook(fixture('status-delivered.json')).statuses).toEqual([
      { externalId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA', status: 'delivered', at: new Date(1750263773000) },
    ]);
    expect(parseWebhook(fixture('status-read.json')).statuses[0]!.status).toBe('read');
    const failed = parseWebhook(fixture('status-failed.json')).statuses[0]!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('131047');
  });

  it('skips changes for another phone number', () => {
    expect(parseWebhook(fixture('text-message.json'), '999').messages).toEqual([]);
  });

  it('checks the signature over the raw bytes and the verification handshake', () => {
    const body = raw('text-message.json');
    const sig = `sha256=${createHmac('sha256', 'app-secret').update(body).digest('hex')}`;
    expect(metaSignatureValid(body, sig, 'app-secret')).toBe(true);
    expect(metaSignatureValid(Buffer.concat([body, Buffer.from(' ')]), sig, 'app-secret')).toBe(false);
    expect(metaSignatureValid(body, sig, 'other')).toBe(false);
    expect(metaSignatureValid(body, undefined, 'app-secret')).toBe(false);
    expect(metaHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' }, 'tok')).toBe('1158201444');
    expect(metaHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'bad', 'hub.challenge': '1' }, 'tok')).toBeNull();
  });

  it('keeps the service window open for 24 hours after the customer\'s last message', () => {
    const last = new Date('2025-01-01T10:00:00Z');
    expect(windowState(last, new Date('2025-01-02T09:59:59Z'))).toEqual({ windowOpen: true, windowClosesAt: new Date('2025-01-02T10:00:00Z') });
    expect(windowState(last, new Date('2025-01-02T10:00:00Z')).windowOpen).toBe(false);
    expect(windowState(null, last)).toEqual({ windowOpen: false, windowClosesAt: null });
  });
});
