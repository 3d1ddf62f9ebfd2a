import { useEffect } from 'react';

/**
 * A telephone ring (two short 440+480 Hz bursts every 3 s, like a North American ring cadence, quiet)
 * while a call is offered to the agent, so a call is told apart from a chat by ear.
 */
let ctx: AudioContext | null = null;

function burst(at: number, audio: AudioContext) {
  const gain = audio.createGain();
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.08, at + 0.03);
  gain.gain.setValueAtTime(0.08, at + 0.37);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.4);
  gain.connect(audio.destination);
  for (const f of [440, 480]) {
    const osc = audio.createOscillator();
    osc.frequency.value = f;
    osc.connect(gain);
    osc.start(at);
    osc.stop(at + 0.42);
  }
}

function ringOnce() {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const t = ctx.currentTime + 0.02;
    burst(t, ctx);
    burst(t + 0.6, ctx);
  } catch {
    // no audio output or not allowed yet: the offer dialog is still on screen
  }
}

/** Rings while `offerId` is set (a voice offer on screen); stops when it goes. */
export function useRinging(offerId: string | null) {
  useEffect(() => {
    if (!offerId) return;
    ringOnce();
    const id = setInterval(ringOnce, 3_000);
    return () => clearInterval(id);
  }, [offerId]);
}
