import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger.js';

/** How many noted contacts one background pass recomputes per workspace before yielding the connection. */
const BATCH = 2000;
/** How often the background applier looks for noted contacts (the wallboard's 2 s budget includes this). */
const POLL_MS = 1000;

/**
 * Brings a workspace's facts and rollups up to date with every event committed so far (waits for a
 * background pass in progress). Every report and wallboard read calls it first, so reads see their writes.
 */
export async function applyPendingRollups(db: Tx, workspaceId: string): Promise<number> {
  const [r] = (await db.execute<{ n: number }>(sql`SELECT metrics_apply_pending(${workspaceId}::uuid) AS n`)).rows;
  return Number(r?.n ?? 0);
}

/**
 * Recomputes noted contacts in the background, off the writers' transactions (docs/adr/0003): each pass
 * takes the workspaces with notes and applies them in batches, skipping a workspace another applier
 * (another process, or a read) is working on. Each server process runs one; they share the work.
 */
export class RollupApplier {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private deps: { db: Tx; log: Logger }, private pollMs = POLL_MS) {}

  start() {
    this.stopped = false;
    this.schedule();
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass()
        .catch((err) => this.deps.log.warn({ err }, 'metrics rollup pass failed'))
        .finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }

  /** One pass over every workspace with noted contacts. */
  async pass() {
    const rows = (await this.deps.db.execute<{ workspace_id: string }>(sql`SELECT DISTINCT workspace_id FROM metrics_pending`)).rows;
    for (const { workspace_id: ws } of rows) {
      for (;;) {
        if (this.stopped) return;
        const [r] = (await this.deps.db.execute<{ n: number }>(sql`SELECT metrics_apply_pending(${ws}::uuid, ${BATCH}::int, false) AS n`)).rows;
        if (Number(r?.n) < BATCH) break;
      }
    }
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
