import sanitizeHtml from 'sanitize-html';

/**
 * Email HTML made safe to show to agents: no scripts, styles, forms, frames or event handlers; links open
 * in a new tab without a referrer; remote images do not load (their address moves to `data-remote-src`, so
 * the app can load them when the agent asks); inline images (`cid:`) stay, to be pointed at the stored
 * attachment once it has an id.
 */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'style'), 'img', 'font', 'center', 'u', 's',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'target', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height', 'data-remote-src', 'data-cid'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'], th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['width', 'border', 'cellpadding', 'cellspacing'], font: ['color'], '*': ['dir', 'lang', 'align'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['cid', 'data'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head'],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' } }),
      img: (tagName, attribs) => {
        const src = (attribs.src ?? '').trim();
        const { src: _drop, ...rest } = attribs;
        if (/^cid:/i.test(src)) return { tagName, attribs: { ...rest, src, 'data-cid': src.slice(4) } };
        if (/^data:image\/(png|jpe?g|gif|webp);base64,/i.test(src)) return { tagName, attribs: { ...rest, src } };
        if (/^(https?:)?\/\//i.test(src)) return { tagName, attribs: { ...rest, 'data-remote-src': src } };
        return { tagName, attribs: rest };
      },
    },
  });
}

/** Points `cid:` images at stored attachments (content id → URL); unknown ids lose their source. */
export function mapInlineImages(html: string, urls: Map<string, string>): string {
  return html.replace(/src="cid:([^"]*)"/gi, (_m, cid: string) => {
    const url = urls.get(decodeEntities(cid).replace(/^<|>$/g, ''));
    return url ? `src="${url}"` : '';
  });
}

const decodeEntities = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'");

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text as HTML paragraphs (line breaks kept, right-to-left text follows its own direction). */
export const textToHtml = (text: string) => `<div dir="auto">${escapeHtml(text).replace(/\r?\n/g, '<br>\n')}</div>`;

/** The earlier message a reply quotes. */
export type Quoted = { at: Date; author: string; text: string; html?: string | null };

/** `On <date>, <author> wrote:` followed by the earlier message with every line prefixed by `> `. */
export function quoteText(q: Quoted): string {
  const lines = q.text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n').map((l) => (l.startsWith('>') ? `>${l}` : `> ${l}`));
  return `On ${q.at.toUTCString()}, ${q.author} wrote:\n${lines.join('\n')}`;
}

/** The same quote as HTML: a cite line and a blockquote with the earlier message's (already sanitised) HTML. */
export function quoteHtml(q: Quoted): string {
  const inner = q.html ?? textToHtml(q.text);
  return `<div>On ${escapeHtml(q.at.toUTCString())}, ${escapeHtml(q.author)} wrote:</div>\n`
    + `<blockquote type="cite" style="margin:0 0 0 .8ex;border-inline-start:1px solid #ccc;padding-inline-start:1ex">${inner}</blockquote>`;
}

/** A reply body: the agent's text and the quoted earlier message, as text and as HTML. */
export function replyBody(body: string, quoted?: Quoted) {
  return {
    text: quoted ? `${body}\n\n${quoteText(quoted)}\n` : body,
    html: `<!doctype html><html><body>${textToHtml(body)}${quoted ? `<br>\n${quoteHtml(quoted)}` : ''}</body></html>`,
  };
}
