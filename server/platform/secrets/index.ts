import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';

/**
 * Server secrets: signed tokens (visitor sessions, survey and status links) and encryption at rest
 * (channel credentials). The master key is SECRET_KEY when set (recommended in production, keep it
 * outside the database); otherwise one generated on first start and kept in the database, so every
 * server process shares it. Each use has its own key derived from the master with HKDF.
 */
export class Secrets {
  private constructor(private master: Buffer) {}

  static fromKey(key: string | Buffer) {
    return new Secrets(typeof key === 'string' ? Buffer.from(key, 'utf8') : key);
  }

  /** Loads the master key: SECRET_KEY, else the database's own (created once, race-free). */
  static async load(db: Db, configured?: string) {
    if (configured) return Secrets.fromKey(configured);
    const fresh = randomBytes(32).toString('base64');
    await db.execute(sql`INSERT INTO server_secrets (name, value) VALUES ('master', ${fresh}) ON CONFLICT (name) DO NOTHING`);
    const { rows } = await db.execute<{ value: string }>(sql`SELECT value FROM server_secrets WHERE name = 'master'`);
    return Secrets.fromKey(Buffer.from(rows[0]!.value, 'base64'));
  }

  private key(purpose: string) {
    return Buffer.from(hkdfSync('sha256', this.master, Buffer.alloc(0), `tawasul:${purpose}`, 32));
  }

  /** A URL-safe token carrying `data`, signed for one purpose, optionally expiring. */
  sign(purpose: string, data: Record<string, unknown>, ttlSeconds?: number) {
    const body = Buffer.from(JSON.stringify({ ...data, ...(ttlSeconds ? { exp: Math.floor(Date.now() / 1000) + ttlSeconds } : {}) })).toString('base64url');
    return `${body}.${this.mac(purpose, body)}`;
  }

  /** The data of a token signed for this purpose, or null when forged, for another purpose or expired. */
  verify<T extends Record<string, unknown>>(purpose: string, token: string): T | null {
    const [body, mac] = token.split('.');
    if (!body || !mac || !safeEqual(mac, this.mac(purpose, body))) return null;
    try {
      const data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T & { exp?: number };
      if (typeof data !== 'object' || data === null) return null;
      if (data.exp !== undefined && data.exp < Date.now() / 1000) return null;
      return data;
    } catch {
      return null;
    }
  }

  private mac(purpose: string, body: string) {
    return createHmac('sha256', this.key(`sign:${purpose}`)).update(body).digest('base64url');
  }

  /** AES-256-GCM; the output carries its nonce and tag: `v1.<iv>.<tag>.<ciphertext>`. */
  encrypt(plain: string) {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key('encrypt'), iv);
    const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  decrypt(sealed: string) {
    const [v, iv, tag, data] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('Unknown sealed value format');
    const d = createDecipheriv('aes-256-gcm', this.key('encrypt'), Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
  }
}

/** Constant-time comparison of two strings (false when lengths differ). */
export function safeEqual(a: string | Buffer, b: string | Buffer) {
  const x = Buffer.isBuffer(a) ? a : Buffer.from(a);
  const y = Buffer.isBuffer(b) ? b : Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
