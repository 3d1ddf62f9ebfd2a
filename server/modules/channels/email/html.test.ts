import { describe, expect, it } from 'vitest';
import { mapInlineImages, quoteText, replyBody, sanitizeEmailHtml } from './html.js';

describe('email HTML', () => {
  const dirty = '<style>p{}</style><script>alert(1)</script><p onclick="x()" style="background:url(https://t.example/a)">Hi</p>'
    + '<img src="https://tracker.example/p.gif"><img src="cid:logo@x"><a href="javascript:alert(1)">bad</a><a href="https://ok.example">ok</a>'
    + '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="p"></form>';
  const clean = sanitizeEmailHtml(dirty);

  it('drops scripts, styles, frames, forms and event handlers', () => {
    expect(clean).not.toMatch(/script|alert|onclick|style|iframe|<form|<input/i);
    expect(clean).toContain('<p>Hi</p>');
  });

  it('keeps remote images from loading and keeps inline ones', () => {
    expect(clean).toContain('<img data-remote-src="https://tracker.example/p.gif" />');
    expect(clean).not.toMatch(/\ssrc="https:/);
    expect(clean).toContain('src="cid:logo@x"');
  });

  it('opens links safely and removes javascript: links', () => {
    expect(clean).toContain('<a href="https://ok.example" target="_blank" rel="noopener noreferrer nofollow">ok</a>');
    expect(clean).toMatch(/<a target="_blank" rel="noopener noreferrer nofollow">bad<\/a>/);
  });

  it('points inline images at stored attachments', () => {
    expect(mapInlineImages(clean, new Map([['logo@x', '/api/attachments/1']]))).toContain('src="/api/attachments/1"');
    expect(mapInlineImages(clean, new Map())).not.toContain('cid:logo@x"');
  });
});

describe('quoting', () => {
  const q = { at: new Date('2025-03-04T07:15:00Z'), author: 'Sara Haddad <sara@example.net>', text: 'Line one\n> earlier\nمرحباً' };

  it('quotes every line of the earlier message under an attribution line', () => {
    expect(quoteText(q)).toBe('On Tue, 04 Mar 2025 07:15:00 GMT, Sara Haddad <sara@example.net> wrote:\n> Line one\n>> earlier\n> مرحباً');
  });

  it('builds text and HTML bodies with the quote, escaping the agent\'s text', () => {
    const r = replyBody('Thanks <Sara>\nWe are on it', q);
    expect(r.text.startsWith('Thanks <Sara>\nWe are on it\n\nOn Tue')).toBe(true);
    expect(r.html).toContain('Thanks &lt;Sara&gt;<br>');
    expect(r.html).toContain('<blockquote');
    expect(r.html).toContain('Sara Haddad &lt;sara@example.net&gt; wrote:');
    expect(replyBody('Only this').text).toBe('Only this');
  });
});
