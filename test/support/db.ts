import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { connect, withDatabase, type Database } from '../../server/platform/db/index.js';

/** A fresh, migrated database for one test file, cloned from the run's template. */
export async function createTestDatabase(): Promise<Database> {
  const templateUrl = inject('templateUrl');
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const admin = connect(withDatabase(templateUrl, 'postgres'), 1);
  try {
    await admin.pool.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.close();
  }
  return connect(withDatabase(templateUrl, name), 5, { strictTransactions: true });
}
