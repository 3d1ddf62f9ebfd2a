import type { FastifyInstance } from 'fastify';
import { principal } from '../auth/index.js';
import type { RealtimeHub } from './hub.js';

/**
 * `GET /api/realtime` upgrades to a websocket for the signed-in user. Messages in:
 * `{type:'subscribe', topics, lastEventId?}`; out: `{kind:'event', id, topic, type, payload, at}`.
 */
export function realtimeRoutes(app: FastifyInstance, hub: RealtimeHub) {
  app.get('/api/realtime', { websocket: true, schema: { hide: true } }, (socket, req) => {
    const p = principal(req);
    // A cookie-authenticated socket must come from our own pages (no cross-site websocket hijacking).
    const origin = req.headers.origin;
    if (p.sessionId && origin && new URL(origin).host !== req.headers.host) {
      socket.close(4003, 'websocket from another origin');
      return;
    }
    void hub.attach(socket, p);
  });
}
