import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWebhook, type MessengerWebhook } from './parse.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as MessengerWebhook;

describe('Messenger webhooks', () => {
  it('reads a text message from a PSID', () => {
    const r = parseWebhook(fixture('text-message.json'), '1234567890123456');
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]!.message).toMatchObject({
      externalId: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P', threadKey: '6789012345678901',
      from: { kind: 'messenger', value: '6789012345678901' }, text: 'Hi, I want to change my delivery address',
    });
  });

  it('lists attachments to fetch by their payload url', () => {
    const r = parseWebhook(fixture('image-message.json'));
    expect(r.messages[0]!.message.text).toBe('');
    expect(r.messages[0]!.files).toEqual([{
      url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo-of-the-parcel.jpg?_nc_cat=1&oh=abc&oe=def', contentType: 'image/jpeg', fileName: 'photo-of-the-parcel.jpg',
    }]);
  });

  it('skips echoes and other pages, and reads receipts', () => {
    expect(parseWebhook(fixture('echo-message.json')).messages).toEqual([]);
    expect(parseWebhook(fixture('text-message.json'), '999').messages).toEqual([]);
    expect(parseWebhook(fixture('delivery.json')).delivered).toEqual(['m_sent-by-agent-0001']);
    expect(parseWebhook(fixture('read.json')).read).toEqual([{ psid: '6789012345678901', watermark: new Date(1458668856253) }]);
  });
});
