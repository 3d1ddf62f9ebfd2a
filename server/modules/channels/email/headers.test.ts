import { describe, expect, it } from 'vitest';
import { baseSubject, caseNumberIn, classify, guessLanguage, messageIds, readBounce, repliedTo, replySubject, syntheticMessageId, threadRoot } from './headers.js';

const h = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));

describe('message ids', () => {
  it('reads every id of a References header in order, once', () => {
    expect(messageIds('<a@x> <b@y>\r\n <c@z> <a@x>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(messageIds(undefined)).toEqual([]);
    expect(messageIds('bare@id.example')).toEqual(['<bare@id.example>']);
  });

  it('makes a stable id for a message without one', () => {
    const a = syntheticMessageId(Buffer.from('Subject: x\r\n\r\nbody'));
    expect(a).toBe(syntheticMessageId(Buffer.from('Subject: x\r\n\r\nbody')));
    expect(a).not.toBe(syntheticMessageId(Buffer.from('Subject: y\r\n\r\nbody')));
    expect(a).toMatch(/^<[0-9a-f]{32}@tawasul\.generated>$/);
  });

  it('names the thread by its root: first reference, else the parent, else itself', () => {
    expect(threadRoot('<c>', ['<b>'], ['<a>', '<b>'])).toBe('<a>');
    expect(threadRoot('<c>', ['<b>'], [])).toBe('<b>');
    expect(threadRoot('<c>', [], [])).toBe('<c>');
  });

  it('lists the parent first, then the references from the newest', () => {
    expect(repliedTo(['<c>'], ['<a>', '<b>', '<c>'])).toEqual(['<c>', '<b>', '<a>']);
  });
});

describe('subjects', () => {
  it('finds a case number quoted in a subject', () => {
    expect(caseNumberIn('Re: my order [#1042]')).toBe('1042');
    expect(caseNumberIn('Case #77 still open')).toBe('77');
    expect(caseNumberIn('ticket #0012')).toBe('12');
    expect(caseNumberIn('طلبي قضية #1043')).toBe('1043');
    expect(caseNumberIn('Order 1042 arrived')).toBeUndefined();
    expect(caseNumberIn(undefined)).toBeUndefined();
  });

  it('strips reply and forward prefixes in several languages', () => {
    expect(baseSubject('Re: RE: Fwd: Order')).toBe('Order');
    expect(baseSubject('AW: Re[2]: Bestellung')).toBe('Bestellung');
    expect(baseSubject('رد: طلبي')).toBe('طلبي');
    expect(baseSubject('Regarding my order')).toBe('Regarding my order');
  });

  it('builds a reply subject keeping or adding the case tag', () => {
    expect(replySubject('Re: Order')).toBe('Re: Order');
    expect(replySubject('Order', { caseNumber: 1042 })).toBe('Re: Order [#1042]');
    expect(replySubject('Re: Order [#1042]', { caseNumber: 1042 })).toBe('Re: Order [#1042]');
    expect(replySubject('Order', { given: 'Your refund', caseNumber: 7 })).toBe('Your refund [#7]');
    expect(replySubject('')).toBe('Re: (no subject)');
  });
});

describe('loop detection', () => {
  it('takes a plain message from a person as human', () => {
    expect(classify(h({ subject: 'Hi', 'content-type': 'text/plain' }), { from: 'sara@example.net', returnPath: 'sara@example.net' }).kind).toBe('human');
    expect(classify(h({ 'auto-submitted': 'no' }), { from: 'sara@example.net' }).kind).toBe('human');
  });

  it('recognises automatic replies by their headers', () => {
    expect(classify(h({ 'auto-submitted': 'auto-replied' })).kind).toBe('auto_reply');
    expect(classify(h({ 'auto-submitted': 'auto-generated' })).kind).toBe('auto_reply');
    expect(classify(h({ precedence: 'bulk' })).kind).toBe('auto_reply');
    expect(classify(h({ precedence: 'junk' })).kind).toBe('auto_reply');
    expect(classify(h({ precedence: 'list' })).kind).toBe('auto_reply');
    expect(classify(h({ 'x-autoreply': 'yes' })).kind).toBe('auto_reply');
    expect(classify(h({ 'x-autorespond': 'Out of office' })).kind).toBe('auto_reply');
    expect(classify(h({ 'list-id': '<news.example.net>' })).kind).toBe('auto_reply');
    expect(classify(h({}), { from: 'x@example.net', returnPath: '<>' }).kind).toBe('auto_reply');
    expect(classify(h({ 'content-type': 'multipart/report; report-type=disposition-notification' })).kind).toBe('auto_reply');
  });

  it('recognises bounces by their report type or sender', () => {
    expect(classify(h({ 'content-type': 'multipart/report; report-type="delivery-status"; boundary=x' })).kind).toBe('bounce');
    expect(classify(h({}), { from: 'MAILER-DAEMON@mx.example.net' }).kind).toBe('bounce');
    expect(classify(h({}), { from: 'postmaster@example.net' }).kind).toBe('bounce');
  });

  it('reads which message a bounce is about and whether it failed for good', () => {
    const ds = 'Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@b\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n  in table\n';
    expect(readBounce({ deliveryStatus: ds, returnedHeaders: ['From: x\nMessage-ID: <orig@acme>\nSubject: y'] }))
      .toEqual({ originalIds: ['<orig@acme>'], failed: true, diagnostic: '550 5.1.1 User unknown in table' });
    const delayed = readBounce({ deliveryStatus: 'Action: delayed\nStatus: 4.4.1\n', returnedHeaders: ['Message-ID: <o2@acme>'] });
    expect(delayed.failed).toBe(false);
    expect(readBounce({ deliveryStatus: 'Original-Message-ID: <o3@acme>\nAction: failed\n' }).originalIds).toEqual(['<o3@acme>']);
    expect(readBounce({ text: 'The original message was:\n> Message-ID: <o4@acme>\n' }).originalIds).toEqual(['<o4@acme>']);
  });
});

describe('language', () => {
  it('prefers Content-Language, then the script of the text', () => {
    expect(guessLanguage('az-AZ', 'hello')).toBe('az');
    expect(guessLanguage(undefined, 'مرحباً، طلبي لم يصل')).toBe('ar');
    expect(guessLanguage(undefined, 'Salam, sifarişim hələ gəlməyib')).toBe('az');
    expect(guessLanguage(undefined, 'Hello there')).toBeUndefined();
  });
});
