import type { Tx } from '../../platform/db/index.js';
import { offerView } from './events.js';
import * as store from './store.js';

/** An agent's routing view (`GET /api/routing/me`, and the `routing.state` event): state, load, capacity, offers. */
export async function agentRoutingView(db: Tx, workspaceId: string, userId: string, now: Date) {
  const presence = await store.findPresence(db, userId);
  const load = (await store.loads(db, workspaceId, userId)).get(userId) ?? {};
  const offers = (await store.pendingOffers(db, workspaceId, userId)).map((o) => offerView(o, now));
  return {
    state: presence?.state ?? 'offline', reason: presence?.reason ?? null, since: (presence?.since ?? now).toISOString(),
    capacity: { ...store.DEFAULT_CAPACITY, ...presence?.capacity }, load, missedInRow: presence?.missedInRow ?? 0, offers,
  };
}
