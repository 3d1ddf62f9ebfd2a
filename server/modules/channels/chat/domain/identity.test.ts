import { describe, expect, it } from 'vitest';
import { userHash, verifyUserHash, visitorIdentity } from './identity.js';

describe('identity verification', () => {
  const secret = 'site-secret-0123456789';
  it('accepts the HMAC-SHA256 hex of the user id, in either case', () => {
    // Known value: printf 'user-42' | openssl dgst -sha256 -hmac site-secret-0123456789
    const h = userHash(secret, 'user-42');
    expect(h).toBe('cf98b57eff6a0cdd8224007de09c3e54fd97b55be7c8b052018be1592eaaaae4');
    expect(verifyUserHash(secret, 'user-42', h)).toBe(true);
    expect(verifyUserHash(secret, 'user-42', h.toUpperCase())).toBe(true);
  });
  it('refuses another user, a wrong secret, a malformed hash or no secret', () => {
    const h = userHash(secret, 'user-42');
    expect(verifyUserHash(secret, 'user-43', h)).toBe(false);
    expect(verifyUserHash('other-secret-000000', 'user-42', h)).toBe(false);
    expect(verifyUserHash(secret, 'user-42', h.slice(2))).toBe(false);
    expect(verifyUserHash(secret, 'user-42', 'zz'.repeat(32))).toBe(false);
    expect(verifyUserHash(undefined, 'user-42', h)).toBe(false);
  });
  it('names verified users by site and id, anyone else by a random visitor id', () => {
    expect(visitorIdentity('shop', 'u1')).toBe('shop:u1');
    const a = visitorIdentity('shop');
    expect(a).toMatch(/^visitor:[A-Za-z0-9_-]{22}$/);
    expect(visitorIdentity('shop')).not.toBe(a);
  });
});
