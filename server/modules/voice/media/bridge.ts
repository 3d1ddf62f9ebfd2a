import type { Leg } from './leg.js';

export type Party = 'customer' | 'agent' | 'supervisor' | 'consult';
export type Route = readonly [from: Party, to: Party];

/**
 * Forwards audio between the legs of a call without decoding it: each party hears the parties routed to
 * it. The routes come from the call's state (see `mediaRoutes`); changing them is instant.
 */
export class Bridge {
  private legs = new Map<Party, { leg: Leg; off: () => void }>();
  private routes = new Map<Party, Set<Party>>();

  /** Puts a party's leg in the bridge (replacing the party's previous leg). */
  attach(party: Party, leg: Leg) {
    this.detach(party);
    const off = leg.onRtp((p) => {
      const to = this.routes.get(party);
      if (!to) return;
      for (const t of to) this.legs.get(t)?.leg.sendRtp(p, party);
    });
    this.legs.set(party, { leg, off });
  }

  detach(party: Party) {
    const cur = this.legs.get(party);
    if (!cur) return;
    cur.off();
    this.legs.delete(party);
    for (const { leg } of this.legs.values()) leg.release?.(party);
  }

  leg(party: Party) {
    return this.legs.get(party)?.leg;
  }

  /** Replaces every route at once. */
  setRoutes(routes: readonly Route[]) {
    const before = this.routes;
    this.routes = new Map();
    for (const [from, to] of routes) {
      if (from === to) continue;
      let s = this.routes.get(from);
      if (!s) this.routes.set(from, (s = new Set()));
      s.add(to);
    }
    // A receiver that lost a source must not wait for it to fall silent.
    for (const [from, tos] of before) for (const to of tos) if (!this.routes.get(from)?.has(to)) this.legs.get(to)?.leg.release?.(from);
  }

  close() {
    for (const p of [...this.legs.keys()]) this.detach(p);
    this.routes.clear();
  }
}

export type SuperviseMode = 'listen' | 'whisper' | 'barge';

/**
 * Who hears whom in a call: customer and agent hear each other unless the call is on hold (each then hears
 * only the hold audio / nothing) or the agent muted; a supervisor hears both, and is heard by the agent
 * (whisper) or by both (barge).
 */
export function mediaRoutes(s: { bridged: boolean; held: boolean; agentMuted: boolean; supervisor?: SuperviseMode }): Route[] {
  const r: Route[] = [];
  if (!s.bridged) return r;
  if (!s.held) {
    r.push(['customer', 'agent']);
    if (!s.agentMuted) r.push(['agent', 'customer']);
  }
  if (s.supervisor) {
    r.push(['customer', 'supervisor'], ['agent', 'supervisor']);
    if (s.supervisor !== 'listen') r.push(['supervisor', 'agent']);
    if (s.supervisor === 'barge' && !s.held) r.push(['supervisor', 'customer']);
  }
  return r;
}
