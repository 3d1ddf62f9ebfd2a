import type { Principal } from './index.js';

/** NOTIFY channel on which the database announces ended sessions (`s:<id>`) and changed users (`u:<id>`). */
export const SESSIONS_CHANNEL = 'tawasul_sessions';

interface Entry {
  principal: Principal;
  until: number;
}

/**
 * Signed-in principals by session cookie, kept for a few seconds so a busy user's requests do not each
 * read the session from the database. Entries are dropped at once when a session ends or its user
 * changes: in this process through `drop` (sign-out, password change, deactivation), in every process
 * through the database's notices on SESSIONS_CHANNEL (see `notice`). The short lifetime bounds what a
 * lost notice could leave behind.
 */
export class SessionCache {
  private entries = new Map<string, Entry>();
  private bySession = new Map<string, string>();
  private byUser = new Map<string, Set<string>>();
  /** Bumped by every invalidation: a lookup that raced one is not cached. */
  private generation = 0;

  constructor(private ttlMs = 15_000, private maxEntries = 50_000, private now: () => number = Date.now) {}

  /** The principal of a session cookie: cached, or read with `load` (and cached when found). */
  async resolve(token: string, load: () => Promise<Principal | null>): Promise<Principal | null> {
    const hit = this.entries.get(token);
    if (hit !== undefined) {
      if (hit.until > this.now()) return hit.principal;
      this.remove(token);
    }
    const generation = this.generation;
    const principal = await load();
    if (principal?.sessionId && generation === this.generation && this.ttlMs > 0) this.add(token, principal);
    return principal;
  }

  /** Drops the cached sessions whose principal matches (this process ended them). */
  drop(match: (p: Principal) => boolean) {
    this.generation++;
    for (const [token, e] of [...this.entries]) if (match(e.principal)) this.remove(token);
  }

  /** A database notice: `s:<session id>` ended, or `u:<user id>` changed (role, name, deactivated, ...). */
  notice(payload: string) {
    this.generation++;
    const id = payload.slice(2);
    if (payload.startsWith('s:')) {
      const token = this.bySession.get(id);
      if (token !== undefined) this.remove(token);
    } else if (payload.startsWith('u:')) {
      for (const token of [...(this.byUser.get(id) ?? [])]) this.remove(token);
    } else this.clear();
  }

  /** Forgets everything (e.g. the connection that receives notices was lost). */
  clear() {
    this.generation++;
    this.entries.clear();
    this.bySession.clear();
    this.byUser.clear();
  }

  get size() {
    return this.entries.size;
  }

  private add(token: string, principal: Principal) {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.remove(oldest);
    }
    this.remove(token);
    this.entries.set(token, { principal, until: this.now() + this.ttlMs });
    this.bySession.set(principal.sessionId!, token);
    let tokens = this.byUser.get(principal.userId);
    if (!tokens) this.byUser.set(principal.userId, (tokens = new Set()));
    tokens.add(token);
  }

  private remove(token: string) {
    const e = this.entries.get(token);
    if (!e) return;
    this.entries.delete(token);
    this.bySession.delete(e.principal.sessionId!);
    const tokens = this.byUser.get(e.principal.userId);
    tokens?.delete(token);
    if (tokens && !tokens.size) this.byUser.delete(e.principal.userId);
  }
}
