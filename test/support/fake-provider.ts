import { createServer, type IncomingMessage, type Server } from 'node:http';

/** One request a fake provider received, with its raw body. */
export type Recorded = { method: string; path: string; query: URLSearchParams; headers: IncomingMessage['headers']; body: Buffer; json(): any; text(): string };
export type Reply = { status?: number; json?: unknown; body?: string | Buffer; headers?: Record<string, string> };

/**
 * A local HTTP server standing in for a provider's cloud API (Telegram, Meta, Twilio): it records every
 * request exactly as sent and answers with what the test's handler returns. Loopback only.
 */
export class FakeProvider {
  readonly requests: Recorded[] = [];
  private server: Server;
  url = '';

  constructor(private handler: (r: Recorded) => Reply | Promise<Reply>) {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const u = new URL(req.url ?? '/', 'http://fake');
      const body = Buffer.concat(chunks);
      const rec: Recorded = {
        method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body,
        json: () => JSON.parse(body.toString('utf8')), text: () => body.toString('utf8'),
      };
      this.requests.push(rec);
      try {
        const r = await this.handler(rec);
        const payload = r.json !== undefined ? JSON.stringify(r.json) : (r.body ?? '');
        res.writeHead(r.status ?? 200, { ...(r.json !== undefined ? { 'content-type': 'application/json' } : {}), ...r.headers });
        res.end(payload);
      } catch (e) {
        res.writeHead(599).end(String(e));
      }
    });
  }

  setHandler(h: (r: Recorded) => Reply | Promise<Reply>) {
    this.handler = h;
  }

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
