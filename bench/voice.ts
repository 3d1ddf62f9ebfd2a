// `npm run bench:voice`: how many bridged calls the in-process media relay carries on this machine.
// The relay (this process) answers WebRTC legs and bridges them in pairs; two other processes play the
// callers and the agents (two synthetic werift peers per call, each sending a 20 ms Opus frame every 20 ms),
// so the relay's CPU is measured alone. Calls are added step by step until packet loss reaches 1% or
// the relay's core saturates. Prints ONE JSON line: max_calls, loss_pct, relay_cpu_pct_per_call,
// setup_p50_ms, setup_p99_ms (and the steps). Options: --step=5 --max=200 --window=5000 --host=127.0.0.1.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Bridge, mediaRoutes } from '../server/modules/voice/media/bridge.js';
import { readOggOpus } from '../server/modules/voice/media/ogg.js';
import { SyntheticPeer } from '../server/modules/voice/media/synthetic-peer.js';
import { WebRtcLeg } from '../server/modules/voice/media/webrtc-leg.js';

const arg = (name: string, def: number | string) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? (typeof def === 'number' ? Number(a.split('=')[1]) : a.split('=')[1]!) : def;
};
const STEP = arg('step', 5) as number;
const MAX = arg('max', 200) as number;
const WINDOW_MS = arg('window', 5000) as number;
const net = { host: arg('host', '127.0.0.1') as string };
const LOSS_LIMIT = 1;
const CPU_LIMIT = 90;

type ToRelay = { type: 'offer'; call: number; leg: 'c' | 'a'; sdp: string } | { type: 'grown'; setups: number[]; failures: number; failed: boolean } | { type: 'measured'; received: number; lost: number; silent: number; busy: number };
type ToPeers = { type: 'answer'; call: number; leg: 'c' | 'a'; sdp: string } | { type: 'grow'; calls: number } | { type: 'measure'; ms: number } | { type: 'stop' };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : 0;
};

/** The callers (`--peers=c`) or the agents (`--peers=a`): a separate process each, driven over IPC. */
async function peers(side: 'c' | 'a') {
  let frames: Buffer[];
  try {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-voice-')), 'tone.ogg');
    execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-ar', '48000', '-ac', '1', '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20', file]);
    frames = readOggOpus(readFileSync(file));
  } catch {
    // No ffmpeg: frames of a typical size (the relay never decodes them).
    frames = Array.from({ length: 50 }, () => Buffer.concat([Buffer.from([0x78]), Buffer.alloc(79, 7)]));
  }
  const all: SyntheticPeer[] = [];
  const waiting = new Map<string, (sdp: string) => void>();
  const send = (m: ToRelay) => process.send!(m);
  let failures = 0;
  const leg = async (call: number, which: 'c' | 'a') => {
    const t0 = performance.now();
    for (let attempt = 0; ; attempt++) {
      const p = new SyntheticPeer(net);
      const offer = await p.offer();
      const answered = new Promise<string>((r) => waiting.set(`${call}${which}`, r));
      send({ type: 'offer', call, leg: which, sdp: offer });
      await p.accept(await answered);
      try {
        await p.connected(8_000);
      } catch (err) {
        // A handshake that stalled (werift to werift, on a busy machine): counted, and the leg set up again.
        failures++;
        await p.close();
        if (attempt >= 5) throw err;
        continue;
      }
      p.play(frames);
      all.push(p);
      return performance.now() - t0;
    }
  };
  let calls = 0;
  process.on('message', async (m: ToPeers) => {
    if (m.type === 'answer') waiting.get(`${m.call}${m.leg}`)?.(m.sdp);
    else if (m.type === 'grow') {
      const setups: number[] = [];
      let setupFailed = false;
      // One call set up at a time (werift-to-werift handshakes stall when many run at once on a busy machine).
      while (calls < m.calls) {
        const batch = [];
        for (let k = 0; k < 1 && calls < m.calls; k++) {
          const n = calls++;
          batch.push(leg(n, side).then((t) => setups.push(t), () => (setupFailed = true)));
        }
        await Promise.all(batch);
      }
      send({ type: 'grown', setups, failures, failed: setupFailed });
    } else if (m.type === 'measure') {
      const at = () => all.map((p) => ({ received: p.received.packets, lost: p.received.lost }));
      const a = at();
      const elu0 = performance.eventLoopUtilization();
      await new Promise((r) => setTimeout(r, m.ms));
      const busy = performance.eventLoopUtilization(elu0).utilization * 100;
      const b = at();
      const silent = b.filter((x, i) => x.received === a[i]!.received).length;
      send({ type: 'measured', received: b.reduce((s, x, i) => s + x.received - a[i]!.received, 0), lost: b.reduce((s, x, i) => s + x.lost - a[i]!.lost, 0), silent, busy });
    } else if (m.type === 'stop') {
      await Promise.all(all.map((p) => p.close()));
      process.exit(0);
    }
  });
}

/** The relay: answers legs, bridges each call's two legs, measures its own CPU. */
async function relay() {
  const children: ChildProcess[] = (['c', 'a'] as const).map((side) => fork(import.meta.filename, [`--peers=${side}`, ...process.argv.slice(2)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const calls = new Map<number, { bridge: Bridge; legs: Partial<Record<'c' | 'a', WebRtcLeg>> }>();
  const replies = children.map(() => new Map<string, (m: ToRelay) => void>());
  children.forEach((child, k) => child.on('message', async (m: ToRelay) => {
    if (m.type === 'offer') {
      const { leg, sdp } = await WebRtcLeg.answer(m.sdp, net);
      let c = calls.get(m.call);
      if (!c) calls.set(m.call, (c = { bridge: new Bridge(), legs: {} }));
      void c.legs[m.leg]?.close(); // a leg set up again replaces the stalled one
      c.legs[m.leg] = leg;
      c.bridge.attach(m.leg === 'c' ? 'customer' : 'agent', leg);
      if (c.legs.c && c.legs.a) c.bridge.setRoutes(mediaRoutes({ bridged: true, held: false, agentMuted: false }));
      child.send({ type: 'answer', call: m.call, leg: m.leg, sdp } satisfies ToPeers);
    } else replies[k]!.get(m.type)?.(m);
  }));
  /** Asks both peer processes and merges their answers. */
  const ask = async <T extends ToRelay['type']>(m: ToPeers, reply: T) => Promise.all(children.map((child, k) => new Promise<Extract<ToRelay, { type: T }>>((r) => {
    replies[k]!.set(reply, r as (m: ToRelay) => void);
    child.send(m);
  })));

  const setups: number[] = [];
  let failures = 0;
  const steps: { calls: number; loss_pct: number; cpu_pct: number; peers_busy_pct: number; silent_streams: number }[] = [];
  let stoppedBy = 'max';
  let best: (typeof steps)[number] | undefined;
  const started = Date.now();
  for (let n = STEP; n <= MAX; n += STEP) {
    const grownBoth = await ask({ type: 'grow', calls: n }, 'grown');
    setups.push(...grownBoth.flatMap((g) => g.setups));
    failures = grownBoth.reduce((s, g) => s + g.failures, 0);
    if (grownBoth.some((g) => g.failed)) {
      stoppedBy = 'setup_failed';
      break;
    }
    await new Promise((r) => setTimeout(r, 1000)); // let the new legs settle
    const legs = [...calls.values()].flatMap((c) => Object.values(c.legs)) as WebRtcLeg[];
    const in0 = legs.map((l) => ({ n: l.stats.packetsIn, lost: l.stats.lost }));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const both = await ask({ type: 'measure', ms: WINDOW_MS }, 'measured');
    const m = { received: both.reduce((s, x) => s + x.received, 0), lost: both.reduce((s, x) => s + x.lost, 0), silent: both.reduce((s, x) => s + x.silent, 0), busy: Math.max(...both.map((x) => x.busy)) };
    const cpu = process.cpuUsage(cpu0);
    const cpuPct = ((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100;
    // Loss by sequence gaps on both hops (peer -> relay, relay -> peer); a stream that went silent is all lost.
    const relayIn = legs.reduce((s, l, i) => s + l.stats.packetsIn - in0[i]!.n, 0);
    const relayLost = legs.reduce((s, l, i) => s + l.stats.lost - in0[i]!.lost, 0);
    // A stream that delivered nothing in the window counts as a whole window of lost packets.
    const silentLost = m.silent * (WINDOW_MS / 20);
    const loss = (relayLost / Math.max(1, relayIn + relayLost) + (m.lost + silentLost) / Math.max(1, m.received + m.lost + silentLost)) * 100;
    const step = { calls: n, loss_pct: Number(loss.toFixed(3)), cpu_pct: Number(cpuPct.toFixed(1)), peers_busy_pct: Number(m.busy.toFixed(1)), silent_streams: m.silent };
    steps.push(step);
    process.stderr.write(`${JSON.stringify(step)}\n`);
    if (loss >= LOSS_LIMIT || cpuPct >= CPU_LIMIT) {
      stoppedBy = loss >= LOSS_LIMIT ? 'loss' : 'relay_cpu';
      break;
    }
    best = step;
    // The synthetic callers' process saturates before the relay on a small machine: then the limit is theirs.
    if (m.busy >= 95) {
      stoppedBy = 'generator_cpu';
      break;
    }
    if (Date.now() - started > 150_000) {
      stoppedBy = 'time'; // keep the run under ~3 minutes
      break;
    }
  }
  for (const child of children) child.send({ type: 'stop' } satisfies ToPeers);
  await Promise.all([...calls.values()].flatMap((c) => Object.values(c.legs).map((l) => l!.close())));
  const ref = best ?? steps[0] ?? { calls: 1, loss_pct: 100, cpu_pct: 0, peers_busy_pct: 0, silent_streams: 0 };
  console.log(JSON.stringify({
    bench: 'voice', max_calls: best?.calls ?? 0, loss_pct: ref.loss_pct, relay_cpu_pct_per_call: Number((ref.cpu_pct / ref.calls).toFixed(2)),
    setup_p50_ms: Math.round(pct(setups, 50)), setup_p99_ms: Math.round(pct(setups, 99)), setup_retries: failures, stopped_by: stoppedBy, steps,
  }));
  process.exit(0);
}

const side = process.argv.find((a) => a.startsWith('--peers='))?.slice('--peers='.length);
if (side === 'c' || side === 'a') await peers(side);
else await relay();
