import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildServer, type Server } from '../../server/app.js';
import { loadConfig } from '../../server/platform/config/index.js';
import type { Database } from '../../server/platform/db/index.js';
import { createLogger } from '../../server/platform/logger.js';
import type { Role } from '../../server/platform/auth/index.js';
import { createTestDatabase } from './db.js';

export const PASSWORD = 'correct-horse-battery';

export interface TestServer {
  server: Server;
  database: Database;
  url?: string;
  /** Creates a workspace with one user of each role; returns signed-in clients. */
  workspace(name: string): Promise<TestWorkspace>;
  close(): Promise<void>;
}

export interface TestWorkspace {
  id: string;
  admin: Client;
  supervisor: Client;
  agent: Client;
  user(role: Role, email?: string): Promise<Client>;
}

/** An HTTP client signed in as one user (cookie + CSRF header), over Fastify's inject. */
export interface Client {
  userId: string;
  email: string;
  cookie: string;
  csrf: string;
  request(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export async function login(server: Server, email: string, password = PASSWORD): Promise<Client> {
  const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'tawasul_session')!.value;
  const body = res.json();
  const client: Client = {
    userId: body.user.id, email, cookie: `tawasul_session=${cookie}`, csrf: body.csrfToken,
    request: (method, url, payload, headers = {}) => server.app.inject({
      method, url, headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, ...headers },
      ...(payload === undefined ? {} : typeof payload === 'string' || Buffer.isBuffer(payload) ? { payload } : { payload: payload as object }),
    }),
    get: (url) => client.request('GET', url),
    post: (url, b) => client.request('POST', url, b ?? {}),
    patch: (url, b) => client.request('PATCH', url, b ?? {}),
    put: (url, b) => client.request('PUT', url, b ?? {}),
    delete: (url) => client.request('DELETE', url),
  };
  return client;
}

let counter = 0;

/** A full server (all modules) on a fresh database; no port unless `listen` is set. */
export async function createTestServer(opts: { listen?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tawasul-test-data-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', SMTP_PORT: '0', ...opts.env });
  const server = await buildServer({ config, database, log: createLogger(process.env.TEST_LOG_LEVEL as 'silent' ?? 'silent'), serveWeb: false });
  let url: string | undefined;
  if (opts.listen) {
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = server.app.server.address() as { port: number };
    url = `http://127.0.0.1:${addr.port}`;
  }
  return {
    server, database, url,
    async workspace(name) {
      const ws = await server.identity.createWorkspace({ name, slug: `${name.toLowerCase().replace(/\W+/g, '-')}-${++counter}-${Date.now().toString(36)}` });
      const user = async (role: Role, email = `${role}${++counter}@${ws.slug}.test`) => {
        await server.identity.createUser(null, ws.id, { email, name: `${role} ${counter}`, role, password: PASSWORD });
        return login(server, email);
      };
      return { id: ws.id, admin: await user('admin'), supervisor: await user('supervisor'), agent: await user('agent'), user };
    },
    async close() {
      await server.close();
      await database.close();
    },
  };
}
