/**
 * End-to-end support: starts the real product (server + database + built web app) as a child process
 * and drives Debian's Chromium through playwright-core. No browser downloads: CHROMIUM_PATH or /usr/bin/chromium.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_PASSWORD = 'e2e-Demo-pass-2024!';
export const demoUsers = {
  admin: 'admin@demo.tawasul.test',
  supervisor: 'supervisor@demo.tawasul.test',
  agent1: 'agent1@demo.tawasul.test',
} as const;

const startTimeoutMs = 120_000;
const stopTimeoutMs = 30_000;

/** A port the OS just handed out, so nothing else is listening there. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The test runner builds the web app first; this covers running one file by hand. */
export function ensureWebBuilt() {
  if (existsSync(path.join(root, 'dist', 'web', 'index.html'))) return;
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'vite'), ['build', '--config', 'web/vite.config.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`web build failed (exit ${result.status})`);
}

export interface Product {
  baseUrl: string;
  stop(): Promise<void>;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${output()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the server was not healthy within ${startTimeoutMs / 1000} s:\n${output()}`);
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function dropDatabase(url: string) {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } catch {
    // best effort: a leftover test database is harmless
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts `tsx server/main.ts start` on fresh ports and a fresh data directory with the demo seed. */
export async function startProduct(): Promise<Product> {
  ensureWebBuilt();
  const port = await freePort();
  let pgPort = await freePort();
  while (pgPort === 5432 || pgPort === port || pgPort < 1024) pgPort = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-e2e-'));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    SEED_DEMO: 'true',
    DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
  };
  let databaseUrl: string | undefined;
  if (process.env.TEST_DATABASE_URL) {
    const u = new URL(process.env.TEST_DATABASE_URL);
    u.pathname = `/tawasul_e2e_${randomBytes(6).toString('hex')}`;
    databaseUrl = u.toString();
    env.DATABASE_URL = databaseUrl;
  } else {
    delete env.DATABASE_URL;
  }

  // Own process group, so a stuck server (and its embedded PostgreSQL) can be killed as a whole.
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['server/main.ts', 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (process.env.E2E_SERVER_LOG) child.stderr?.pipe(process.stderr);

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, stopTimeoutMs)) && child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await waitForExit(child, 5_000);
      }
    }
    await rm(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropDatabase(databaseUrl);
  };

  try {
    await waitForHealth(baseUrl, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A fresh, English, desktop-sized browser profile (no cookies, no stored language). */
export function newContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, locale: 'en-US', viewport: { width: 1280, height: 800 } });
}

/** Signs in through the login screen (labels in English: a fresh context starts in English). */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-menu').waitFor();
}

export interface E2E {
  /** The running product; available from the first beforeAll on. */
  readonly product: Product;
  /** The shared Chromium; available from the first beforeAll on. */
  readonly browser: Browser;
  /** A fresh English browser profile on the product (see newContext). */
  newContext(): Promise<BrowserContext>;
  /** A fresh profile with one page, signed in through the login screen as `email`. */
  signedIn(email: string, password?: string): Promise<{ context: BrowserContext; page: Page }>;
}

/**
 * Call inside a describe block: starts the product and a browser before its tests and stops both after
 * them. Hooks of the block registered later run after these (before) and before these (after).
 */
export function withProduct(): E2E {
  let product: Product | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`the ${what} is not started yet: use it in a test or a later beforeAll`);
    return value;
  };
  const e2e: E2E = {
    get product() {
      return started(product, 'product');
    },
    get browser() {
      return started(browser, 'browser');
    },
    newContext: () => newContext(e2e.browser, e2e.product.baseUrl),
    async signedIn(email, password) {
      const context = await e2e.newContext();
      const page = await context.newPage();
      await signIn(page, email, password);
      return { context, page };
    },
  };
  return e2e;
}
