import { describe, expect, it } from 'vitest';
import { baseType, contentDisposition, contentMatches, safeFileName, utf8Checker } from './file-type.js';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const exe = new TextEncoder().encode('MZ\x90\x00\x03\x00\x00\x00');

describe('file types', () => {
  it('accepts matching magic bytes and refuses a renamed program', () => {
    expect(contentMatches('image/png', png, false)).toBe(true);
    expect(contentMatches('image/png', exe, false)).toBe(false);
    expect(contentMatches('application/pdf', new TextEncoder().encode('%PDF-1.7\n'), false)).toBe(true);
    expect(contentMatches('application/pdf', png, false)).toBe(false);
    expect(contentMatches('image/jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), false)).toBe(true);
    expect(contentMatches('application/zip', new TextEncoder().encode('PK\x03\x04'), false)).toBe(true);
    expect(contentMatches('audio/mpeg', exe, false)).toBe(false);
  });

  it('text must be valid UTF-8, checked across chunk boundaries', () => {
    const c = utf8Checker();
    const bytes = new TextEncoder().encode('مرحبا');
    c.push(bytes.slice(0, 3));
    c.push(bytes.slice(3));
    expect(c.valid()).toBe(true);
    const bad = utf8Checker();
    bad.push(new Uint8Array([0x61, 0xff, 0xfe]));
    expect(bad.valid()).toBe(false);
    const cut = utf8Checker();
    cut.push(bytes.slice(0, 3));
    expect(cut.valid()).toBe(false);
    expect(contentMatches('text/plain', new TextEncoder().encode('hi'), true)).toBe(true);
    expect(contentMatches('text/plain', new TextEncoder().encode('hi'), false)).toBe(false);
  });

  it('normalises types and names', () => {
    expect(baseType('Text/Plain; charset=UTF-8')).toBe('text/plain');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\x\\a\u0000b.txt')).toBe('ab.txt');
    expect(safeFileName('')).toBe('file');
    expect(safeFileName('..')).toBe('file');
  });

  it('writes a Content-Disposition safe for Arabic names', () => {
    const h = contentDisposition('فاتورة "2024".pdf');
    expect(h).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(h.split("UTF-8''")[1]!)).toBe('فاتورة "2024".pdf');
    expect(h.split("UTF-8''")[1]).not.toMatch(/["' ]/);
  });
});
