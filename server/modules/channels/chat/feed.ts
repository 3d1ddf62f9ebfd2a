import { eq } from 'drizzle-orm';
import type { WebSocket } from 'ws';
import type { Db } from '../../../platform/db/index.js';
import type { Logger } from '../../../platform/logger.js';
import type { EventBus, RealtimeEvent } from '../../../platform/realtime/index.js';
import { interactions } from '../../interactions/index.js';
import { visitorRelevant, type StaffMessage } from './domain/views.js';
import { visitorTopic, type ChatService, type Visitor } from './service.js';

interface Connection {
  socket: WebSocket;
  visitor: Visitor;
  topics: Set<string>;
}

interface Feed {
  cursor: number;
  draining: boolean;
  connections: Set<Connection>;
  chain: Promise<void>;
}

const send = (c: Connection, msg: unknown) => {
  if (c.socket.readyState === 1) c.socket.send(JSON.stringify(msg));
};

/**
 * Visitors' realtime connections: each one receives only its own conversation's events, turned into what
 * a customer may see (no notes, no staff ids). Bus events are read per workspace in order on one promise
 * chain; a connecting client first gets the messages after its `since` cursor, then everything live, so a
 * reconnect loses nothing (the client drops duplicates by message id).
 */
export class VisitorFeed {
  private feeds = new Map<string, Feed>();
  private stop: () => void;

  constructor(private db: Db, private bus: EventBus, private chat: ChatService, private log: Logger) {
    this.stop = bus.onAnnounce((ws) => this.drain(ws));
  }

  private async feed(workspaceId: string) {
    let f = this.feeds.get(workspaceId);
    if (!f) {
      f = { cursor: this.bus.watermark(), draining: false, connections: new Set(), chain: Promise.resolve() };
      this.feeds.set(workspaceId, f);
    }
    return f;
  }

  private enqueue(f: Feed, work: () => Promise<void>) {
    f.chain = f.chain.then(work).catch((err) => this.log.warn({ err }, 'visitor feed'));
    return f.chain;
  }

  private drain(workspaceId: string) {
    const f = this.feeds.get(workspaceId);
    if (!f || f.connections.size === 0 || f.draining) return;
    f.draining = true;
    void this.enqueue(f, async () => {
      f.draining = false;
      for (;;) {
        const events = await this.bus.since(workspaceId, f.cursor);
        for (const e of events) {
          f.cursor = e.id;
          for (const c of f.connections) if (c.topics.has(e.topic)) await this.deliver(c, e);
        }
        if (events.length < 1000) return;
      }
    });
  }

  private async deliver(c: Connection, e: RealtimeEvent) {
    const r = visitorRelevant(e);
    if (!r) return;
    const ws = c.visitor.account.workspaceId;
    switch (r.kind) {
      case 'message': {
        const [m] = await this.chat.visitorMessages(ws, [r.message as StaffMessage]);
        if (m) send(c, { kind: 'message', message: m });
        return;
      }
      case 'conversation':
      case 'opened': {
        // Re-read the contact, so a late event never paints a stale state.
        const id = r.kind === 'opened' ? r.interactionId : e.topic.slice('interaction:'.length);
        const [i] = await this.db.select().from(interactions).where(eq(interactions.id, id)).limit(1);
        if (!i || i.workspaceId !== ws || i.channelAccountId !== c.visitor.account.id || i.threadKey !== c.visitor.token.v) return;
        if (r.kind === 'opened') c.topics.add(`interaction:${i.id}`);
        send(c, { kind: 'conversation', conversation: await this.chat.conversationView(ws, i) });
        return;
      }
      case 'position':
        send(c, { kind: 'position', position: r.position, ewtSeconds: r.ewtSeconds });
        return;
      case 'typing':
        send(c, { kind: 'typing', typing: r.typing, name: r.name });
        return;
      case 'read':
        send(c, { kind: 'read', messageIds: r.messageIds, at: r.at });
        return;
      case 'voice.ring':
        // An agent calls the visitor back: the widget opens its call panel on this entry point.
        send(c, { kind: 'voice.ring', voiceKey: r.voiceKey });
    }
  }

  /** Serves one visitor's websocket until it closes; `since` is the last message id the client has. */
  async attach(socket: WebSocket, visitor: Visitor, since?: string) {
    const conn: Connection = { socket, visitor, topics: new Set([visitorTopic(visitor)]) };
    socket.on('message', (raw) => {
      if (String(raw).includes('"ping"')) send(conn, { kind: 'pong' });
    });
    const f = await this.feed(visitor.account.workspaceId);
    await this.enqueue(f, async () => {
      const snapshot = await this.chat.conversation(visitor, since);
      if (snapshot.conversation) conn.topics.add(`interaction:${snapshot.conversation.id}`);
      send(conn, { kind: 'hello', ...snapshot });
      if (socket.readyState > 1) return;
      f.connections.add(conn);
      socket.on('close', () => f.connections.delete(conn));
    });
    this.drain(visitor.account.workspaceId);
  }

  close() {
    this.stop();
    for (const f of this.feeds.values()) for (const c of f.connections) c.socket.close(1001, 'server shutting down');
  }
}
