import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a site's backend computes for a logged-in user: HMAC-SHA256 of the user id with the channel's secret, hex. */
export function userHash(secret: string, userId: string) {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/** Whether `hash` is the user id signed with the channel's secret (constant time; case-insensitive hex). */
export function verifyUserHash(secret: string | undefined, userId: string, hash: string) {
  if (!secret || !/^[0-9a-fA-F]{64}$/.test(hash)) return false;
  const want = Buffer.from(userHash(secret, userId), 'hex');
  return timingSafeEqual(want, Buffer.from(hash, 'hex'));
}

/** Ids a site may give for its users: what a chat identity can carry. */
export const siteUserId = /^[A-Za-z0-9._-]{1,120}$/;

/**
 * The customer identity of a visitor on a website channel: `<site>:<userId>` for a verified user of the
 * site (the same person on every device), `visitor:<random>` for anyone else (one per browser).
 */
export function visitorIdentity(site: string, verifiedUserId?: string) {
  return verifiedUserId ? `${site}:${verifiedUserId}` : `visitor:${randomBytes(16).toString('base64url')}`;
}
