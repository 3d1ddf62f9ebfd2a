import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';

const bin = path.resolve('bin/tawasul.mjs');
const external = process.env.TEST_DATABASE_URL;
const started: ChildProcess[] = [];

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `tawasul start` and resolves once it prints its URL. */
async function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'start'], { env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Tawasul is running')) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
  return { child, output: () => out, exited };
}

function cli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 60_000 });
}

async function signIn(port: number, email: string, password: string) {
  return fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
}

afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe.runIf(!external)('the product on its embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tawasul-proc-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, seeds the demo, refuses a second copy, survives a kill, and its CLI manages accounts', async () => {
    const [port, port2, pgPort] = [await freePort(), await freePort(), await freePort()];
    const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DEMO_PASSWORD: 'demo-password-1' };
    const first = await start(env);
    expect(first.output()).toMatch(/admin@demo\.tawasul\.test/);
    expect(first.output()).toMatch(/agent6@demo\.tawasul\.test/);
    const res = await signIn(port, 'admin@demo.tawasul.test', 'demo-password-1');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const users = await (await fetch(`http://127.0.0.1:${port}/api/users?limit=50`, { headers: { cookie } })).json();
    expect(users.items.filter((u: { role: string }) => u.role === 'agent').length).toBeGreaterThanOrEqual(6);

    // A second copy on the same data directory refuses with a clear message.
    const second = cli(['start'], { ...env, PORT: String(port2) });
    expect(second.status).not.toBe(0);
    expect(second.stderr).toMatch(/already using/);

    // Killed outright: its PostgreSQL is left behind, and the next command cleans up after it.
    const pgPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(pgPid)).toBe(true);

    const admin = cli(['create-admin', 'owner@acme.test', 'Acme Owner', 'Acme'], { ...env, TAWASUL_PASSWORD: 'owner-password-1' });
    expect(admin.status, admin.stderr).toBe(0);
    expect(admin.stdout).toMatch(/Created admin owner@acme\.test/);
    expect(alive(pgPid)).toBe(false);
    const reset = cli(['reset-password', 'agent1@demo.tawasul.test'], env);
    expect(reset.status, reset.stderr).toBe(0);
    const newPassword = /shown once\): (\S+)/.exec(reset.stdout)![1]!;

    const again = await start(env);
    expect(again.output()).not.toMatch(/Demo workspace seeded/); // seeded once only
    expect((await signIn(port, 'owner@acme.test', 'owner-password-1')).status).toBe(200);
    expect((await signIn(port, 'agent1@demo.tawasul.test', 'demo-password-1')).status).toBe(401);
    expect((await signIn(port, 'agent1@demo.tawasul.test', newPassword)).status).toBe(200);

    // SIGTERM: a clean stop, with the embedded PostgreSQL stopped too.
    const pid2 = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(alive(pid2)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 180_000);

  it('rejects a bad setting with a clear message', () => {
    const r = cli(['start'], { DATA_DIR: dataDir, EMBEDDED_PG_PORT: '5432' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/EMBEDDED_PG_PORT: must not be 5432/);
  });
});

describe.runIf(!!external)('the product on an external PostgreSQL (DATABASE_URL)', () => {
  it('migrates a fresh database, seeds the demo when asked and serves sign-ins', async () => {
    const url = new URL(external!);
    url.pathname = `/tawasul_proc_${Date.now().toString(36)}`;
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tawasul-proc-ext-'));
    const s = await start({ DATABASE_URL: url.toString(), DATA_DIR: dataDir, PORT: String(port), SEED_DEMO: 'true', DEMO_PASSWORD: 'demo-password-1' });
    expect(s.output()).toMatch(/Database: DATABASE_URL/);
    expect((await signIn(port, 'supervisor@demo.tawasul.test', 'demo-password-1')).status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const admin = new URL(external!);
    spawnSync('psql', [admin.toString(), '-c', `DROP DATABASE IF EXISTS ${url.pathname.slice(1)} WITH (FORCE)`]);
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});
