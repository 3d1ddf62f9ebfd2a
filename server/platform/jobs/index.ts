import PgBoss from 'pg-boss';
import type { Tx } from '../db/index.js';
import type { Logger } from '../logger.js';

export const JOBS_SCHEMA = 'pgboss';

/** How a kind of job is retried: attempts after the first, seconds between them, growing when `backoff`. */
export type JobPolicy = { retryLimit: number; retryDelaySeconds: number; backoff: boolean; expireInSeconds?: number };
export type JobInfo = { id: string; retryCount: number; retryLimit: number };
export type JobHandler<T> = (data: T, job: JobInfo) => Promise<void>;

const defaultPolicy: JobPolicy = { retryLimit: 8, retryDelaySeconds: 5, backoff: true, expireInSeconds: 300 };

/** pg-boss runs plain SQL with `$n` parameters; inside a transaction it must use the transaction's connection. */
function txExecutor(tx: Tx) {
  const client = (tx as unknown as { session?: { client?: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } } }).session?.client;
  if (!client) throw new Error('Jobs: cannot reach the transaction\'s connection');
  return { executeSql: (text: string, values: unknown[] = []) => client.query(text, values) };
}

/**
 * Durable background jobs (outbound sends with retry, scheduled work) on pg-boss in the same PostgreSQL.
 * Modules declare a kind of job and its worker at registration; the runner starts when the server is
 * ready. A job queued inside a transaction exists only if the transaction commits.
 */
export class Jobs {
  private boss: PgBoss | undefined;
  private started: Promise<void> | undefined;
  private kinds = new Map<string, { policy: JobPolicy; handler?: JobHandler<never> }>();
  private workerIds = new Map<string, string>();

  constructor(private databaseUrl: string, private log: Logger) {}

  /** Declares a kind of job, optionally with the worker that runs it (in every server process). */
  define<T extends object>(name: string, policy: Partial<JobPolicy> = {}, handler?: JobHandler<T>) {
    this.kinds.set(name, { policy: { ...defaultPolicy, ...policy }, handler: handler as JobHandler<never> | undefined });
  }

  /** Queues a job; with `tx` it commits or rolls back with that transaction. */
  async send(name: string, data: object, opts: { tx?: Tx; singletonKey?: string; startAfter?: Date } = {}) {
    const boss = await this.ready();
    const id = await boss.send(name, data, {
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      ...(opts.tx ? { db: txExecutor(opts.tx) } : {}),
    });
    this.wake(name);
    return id;
  }

  /** Wakes the local worker of a kind at once instead of at its next poll. */
  wake(name: string) {
    const id = this.workerIds.get(name);
    if (id && this.boss) this.boss.notifyWorker(id);
  }

  start() {
    this.started ??= this.run();
    return this.started;
  }

  private async ready() {
    await this.start();
    return this.boss!;
  }

  private async run() {
    const boss = new PgBoss({ connectionString: this.databaseUrl, schema: JOBS_SCHEMA, max: 4, application_name: 'tawasul-jobs' });
    boss.on('error', (e) => this.log.error({ err: e }, 'job runner error'));
    await boss.start();
    this.boss = boss;
    for (const [name, { policy, handler }] of this.kinds) {
      await boss.createQueue(name, {
        name, retryLimit: policy.retryLimit, retryDelay: policy.retryDelaySeconds, retryBackoff: policy.backoff,
        ...(policy.expireInSeconds ? { expireInSeconds: policy.expireInSeconds } : {}),
      });
      if (!handler) continue;
      const id = await boss.work<object>(name, { pollingIntervalSeconds: 1, batchSize: 1, includeMetadata: true }, async ([job]) => {
        if (!job) return;
        await handler(job.data as never, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit });
      });
      this.workerIds.set(name, id);
    }
  }

  async stop() {
    if (!this.started) return;
    await this.started.catch(() => {});
    await this.boss?.stop({ graceful: true, wait: true, timeout: 5_000 });
  }
}

/** SQL that creates the job tables, so a migrated database needs no work at the first start. */
export const jobTablesSql = () => PgBoss.getConstructionPlans(JOBS_SCHEMA);
