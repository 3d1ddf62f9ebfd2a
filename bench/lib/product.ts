import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/support/ports.js';
import type { ProductProcess } from '../../test/support/process.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitGone = async (pid: number, ms: number) => {
  const end = Date.now() + ms;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
};

export interface BenchProduct {
  base: string;
  port: number;
  pid: number;
  /** The embedded PostgreSQL's `tawasul` database (readable once the server has started, i.e. migrated). */
  dbUrl: string;
  proc: ProductProcess;
  /** SIGTERM and wait (clean); on failure or timeout SIGKILL, stop the orphaned PostgreSQL; remove the data directory. */
  stop(clean: boolean): Promise<number | null>;
}

/**
 * Runs `tawasul start` as a real process on free loopback ports, with a fresh data directory holding its
 * own embedded PostgreSQL, no demo data, and warn-level logs.
 */
export async function startBenchProduct(extraEnv: Record<string, string> = {}): Promise<BenchProduct> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tawasul-bench-'));
  const port = await freePort();
  let pgPort = await freePort();
  while (pgPort === 5432 || pgPort === port) pgPort = await freePort();
  const pgPid = () => {
    const f = path.join(dataDir, 'pg', 'postmaster.pid');
    return existsSync(f) ? Number(readFileSync(f, 'utf8').split('\n')[0]) || undefined : undefined;
  };
  const cleanup = async (proc: ProductProcess | undefined, clean: boolean): Promise<number | null> => {
    let code: number | null = null;
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
      if (clean) {
        proc.child.kill('SIGTERM');
        const done = await Promise.race([proc.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
        if (!done) proc.child.kill('SIGKILL');
      } else proc.child.kill('SIGKILL');
      code = await proc.exited;
    } else if (proc) code = proc.child.exitCode;
    // A server killed outright leaves its PostgreSQL running: stop that one (by the pid in its own data directory).
    const pid = pgPid();
    if (pid && alive(pid)) {
      process.kill(pid, 'SIGINT');
      if (!(await waitGone(pid, 10_000))) process.kill(pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
    return code;
  };
  let proc: ProductProcess | undefined;
  // Loaded here, not at the top: it resolves bin/tawasul.mjs against the working directory when imported.
  const { startProduct, killAll } = await import('../../test/support/process.js');
  try {
    proc = await startProduct({
      DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), SEED_DEMO: 'false', LOG_LEVEL: 'warn', DATABASE_URL: '', ...extraEnv,
    }, 120_000);
  } catch (e) {
    killAll(); // a start that timed out leaves its process running
    await new Promise((r) => setTimeout(r, 500));
    await cleanup(proc, false);
    throw e;
  }
  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const p = proc;
  return {
    base: `http://127.0.0.1:${port}`, port, pid: p.child.pid!, proc: p,
    dbUrl: `postgres://tawasul:${password}@127.0.0.1:${pgPort}/tawasul`,
    stop: (clean) => cleanup(p, clean),
  };
}

const statOf = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number); // [0] = state (NaN), [1] = ppid, [11..14] = utime stime cutime cstime
  } catch {
    return undefined;
  }
};

/** CPU seconds (user + system, clock ticks of 1/100 s) of one process, from /proc (Linux); undefined elsewhere. */
export function cpuSeconds(pid: number): number | undefined {
  const f = statOf(pid);
  return f ? (f[11]! + f[12]!) / 100 : undefined;
}

/** CPU seconds of a process and all its descendants, live or reaped (e.g. the server plus its PostgreSQL and backends). */
export function treeCpuSeconds(root: number): number | undefined {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return undefined;
  }
  const children = new Map<number, number[]>();
  const stats = new Map<number, number[]>();
  for (const pid of pids) {
    const f = statOf(pid);
    if (!f) continue;
    stats.set(pid, f);
    children.set(f[1]!, [...(children.get(f[1]!) ?? []), pid]);
  }
  if (!stats.has(root)) return undefined;
  let ticks = 0;
  const walk = (pid: number) => {
    const f = stats.get(pid);
    if (f) ticks += f[11]! + f[12]! + f[13]! + f[14]!;
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return ticks / 100;
}
