import type { WebSocket } from 'ws';
import type { Principal } from '../auth/index.js';
import type { EventBus, RealtimeEvent } from './bus.js';

/** Decides whether a principal may see a topic; topics look like `kind` or `kind:id`. */
export type TopicRule = (p: Principal, id: string | undefined) => boolean;

interface Connection {
  socket: WebSocket;
  principal: Principal;
  topics: Set<string>;
}

interface WorkspaceFeed {
  cursor: number;
  draining?: boolean;
  connections: Set<Connection>;
  /** topic -> connections subscribed to it, so an event costs only its own audience. */
  byTopic: Map<string, Set<Connection>>;
  chain: Promise<void>;
}

const send = (c: Connection, msg: unknown) => {
  if (c.socket.readyState === 1) c.socket.send(JSON.stringify(msg));
};

function follow(f: WorkspaceFeed, c: Connection, topic: string) {
  c.topics.add(topic);
  let set = f.byTopic.get(topic);
  if (!set) f.byTopic.set(topic, (set = new Set()));
  set.add(c);
}

function unfollow(f: WorkspaceFeed, c: Connection, topic: string) {
  c.topics.delete(topic);
  const set = f.byTopic.get(topic);
  if (!set) return;
  set.delete(c);
  if (!set.size) f.byTopic.delete(topic);
}

function detach(f: WorkspaceFeed, c: Connection) {
  f.connections.delete(c);
  for (const t of [...c.topics]) unfollow(f, c, t);
}
const eventMessage = (e: RealtimeEvent) => ({ kind: 'event', id: e.id, topic: e.topic, type: e.type, payload: e.payload, at: e.at });

/**
 * Delivers bus events to the websockets of this process. Work for one workspace runs on one promise
 * chain, so a replay for a reconnecting client and live delivery never interleave: the client gets
 * every event after its last id exactly once, in order.
 */
export class RealtimeHub {
  private feeds = new Map<string, WorkspaceFeed>();
  private rules = new Map<string, TopicRule>();
  private stopAnnounce: () => void;

  constructor(private bus: EventBus) {
    this.stopAnnounce = bus.onAnnounce((ws) => this.drain(ws));
    this.allow('workspace', () => true);
    this.allow('user', (p, id) => p.userId === id);
    this.allow('supervisors', (p) => p.role !== 'agent');
  }

  /** Registers who may subscribe to topics of one kind. */
  allow(kind: string, rule: TopicRule) {
    this.rules.set(kind, rule);
  }

  private permitted(p: Principal, topic: string) {
    const [kind, id] = topic.split(/:(.*)/s);
    const rule = this.rules.get(kind ?? '');
    return !!rule && rule(p, id);
  }

  private async feed(workspaceId: string): Promise<WorkspaceFeed> {
    let f = this.feeds.get(workspaceId);
    if (!f) {
      f = { cursor: this.bus.watermark(), connections: new Set(), byTopic: new Map(), chain: Promise.resolve() };
      this.feeds.set(workspaceId, f);
    }
    return f;
  }

  private enqueue(f: WorkspaceFeed, work: () => Promise<void>) {
    f.chain = f.chain.then(work).catch(() => {});
    return f.chain;
  }

  private drain(workspaceId: string) {
    const f = this.feeds.get(workspaceId);
    // One pending drain reads everything announced before it runs: coalesce a burst of announcements.
    if (!f || f.connections.size === 0 || f.draining) return;
    f.draining = true;
    void this.enqueue(f, async () => {
      f.draining = false;
      for (;;) {
        const events = await this.bus.since(workspaceId, f.cursor);
        for (const e of events) {
          f.cursor = e.id;
          const audience = f.byTopic.get(e.topic);
          if (!audience) continue;
          const msg = JSON.stringify(eventMessage(e)); // once per event, not per socket
          for (const c of audience) if (c.socket.readyState === 1) c.socket.send(msg);
        }
        if (events.length < 1000) return;
      }
    });
  }

  /** Serves one authenticated websocket until it closes. */
  attach(socket: WebSocket, principal: Principal) {
    const conn: Connection = { socket, principal, topics: new Set() };
    // Listen at once (the client may subscribe before the feed is loaded); handle messages in order.
    const ready = this.feed(principal.workspaceId).then((f) => {
      f.connections.add(conn);
      socket.on('close', () => detach(f, conn));
      if (socket.readyState > 1) detach(f, conn);
      this.drain(principal.workspaceId); // catch an announcement that came while the feed was loading
      return f;
    });
    let queue: Promise<unknown> = ready;
    socket.on('message', (raw) => {
      queue = queue.then(() => ready).then((f) => this.handle(f, conn, raw)).catch(() => {});
    });
  }

  private handle(f: WorkspaceFeed, conn: Connection, raw: unknown) {
    const principal = conn.principal;
    let msg: { type?: string; topics?: unknown; lastEventId?: unknown };
    try {
      msg = JSON.parse(String(raw));
    } catch {
      return send(conn, { kind: 'error', code: 'invalid_json', message: 'Messages must be JSON' });
    }
    if (msg.type === 'subscribe' && Array.isArray(msg.topics)) {
      const asked = msg.topics.filter((t): t is string => typeof t === 'string' && t.length < 200).slice(0, 100);
      const topics = asked.filter((t) => this.permitted(principal, t));
      const denied = asked.filter((t) => !topics.includes(t));
      const lastEventId = Number.isSafeInteger(msg.lastEventId) ? Number(msg.lastEventId) : undefined;
      return this.enqueue(f, async () => {
        if (lastEventId !== undefined && topics.length) {
          for (let after = lastEventId; after < f.cursor; ) {
            const missed = await this.bus.since(principal.workspaceId, after, topics);
            const due = missed.filter((e) => e.id <= f.cursor);
            for (const e of due) send(conn, eventMessage(e));
            if (missed.length < 1000 || !due.length) break;
            after = due[due.length - 1]!.id;
          }
        }
        // A socket that closed meanwhile stays out of the index.
        if (f.connections.has(conn)) for (const t of topics) follow(f, conn, t);
        send(conn, { kind: 'subscribed', topics, denied, lastEventId: f.cursor });
      });
    } else if (msg.type === 'unsubscribe' && Array.isArray(msg.topics)) {
      for (const t of msg.topics) unfollow(f, conn, String(t));
    } else if (msg.type === 'ping') {
      send(conn, { kind: 'pong' });
    } else {
      send(conn, { kind: 'error', code: 'unknown_message', message: 'Unknown message type' });
    }
  }

  /** Closes sockets of sessions that no longer exist (sign-out everywhere, password change). */
  disconnect(match: (p: Principal) => boolean) {
    for (const f of this.feeds.values()) for (const c of f.connections) if (match(c.principal)) c.socket.close(4001, 'signed out');
  }

  close() {
    this.stopAnnounce();
    for (const f of this.feeds.values()) for (const c of f.connections) c.socket.close(1001, 'server shutting down');
  }
}
