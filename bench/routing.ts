// `npm run bench:routing`: the engine-only bench, then the end-to-end bench, each in its own process;
// prints ONE JSON line merging both (engine keys prefixed `engine_`). Arguments after `--` go to the
// end-to-end bench (e.g. `npm run bench:routing -- --rate=100 --duration=10`). Exit code: the first
// non-zero code of the two (1 = lost, doubled or 5xx in the e2e bench; 2 = a bench failed to run).
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function run(file: string, args: string[]): Promise<{ code: number; json?: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', file), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code, signal) => {
      const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      let json: Record<string, unknown> | undefined;
      try {
        json = line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? (signal ? 2 : 0), json });
    });
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => child.kill(sig));
  });
}

const engine = await run('routing-engine.ts', []);
const e2e = await run('routing-e2e.ts', process.argv.slice(2));
const merged: Record<string, unknown> = { bench: 'routing' };
for (const [k, v] of Object.entries(engine.json ?? {})) if (k !== 'bench') merged[k.startsWith('engine_') ? k : `engine_${k}`] = v;
for (const [k, v] of Object.entries(e2e.json ?? {})) if (k !== 'bench') merged[k] = v;
if (!engine.json) merged.engine_error = `engine bench exited ${engine.code} without a result`;
if (!e2e.json) merged.e2e_error = `e2e bench exited ${e2e.code} without a result`;
console.log(JSON.stringify(merged));
process.exit(engine.code || e2e.code || (engine.json && e2e.json ? 0 : 2));
