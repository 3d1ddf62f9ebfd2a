import { parseArgs } from 'node:util';
import { defaultOptions, simulate } from './run.js';

const help = `Usage: tawasul simulate [options]   (drives a running server; demo sign-ins by default)

  --url URL              server (default http://localhost:$PORT or 3000)
  --rate N               customers arriving per minute, Poisson (default ${defaultOptions.ratePerMinute})
  --duration S           seconds of arrivals (default ${defaultOptions.durationSeconds})
  --drain S              seconds agents keep working after arrivals stop (default ${defaultOptions.drainSeconds})
  --agents N             demo agents to play: agent1 … agentN@demo.tawasul.test (default 6)
  --agent-emails A,B     other agents to play instead (same password)
  --admin EMAIL          who opens contacts (default admin@demo.tawasul.test)
  --password P           password of those users (default DEMO_PASSWORD)
  --handle S             mean handle time, seconds (log-normal; default ${defaultOptions.handleSeconds})
  --wrap S               mean after-contact work (default ${defaultOptions.wrapSeconds})
  --patience S           mean customer patience in queue (exponential; default ${defaultOptions.patienceSeconds})
  --channels a,b         channels of arrivals (default ${defaultOptions.channels.join(',')})
  --seed N               random seed
Prints one JSON line of counts at the end.`;

/** `tawasul simulate`: runs the simulator from the command line. */
export async function simulateCli(args: string[], print: (s: string) => void) {
  const { values: v } = parseArgs({
    args, options: {
      url: { type: 'string' }, rate: { type: 'string' }, duration: { type: 'string' }, drain: { type: 'string' }, agents: { type: 'string' },
      'agent-emails': { type: 'string' }, admin: { type: 'string' }, password: { type: 'string' }, handle: { type: 'string' }, wrap: { type: 'string' },
      patience: { type: 'string' }, channels: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' }, quiet: { type: 'boolean' },
    },
  });
  if (v.help) return print(help);
  const num = (s: string | undefined, d: number, name: string) => {
    if (s === undefined) return d;
    const n = Number(s);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0`);
    return n;
  };
  const password = v.password ?? process.env.DEMO_PASSWORD;
  if (!password) throw new Error('Give --password or set DEMO_PASSWORD (the demo users\' password)');
  const emails = v['agent-emails']?.split(',').map((s) => s.trim()).filter(Boolean)
    ?? Array.from({ length: num(v.agents, 6, 'agents') }, (_, i) => `agent${i + 1}@demo.tawasul.test`);
  const stats = await simulate({
    url: (v.url ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, ''),
    admin: { email: v.admin ?? 'admin@demo.tawasul.test', password },
    agents: emails.map((email) => ({ email, password })),
    ratePerMinute: num(v.rate, defaultOptions.ratePerMinute, 'rate'),
    durationSeconds: num(v.duration, defaultOptions.durationSeconds, 'duration'),
    drainSeconds: num(v.drain, defaultOptions.drainSeconds, 'drain'),
    handleSeconds: num(v.handle, defaultOptions.handleSeconds, 'handle'),
    wrapSeconds: num(v.wrap, defaultOptions.wrapSeconds, 'wrap'),
    patienceSeconds: num(v.patience, defaultOptions.patienceSeconds, 'patience'),
    channels: v.channels?.split(',').map((s) => s.trim()).filter(Boolean) ?? defaultOptions.channels,
    seed: num(v.seed, defaultOptions.seed, 'seed'),
    log: v.quiet ? () => {} : (line) => process.stderr.write(`${line}\n`),
  });
  print(JSON.stringify(stats));
}
