import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEmail } from './parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe('parsing email', () => {
  it('reads an Arabic message: encoded-word subject and name, base64 UTF-8 body, attachment byte for byte', async () => {
    const r = await parseEmail(fixture('arabic-base64.eml'));
    expect(r.verdict.kind).toBe('human');
    expect(r.message).toMatchObject({
      externalId: '<CAF1-arabic-0001@mail.example.net>', threadKey: '<CAF1-arabic-0001@mail.example.net>', inReplyTo: [],
      from: { kind: 'email', value: 'sara.haddad@example.net', name: 'سارة حداد' }, subject: 'طلبي لم يصل بعد', language: 'ar',
    });
    expect(r.message.text).toContain('طلبت هاتفاً قبل أسبوعين');
    expect(r.message.meta).toMatchObject({ from: 'sara.haddad@example.net', cc: ['brother@example.net'], to: ['support@acme.test'] });
    const [file] = r.message.files!;
    expect(file!.fileName).toBe('فاتورة.pdf');
    expect(file!.contentType).toBe('application/pdf');
    const pdf = fixture('arabic-base64.pdf');
    expect(createHash('sha256').update(file!.content).digest('hex')).toBe(createHash('sha256').update(pdf).digest('hex'));
  });

  it('threads a reply by References and reads the case tag; HTML is sanitised, inline image kept', async () => {
    const r = await parseEmail(fixture('reply-html-inline.eml'));
    expect(r.message.threadKey).toBe('<CAF1-arabic-0001@mail.example.net>');
    expect(r.message.inReplyTo).toEqual(['<reply-1@acme.test>', '<CAF1-arabic-0001@mail.example.net>']);
    expect(r.message.caseNumber).toBe('1042');
    expect(r.message.subject).toBe('Re: طلبي لم يصل بعد [#1042]');
    expect(r.message.text).toBe('شكراً لكم على الرد السريع');
    expect(r.message.html).toContain('شكراً لكم على الرد السريع');
    expect(r.message.html).not.toMatch(/script|onclick|javascript:|<style/);
    expect(r.message.html).toContain('src="cid:logo@example.net"');
    expect(r.message.html).toContain('data-remote-src="https://tracker.example.com/pixel.gif"');
    expect(r.inline).toHaveLength(1);
    expect(r.inline[0]!.cid).toBe('logo@example.net');
    expect(r.message.files!.map((f) => f.fileName)).toEqual(['logo.png']);
  });

  it('flags an out-of-office reply', async () => {
    const r = await parseEmail(fixture('out-of-office.eml'));
    expect(r.verdict).toEqual({ kind: 'auto_reply', reason: 'auto-submitted' });
    expect(r.message.inReplyTo).toEqual(['<reply-1@acme.test>']);
  });

  it('reads a delivery status notification: the message it is about and the reason', async () => {
    const r = await parseEmail(fixture('bounce-dsn.eml'), { mailFrom: '' });
    expect(r.verdict.kind).toBe('bounce');
    expect(r.bounce).toEqual({
      originalIds: ['<reply-1@acme.test>'], failed: true,
      diagnostic: '550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
    });
  });

  it('gives a message without Message-ID a stable id from its bytes and reads "Case #N"', async () => {
    const a = await parseEmail(fixture('no-message-id.eml'));
    const b = await parseEmail(fixture('no-message-id.eml'));
    expect(a.message.externalId).toMatch(/@tawasul\.generated>$/);
    expect(a.message.externalId).toBe(b.message.externalId);
    expect(a.message.threadKey).toBe(a.message.externalId);
    expect(a.message.caseNumber).toBe('77');
    expect(a.message.language).toBe('az');
  });
});
