import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A survey link's token: the interaction id and an expiry, signed with the workspace's key
 * (HMAC-SHA256). `<id>.<expiry seconds>.<signature>`; nothing secret is in it.
 */
export function signToken(interactionId: string, expiresAt: Date, secret: string): string {
  const body = `${interactionId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** The token's parts, unchecked: which interaction (so its workspace key can be found) and when it expires. */
export function readToken(token: string): { interactionId: string; expiresAt: Date; signature: string } | null {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  return { interactionId: m[1]!, expiresAt: new Date(Number(m[2]) * 1000), signature: m[3]! };
}

/** Whether the token was signed with `secret` and is still valid at `now`. */
export function verifyToken(token: string, secret: string, now: Date): { interactionId: string } | { error: 'invalid' | 'expired' } {
  const t = readToken(token);
  if (!t) return { error: 'invalid' };
  const expected = signToken(t.interactionId, t.expiresAt, secret).split('.')[2]!;
  const a = Buffer.from(expected), b = Buffer.from(t.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { error: 'invalid' };
  if (t.expiresAt.getTime() <= now.getTime()) return { error: 'expired' };
  return { interactionId: t.interactionId };
}
