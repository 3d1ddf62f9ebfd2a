/** The public chat API of one Tawasul server (CORS, visitor token in a header; never cookies). */
export type Config = {
  name: string; languages: string[]; defaultLanguage: string;
  form: { name: Field; email: Field; phone: Field; topic: Field; language: 'off' | 'optional' };
  topics: { id: string; label: Partial<Record<string, string>>; open: boolean }[];
  color: string; colors: Partial<Record<string, string>>; position: 'right' | 'left';
  title: Partial<Record<string, string>>; greeting: Partial<Record<string, string>>; offlineMessage: Partial<Record<string, string>>;
  attachments: boolean; rating: boolean; transcript: boolean; open: boolean; closedReason: string | null;
};
type Field = 'off' | 'optional' | 'required';
export type Message = {
  id: string; from: 'visitor' | 'agent'; agentName: string | null; body: string; createdAt: string; status: string | null; readAt: string | null;
  attachments: { id: string; fileName: string; contentType: string; size: number; url: string }[];
};
export type Conversation = {
  id: string; status: string; position: number | null; ewtSeconds: number | null; agent: { firstName: string | null } | null; rated: boolean;
  /** Whether to ask for a rating now (the queue's survey rules); absent from older servers. */
  askRating?: boolean;
};

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export class Api {
  token: string | null = null;

  constructor(readonly base: string, readonly key: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers['x-chat-token'] = this.token;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.base + path, { method, headers, body: payload, credentials: 'omit', mode: 'cors' });
    if (res.status === 204) return undefined as T;
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'error', data?.error?.message ?? res.statusText);
    return data as T;
  }

  config() {
    return this.call<{ config: Config }>('GET', `/api/public/chat/${this.key}/config`).then((r) => r.config);
  }
  start(body: Record<string, unknown>) {
    return this.call<{ token: string; conversation: Conversation | null; messages: Message[] }>('POST', `/api/public/chat/${this.key}/start`, body);
  }
  offline(body: Record<string, unknown>) {
    return this.call<{ received: boolean }>('POST', `/api/public/chat/${this.key}/offline`, body);
  }
  conversation(since?: string) {
    return this.call<{ conversation: Conversation | null; messages: Message[] }>('GET', `/api/public/chat/conversation${since ? `?since=${encodeURIComponent(since)}` : ''}`);
  }
  send(text: string, clientId: string) {
    return this.call<{ message: Message | null; conversation: Conversation | null }>('POST', '/api/public/chat/messages', { text, clientId });
  }
  upload(file: File, clientId: string) {
    const form = new FormData();
    form.append('clientId', clientId);
    form.append('file', file, file.name);
    return this.call<{ message: Message | null; conversation: Conversation | null }>('POST', '/api/public/chat/attachments', form);
  }
  typing(typing: boolean) {
    return this.call<void>('POST', '/api/public/chat/typing', { typing });
  }
  read(upTo: string) {
    return this.call<unknown>('POST', '/api/public/chat/read', { upTo });
  }
  rate(score: number, comment: string) {
    return this.call<{ conversation: Conversation }>('POST', '/api/public/chat/rating', { score, comment: comment || null });
  }
  end() {
    return this.call<{ conversation: Conversation }>('POST', '/api/public/chat/end', {});
  }
  transcript(email: string) {
    return this.call<unknown>('POST', '/api/public/chat/transcript', { email });
  }

  /** The live connection; reconnects with growing pauses and resumes after the last message the caller has. */
  live(handlers: { event(e: Record<string, unknown>): void; status(s: 'open' | 'closed'): void; since(): string | undefined }) {
    let ws: WebSocket | undefined;
    let stopped = false;
    let attempt = 0;
    let ping: ReturnType<typeof setInterval> | undefined;
    const open = () => {
      if (stopped || !this.token) return;
      const token = this.token;
      ws = new WebSocket(`${this.base.replace(/^http/, 'ws')}/api/public/chat/ws`);
      ws.onopen = () => {
        // The token goes in the first message, never in the URL (URLs end up in logs).
        ws?.send(JSON.stringify({ type: 'auth', token, since: handlers.since() }));
        attempt = 0;
        handlers.status('open');
        ping = setInterval(() => ws?.readyState === 1 && ws.send('{"type":"ping"}'), 25_000);
      };
      ws.onmessage = (m) => {
        try {
          handlers.event(JSON.parse(String(m.data)));
        } catch {
          // not ours
        }
      };
      ws.onclose = (e) => {
        clearInterval(ping);
        handlers.status('closed');
        if (stopped || e.code === 4001) return;
        attempt++;
        setTimeout(open, Math.min(15_000, 500 * 2 ** Math.min(attempt, 5)));
      };
    };
    open();
    return {
      stop() {
        stopped = true;
        ws?.close();
      },
      /** Drops the connection (as a network failure would); it comes back by itself. */
      drop() {
        ws?.close();
      },
    };
  }
}
