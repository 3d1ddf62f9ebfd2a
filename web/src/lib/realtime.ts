/**
 * Realtime client: one websocket per tab to `GET /api/realtime` (same-origin cookie), shared by every
 * screen. Screens subscribe to topics (`user:<id>`, `supervisors`, `interaction:<id>` …); the socket
 * opens with the first subscription and closes a moment after the last one goes. A dropped socket
 * reconnects with exponential backoff and resumes from the last event it handled (`lastEventId`), so
 * the server replays what was missed, each event once and in order.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';

export interface RealtimeEvent<P = unknown> {
  id: number;
  topic: string;
  type: string;
  payload: P;
  at: string;
}

export type RealtimeHandler = (event: RealtimeEvent) => void;

/** `connecting` before the first open and while waiting to reconnect; `open` once subscribed. */
export type RealtimeStatus = 'idle' | 'connecting' | 'open';

type ServerMessage =
  | ({ kind: 'event' } & RealtimeEvent)
  | { kind: 'subscribed'; topics: string[]; denied: string[]; lastEventId?: number }
  | { kind: 'pong' }
  | { kind: 'error'; code: string; message: string };

interface Options {
  url?: () => string;
  /** Delay before reconnect attempt n (0-based): exponential with jitter, capped. */
  backoff?: (attempt: number) => number;
  /** How long to keep an unused socket open (covers React StrictMode and quick route changes). */
  idleCloseMs?: number;
  pingMs?: number;
  createSocket?: (url: string) => WebSocket;
}

const defaultUrl = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/realtime`;
export const defaultBackoff = (attempt: number) => Math.min(30_000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);

export class RealtimeClient {
  private socket: WebSocket | null = null;
  private handlers = new Map<string, Set<RealtimeHandler>>();
  private lastEventId: number | undefined;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private statusValue: RealtimeStatus = 'idle';
  private statusListeners = new Set<() => void>();
  /** Bumped on every successful (re)subscription; screens refetch when it changes after the first. */
  private generation = 0;
  private options: Required<Options>;

  constructor(options: Options = {}) {
    this.options = {
      url: options.url ?? defaultUrl,
      backoff: options.backoff ?? defaultBackoff,
      idleCloseMs: options.idleCloseMs ?? 2_000,
      pingMs: options.pingMs ?? 25_000,
      createSocket: options.createSocket ?? ((url) => new WebSocket(url)),
    };
  }

  get status(): RealtimeStatus {
    return this.statusValue;
  }

  /** How many times the socket has been (re)subscribed; 1 after the first connection. */
  get connections(): number {
    return this.generation;
  }

  /** The id of the last event handled: where a reconnect resumes. */
  get lastId(): number | undefined {
    return this.lastEventId;
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Calls `handler` for every event on `topics` until the returned function is called. */
  subscribe(topics: string[], handler: RealtimeHandler): () => void {
    const added: string[] = [];
    for (const topic of new Set(topics)) {
      let set = this.handlers.get(topic);
      if (!set) {
        set = new Set();
        this.handlers.set(topic, set);
        added.push(topic);
      }
      set.add(handler);
    }
    clearTimeout(this.idleTimer);
    if (!this.socket && this.reconnectTimer === undefined) this.connect();
    else if (added.length) this.send({ type: 'subscribe', topics: added }); // no-op while opening: onopen sends all

    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const removed: string[] = [];
      for (const topic of new Set(topics)) {
        const set = this.handlers.get(topic);
        if (!set) continue;
        set.delete(handler);
        if (set.size === 0) {
          this.handlers.delete(topic);
          removed.push(topic);
        }
      }
      if (removed.length) this.send({ type: 'unsubscribe', topics: removed });
      if (this.handlers.size === 0) {
        clearTimeout(this.idleTimer);
        this.idleTimer = setTimeout(() => this.close(), this.options.idleCloseMs);
      }
    };
  }

  /** Drops the socket and forgets the resume position (sign-out, or nobody listening any more). */
  close() {
    clearTimeout(this.idleTimer);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.stopPing();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      if (socket.readyState <= 1) socket.close(1000, 'closed by client');
    }
    this.lastEventId = undefined;
    this.attempt = 0;
    this.setStatus('idle');
  }

  /**
   * Starts over with a fresh socket and no resume position: the server binds a socket to the session it
   * was opened with, so sign-in and sign-out must not reuse it.
   */
  restart() {
    this.close();
    if (this.handlers.size > 0) this.connect();
  }

  /** Closes the current socket as if the network had dropped it (for tests and "reconnect now"). */
  dropConnection() {
    this.socket?.close(4000, 'dropped by client');
  }

  private setStatus(status: RealtimeStatus) {
    if (status === this.statusValue) return;
    this.statusValue = status;
    for (const l of this.statusListeners) l();
  }

  private send(msg: unknown) {
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify(msg));
  }

  private connect() {
    this.reconnectTimer = undefined;
    if (this.handlers.size === 0) return;
    this.setStatus('connecting');
    let socket: WebSocket;
    try {
      socket = this.options.createSocket(this.options.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const msg: { type: 'subscribe'; topics: string[]; lastEventId?: number } = { type: 'subscribe', topics: [...this.handlers.keys()] };
      if (this.lastEventId !== undefined) msg.lastEventId = this.lastEventId;
      socket.send(JSON.stringify(msg));
      this.startPing();
    };
    socket.onmessage = (e) => this.receive(e.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.stopPing();
      this.scheduleReconnect();
    };
    // An error is always followed by close, which reconnects.
    socket.onerror = () => undefined;
  }

  private scheduleReconnect() {
    if (this.handlers.size === 0) {
      this.close();
      return;
    }
    this.setStatus('connecting');
    const delay = this.options.backoff(this.attempt);
    this.attempt += 1;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private receive(raw: unknown) {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(raw)) as ServerMessage;
    } catch {
      return;
    }
    if (msg.kind === 'event') {
      // Replay and live delivery never overlap on the server; this guards against a duplicate anyway.
      if (this.lastEventId !== undefined && msg.id <= this.lastEventId) return;
      this.lastEventId = msg.id;
      const event: RealtimeEvent = { id: msg.id, topic: msg.topic, type: msg.type, payload: msg.payload, at: msg.at };
      for (const handler of [...(this.handlers.get(msg.topic) ?? [])]) {
        try {
          handler(event);
        } catch (error) {
          console.error('realtime handler failed', error);
        }
      }
    } else if (msg.kind === 'subscribed') {
      // The server's position: nothing before it is owed to us, so a later resume starts there.
      if (typeof msg.lastEventId === 'number' && (this.lastEventId === undefined || msg.lastEventId > this.lastEventId)) {
        this.lastEventId = msg.lastEventId;
      }
      if (this.statusValue !== 'open') {
        this.attempt = 0;
        this.generation += 1;
        this.setStatus('open');
      }
    }
  }

  private startPing() {
    this.stopPing();
    this.pingTimer = setInterval(() => this.send({ type: 'ping' }), this.options.pingMs);
  }

  private stopPing() {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }
}

/** The tab's one client. */
export const realtime = new RealtimeClient();

if (typeof window !== 'undefined') {
  // A handle for end-to-end tests and debugging in the console; no secrets in it.
  (window as unknown as { __tawasulRealtime?: RealtimeClient }).__tawasulRealtime = realtime;
}

/**
 * Calls `handler` for every event on `topics` while the component is mounted. The handler may change on
 * every render; only a change of topics resubscribes. Pass an empty list to listen to nothing.
 */
export function useRealtime(topics: readonly string[], handler: RealtimeHandler) {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  const key = [...new Set(topics)].sort().join('\n');
  useEffect(() => {
    if (!key) return;
    return realtime.subscribe(key.split('\n'), (event) => ref.current(event));
  }, [key]);
}

/** The connection state, and how many times it has (re)connected, for "live"/"reconnecting" hints and refetching. */
export function useRealtimeStatus(): { status: RealtimeStatus; connections: number } {
  const status = useSyncExternalStore((l) => realtime.onStatus(l), () => realtime.status);
  const connections = useSyncExternalStore((l) => realtime.onStatus(l), () => realtime.connections);
  return { status, connections };
}
