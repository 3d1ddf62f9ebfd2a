import http from 'node:http';

export interface Session {
  /** Cookie header value: `tawasul_session=<token>`. */
  cookie: string;
  csrf: string;
}

export interface Reply {
  status: number;
  body: string;
}

/**
 * A lean JSON client over node:http with keep-alive sockets shared by every simulated user (the
 * session travels in the cookie, so one socket pool serves all of them).
 */
export function httpClient(base: string, maxSockets = 64) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
  const request = (method: string, path: string, session: Session, data?: unknown, timeoutMs = 30_000) =>
    new Promise<Reply>((resolve, reject) => {
      const body = data === undefined ? undefined : JSON.stringify(data);
      const headers: http.OutgoingHttpHeaders = { cookie: session.cookie, 'x-csrf-token': session.csrf };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  return { request, close: () => agent.destroy() };
}
