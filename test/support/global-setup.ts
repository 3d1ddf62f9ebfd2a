import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connect, ensureDatabase, runMigrations, withDatabase } from '../../server/platform/db/index.js';
import { startEmbeddedPostgres } from '../../server/platform/db/embedded.js';
import { freePort } from './ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateUrl: string;
  }
}

/**
 * One PostgreSQL for the whole run: the embedded one by default, or TEST_DATABASE_URL (CI also runs the
 * suite on the machine's PostgreSQL 15). A migrated template database is cloned per test file.
 */
export default async function setup(project: TestProject) {
  let stop = async () => {};
  let baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), 'tawasul-test-pg-'));
    const pg = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), log: () => {} });
    baseUrl = pg.url;
    stop = async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const templateUrl = withDatabase(baseUrl, `tawasul_tpl_${process.pid}_${Date.now().toString(36)}`);
  await ensureDatabase(templateUrl);
  const database = connect(templateUrl, 2);
  await runMigrations(database);
  await database.close();
  project.provide('templateUrl', templateUrl);
  return async () => {
    const admin = connect(withDatabase(baseUrl!, 'postgres'), 1);
    const { rows } = await admin.pool.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1", [`${new URL(templateUrl).pathname.slice(1)}%`]);
    for (const r of rows) await admin.pool.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await admin.close();
    await stop();
  };
}
