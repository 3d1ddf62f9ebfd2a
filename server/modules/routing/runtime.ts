import pg from 'pg';
import type { Logger } from '../../platform/logger.js';
import { WorkspaceRouter, type RouterDeps } from './router.js';
import * as store from './store.js';

const CLAIM_EVERY_MS = 1_000;

/**
 * Decides which server process routes which workspace. Each workspace has a PostgreSQL advisory lock
 * held on one dedicated connection; the process holding it routes the workspace. When that process
 * dies its connection closes, the lock is freed, and another process takes over within a second.
 */
export class RoutingRuntime {
  private client?: pg.Client;
  private routers = new Map<string, WorkspaceRouter>();
  private timer?: NodeJS.Timeout;
  private claiming = false;
  private stopped = false;

  constructor(private deps: RouterDeps & { log: Logger }, private url: string) {}

  /** The router of a workspace, when this process owns it. */
  router(workspaceId: string) {
    return this.routers.get(workspaceId);
  }

  owned() {
    return [...this.routers.keys()];
  }

  async start() {
    await this.claim();
    this.timer = setInterval(() => void this.claim(), CLAIM_EVERY_MS);
  }

  private async connect() {
    // Named, so operators (and tests) can see which server process routes which workspace in pg_locks.
    const client = new pg.Client({ connectionString: this.url, application_name: `tawasul-routing-${process.pid}` });
    client.on('error', (err) => {
      this.deps.log.warn({ err }, 'routing lock connection lost; releasing owned workspaces');
      void this.release();
    });
    await client.connect();
    this.client = client;
  }

  private async release() {
    const routers = [...this.routers.values()];
    this.routers.clear();
    const c = this.client;
    this.client = undefined;
    await Promise.all(routers.map((r) => r.stop()));
    await c?.end().catch(() => {});
  }

  private async claim() {
    if (this.claiming || this.stopped) return;
    this.claiming = true;
    try {
      if (!this.client) await this.connect();
      for (const id of await store.listWorkspaceIds(this.deps.db)) {
        if (this.routers.has(id) || this.stopped) continue;
        const { rows } = await this.client!.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext('routing'), hashtext($1)) AS ok", [id]);
        if (!rows[0]?.ok) continue;
        const router = new WorkspaceRouter(this.deps, id);
        this.routers.set(id, router);
        await router.start();
        this.deps.log.info({ workspaceId: id }, 'routing this workspace');
      }
    } catch (err) {
      this.deps.log.warn({ err }, 'routing claim failed; will retry');
    } finally {
      this.claiming = false;
    }
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.timer);
    while (this.claiming) await new Promise((r) => setTimeout(r, 20));
    await this.release();
  }
}
