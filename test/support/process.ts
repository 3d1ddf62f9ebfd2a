import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const bin = path.resolve('bin/tawasul.mjs');

export interface ProductProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Runs `tawasul start` as a real process and resolves once it prints its URL. */
export async function startProduct(env: Record<string, string>, timeoutMs = 90_000): Promise<ProductProcess> {
  // PRODUCT_NODE_ARGS adds Node flags to the product process (e.g. --cpu-prof when profiling a bench).
  const nodeArgs = (process.env.PRODUCT_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, bin, 'start'], { env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => {
    running.delete(child);
    r(code);
  }));
  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`no start within ${timeoutMs} ms: ${out}`)), timeoutMs);
    const timer = setInterval(() => {
      if (out.includes('Tawasul is running')) {
        clearInterval(timer);
        clearTimeout(deadline);
        resolve();
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      clearTimeout(deadline);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
  return {
    child, output: () => out, exited,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Kills every product process a test started and left running. */
export function killAll() {
  for (const c of running) c.kill('SIGKILL');
}

/** A signed-in HTTP client over fetch (cookie + CSRF), for tests against real processes. */
export async function signIn(base: string, email: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
  const body = await res.json();
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const call = async (method: string, url: string, data?: unknown, at = base) => {
    const r = await fetch(`${at}${url}`, {
      method, headers: { cookie, 'x-csrf-token': body.csrfToken, ...(data === undefined ? {} : { 'content-type': 'application/json' }) },
      body: data === undefined ? undefined : JSON.stringify(data),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return { user: body.user as { id: string; email: string }, cookie, call };
}
