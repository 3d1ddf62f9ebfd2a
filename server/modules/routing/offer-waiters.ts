import { rawClient, type Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/realtime/index.js';

const statusesSql = { name: 'routing_offer_statuses', text: 'SELECT id, status FROM routing_offers WHERE workspace_id = $1 AND id = ANY($2::uuid[])' };

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

  /** `routedHere(ws)`: this process routes the workspace, so its router answers waiters directly (see `resolve`). */
  constructor(private db: Db, bus: EventBus, private routedHere: (workspaceId: string) => boolean = () => false) {
    // Announcements matter only for offers routed by another process; the slow fallback covers the rest.
    this.stopAnnounce = bus.onAnnounce((ws) => {
      if (!this.routedHere(ws)) this.schedule(ws);
    });
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
      if (!this.routedHere(workspaceId)) this.schedule(workspaceId);
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
      const { rows } = await rawClient(this.db).query<{ id: string; status: string }>({ ...statusesSql, values: [workspaceId, [...ws.keys()]] });
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
