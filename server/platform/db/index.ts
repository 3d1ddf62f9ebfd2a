import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { JOBS_SCHEMA, jobTablesSql } from '../jobs/index.js';
import * as schema from './schema.js';

export { schema };
export type Db = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction: stores accept either. */
export type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// int8 (bigserial, count(*)) as number: ids and counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * The node-postgres client behind a handle: the pool for the database, the transaction's own connection
 * for a transaction. For hot paths that send fixed, named (prepared) statements without query building.
 */
export function rawClient(db: Tx): pg.Pool | pg.PoolClient {
  const session = (db as unknown as { session?: { client?: pg.Pool | pg.PoolClient } }).session;
  const client = session?.client ?? (db as unknown as { $client?: pg.Pool }).$client;
  if (!client) throw new Error('rawClient: not a node-postgres handle');
  return client;
}

const inTransaction = new AsyncLocalStorage<true>();

/** Runs `fn` (and the timers and promises it starts) as work of its own, not of the transaction it is called in. */
export const outsideTransaction = <T>(fn: () => T): T => inTransaction.exit(fn);

/**
 * A pool of `max` connections. With `strictTransactions` (the tests), code that asks the pool for a
 * connection while it holds a transaction's fails at once: under load every connection can end up held
 * by a transaction waiting for a second one, and the server stops. Pass the transaction instead, or do
 * that work before or after it.
 */
export function connect(url: string, max = 20, opts: { strictTransactions?: boolean } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {}); // an idle client lost with the server; the pool replaces it
  const db = drizzle(pool, { schema });
  if (opts.strictTransactions) {
    const transaction = db.transaction.bind(db);
    db.transaction = ((fn, config) => transaction((tx) => inTransaction.run(true, () => fn(tx)), config)) as Db['transaction'];
    const guard = <F extends (...args: never[]) => unknown>(f: F) => function (this: pg.Pool, ...args: Parameters<F>) {
      if (inTransaction.getStore()) throw new Error('The pool was asked for a connection inside a transaction: use the transaction, or run this before or after it');
      return f.apply(this, args);
    };
    pool.query = guard(pool.query) as typeof pool.query;
    pool.connect = guard(pool.connect) as typeof pool.connect;
  }
  return { db, pool, url, close: () => pool.end() };
}

/** Brings the schema up to date; safe to run from several processes at once (migrations take a lock). */
export async function runMigrations(database: Database) {
  const client = await database.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7412001)');
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await migrate(drizzle(client, { schema }), { migrationsFolder });
    const { rows } = await client.query(`SELECT to_regclass('${JOBS_SCHEMA}.version') AS t`);
    if (!rows[0].t) await client.query(jobTablesSql());
  } finally {
    await client.query('SELECT pg_advisory_unlock(7412001)').catch(() => {});
    client.release();
  }
}

/** Replaces the database name in a connection URL. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates the database the URL names if it does not exist yet. */
export async function ensureDatabase(url: string) {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}
