/** Leading bytes of common file types; a declared content type must match them. */
const signatures: Record<string, ((b: Uint8Array) => boolean)> = {
  'image/png': (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (b) => starts(b, [0xff, 0xd8, 0xff]),
  'image/gif': (b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a'),
  'image/webp': (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP'),
  'application/pdf': (b) => ascii(b, 0, '%PDF-'),
  'application/zip': zip,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': zip,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': zip,
  'audio/wav': (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE'),
  'audio/ogg': (b) => ascii(b, 0, 'OggS'),
  'audio/webm': (b) => starts(b, [0x1a, 0x45, 0xdf, 0xa3]),
  'audio/mpeg': (b) => ascii(b, 0, 'ID3') || (b.length > 1 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0),
  'video/mp4': (b) => ascii(b, 4, 'ftyp'),
};

function zip(b: Uint8Array) {
  return starts(b, [0x50, 0x4b, 0x03, 0x04]) || starts(b, [0x50, 0x4b, 0x05, 0x06]);
}
function starts(b: Uint8Array, sig: number[]) {
  return b.length >= sig.length && sig.every((x, i) => b[i] === x);
}
function ascii(b: Uint8Array, at: number, s: string) {
  return b.length >= at + s.length && [...s].every((c, i) => b[at + i] === c.charCodeAt(0));
}

/** Programs are never accepted, whatever type they claim. */
const executable = (b: Uint8Array) =>
  ascii(b, 0, 'MZ') || starts(b, [0x7f, 0x45, 0x4c, 0x46]) || starts(b, [0xcf, 0xfa, 0xed, 0xfe]) || starts(b, [0xfe, 0xed, 0xfa, 0xce]) || ascii(b, 0, '#!');

/** The media type without parameters, lower-cased: `Text/Plain; charset=utf-8` -> `text/plain`. */
export const baseType = (contentType: string) => (contentType.split(';')[0] ?? '').trim().toLowerCase();

/**
 * Whether the file's first bytes agree with the type it claims. Text types must be valid UTF-8
 * (checked over the whole file by the caller and passed in); types we know no signature for are
 * accepted unless they are programs.
 */
export function contentMatches(type: string, head: Uint8Array, validUtf8: boolean): boolean {
  if (type.startsWith('text/')) return validUtf8 && !head.includes(0);
  if (executable(head)) return false;
  const sig = signatures[type];
  return sig ? sig(head) : true;
}

/** An incremental UTF-8 check for streamed text. */
export function utf8Checker() {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let ok = true;
  return {
    push(chunk: Uint8Array) {
      if (!ok) return;
      try { decoder.decode(chunk, { stream: true }); } catch { ok = false; }
    },
    valid() {
      if (!ok) return false;
      try { decoder.decode(); return true; } catch { return false; }
    },
  };
}

/** A file name safe to store and show: no path, no control characters, at most 200 characters. */
export function safeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean && clean !== '.' && clean !== '..' ? clean : 'file';
}

/** `Content-Disposition` for a download, with an ASCII fallback and the exact UTF-8 name (RFC 6266/5987). */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
