import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUpdate, type TelegramUpdate } from './parse.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as TelegramUpdate;

describe('Telegram updates', () => {
  it('reads a text message as the common inbound message', () => {
    const r = parseUpdate(fixture('text-message.json'))!;
    expect(r.files).toEqual([]);
    expect(r.message).toMatchObject({
      externalId: '1111111:1365', threadKey: '1111111', text: 'Salam, sifarişim hələ gəlməyib', language: 'az',
      from: { kind: 'telegram', value: '1111111', name: 'Leyla Aliyeva' },
    });
    expect(r.message.sentAt!.toISOString()).toBe('2015-09-07T17:05:32.000Z');
  });

  it('takes the caption as text and the largest size of a photo', () => {
    const r = parseUpdate(fixture('photo-message.json'))!;
    expect(r.message.text).toBe('Qutu belə gəldi');
    expect(r.files).toEqual([{ fileId: 'AgADBAADbqcxG-large', fileName: 'photo-1366.jpg', contentType: 'image/jpeg' }]);
  });

  it('ignores edits, bots and group chats', () => {
    expect(parseUpdate(fixture('edited-message.json'))).toBeNull();
    const bot = fixture('text-message.json');
    bot.message!.from!.is_bot = true;
    expect(parseUpdate(bot)).toBeNull();
    const group = fixture('text-message.json');
    group.message!.chat.type = 'group';
    expect(parseUpdate(group)).toBeNull();
  });
});
