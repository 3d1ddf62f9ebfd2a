import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/realtime/index.js';
import { routingOffers } from './schema.js';

const CHECK_EVERY_MS = 20;
const FALLBACK_MS = 250;

/**
 * Waits for offers to leave `pending` (the router accepted or withdrew them). All requests waiting in a
 * process share one query per workspace, run when the workspace's events move (at most every 20 ms),
 * so a crowd of accepts costs the database no more than one.
 */
export class OfferWaiters {
  private waiting = new Map<string, Map<string, { resolve: (s: string) => void; end: number }>>();
  private scheduled = new Set<string>();
  private stopAnnounce: () => void;
  private fallback: NodeJS.Timeout;

  constructor(private db: Db, bus: EventBus) {
    this.stopAnnounce = bus.onAnnounce((ws) => this.schedule(ws));
    this.fallback = setInterval(() => {
      for (const ws of this.waiting.keys()) this.schedule(ws);
    }, FALLBACK_MS);
    this.fallback.unref();
  }

  /** Resolves with the offer's status once it is not pending, or `pending` after `ms`. */
  wait(workspaceId: string, offerId: string, ms: number): Promise<string> {
    return new Promise((resolve) => {
      const ws = this.waiting.get(workspaceId) ?? new Map();
      this.waiting.set(workspaceId, ws);
      ws.set(offerId, { resolve, end: Date.now() + ms });
      this.schedule(workspaceId);
    });
  }

  /** The router of this process committed these offers' new statuses: answer their waiters at once. */
  resolve(workspaceId: string, offers: Map<string, string>) {
    const ws = this.waiting.get(workspaceId);
    if (!ws) return;
    for (const [id, status] of offers) {
      const w = ws.get(id);
      if (!w || status === 'pending') continue;
      ws.delete(id);
      w.resolve(status);
    }
    if (!ws.size) this.waiting.delete(workspaceId);
  }

  private schedule(workspaceId: string) {
    if (!this.waiting.get(workspaceId)?.size || this.scheduled.has(workspaceId)) return;
    this.scheduled.add(workspaceId);
    setTimeout(() => void this.check(workspaceId), CHECK_EVERY_MS);
  }

  private async check(workspaceId: string) {
    const ws = this.waiting.get(workspaceId);
    try {
      if (!ws?.size) return;
      const rows = await this.db.select({ id: routingOffers.id, status: routingOffers.status }).from(routingOffers)
        .where(and(eq(routingOffers.workspaceId, workspaceId), inArray(routingOffers.id, [...ws.keys()])));
      const status = new Map(rows.map((r) => [r.id, r.status]));
      const now = Date.now();
      for (const [id, w] of ws) {
        const s = status.get(id) ?? 'revoked';
        if (s !== 'pending' || now > w.end) {
          ws.delete(id);
          w.resolve(s);
        }
      }
    } catch {
      /* retried on the next announcement or fallback tick */
    } finally {
      this.scheduled.delete(workspaceId);
      if (ws && !ws.size) this.waiting.delete(workspaceId);
    }
  }

  close() {
    this.stopAnnounce();
    clearInterval(this.fallback);
    for (const ws of this.waiting.values()) for (const w of ws.values()) w.resolve('pending');
    this.waiting.clear();
  }
}
