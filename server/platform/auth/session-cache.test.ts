import { describe, expect, it } from 'vitest';
import type { Principal } from './index.js';
import { SessionCache } from './session-cache.js';

const p = (userId: string, sessionId: string): Principal => ({ userId, sessionId, workspaceId: 'w', role: 'agent', email: `${userId}@x.test`, name: userId });

describe('session cache', () => {
  it('serves a session from memory until it expires', async () => {
    let now = 0;
    const cache = new SessionCache(1000, 100, () => now);
    let loads = 0;
    const load = async () => (loads++, p('u1', 's1'));
    await cache.resolve('t1', load);
    await cache.resolve('t1', load);
    expect(loads).toBe(1);
    now = 1001;
    await cache.resolve('t1', load);
    expect(loads).toBe(2);
  });

  it('drops sessions on notices (ended session, changed user) and by local match', async () => {
    const cache = new SessionCache();
    let loads = 0;
    const load = (u: string, s: string) => async () => (loads++, p(u, s));
    await cache.resolve('t1', load('u1', 's1'));
    await cache.resolve('t2', load('u1', 's2'));
    await cache.resolve('t3', load('u2', 's3'));
    cache.notice('s:s1');
    expect(cache.size).toBe(2);
    cache.notice('u:u1');
    expect(cache.size).toBe(1);
    cache.drop((x) => x.sessionId === 's3');
    expect(cache.size).toBe(0);
  });

  it('does not cache a lookup that raced an invalidation, nor unknown sessions', async () => {
    const cache = new SessionCache();
    await cache.resolve('t1', async () => {
      cache.notice('s:s1'); // the session ends while it is being read
      return p('u1', 's1');
    });
    expect(cache.size).toBe(0);
    expect(await cache.resolve('nope', async () => null)).toBeNull();
    expect(cache.size).toBe(0);
  });
});
