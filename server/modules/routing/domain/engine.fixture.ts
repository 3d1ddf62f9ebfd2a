// Test helpers for the engine (used by *.test.ts only).
import type { Decision } from './decisions.js';
import { RoutingEngine } from './engine.js';
import type { RoutingEvent } from './events.js';
import type { AgentInput, ContactInput, QueueInput } from './model.js';

export const T0 = 1_700_000_000_000;

/** An engine with a clock the test moves by hand. */
export function harness() {
  const engine = new RoutingEngine();
  let now = T0;
  const log: Decision[] = [];
  const apply = (e: RoutingEvent) => {
    const d = engine.apply(e, now);
    log.push(...d);
    return d;
  };
  return {
    engine,
    log,
    apply,
    get now() {
      return now;
    },
    /** Moves the clock by `ms` and ticks. */
    advance(ms: number) {
      now += ms;
      return apply({ type: 'tick' });
    },
    queue: (q: Partial<QueueInput> & { id: string }) => apply({ type: 'queue_upserted', queue: { channels: ['voice', 'chat', 'email'], ...q } }),
    agent: (a: Partial<AgentInput> & { id: string }) =>
      apply({
        type: 'agent_upserted',
        agent: { capacity: { voice: 1, chat: 3, email: 5 }, queueIds: ['q'], state: 'available', ...a },
      }),
    contact: (c: Partial<ContactInput> & { id: string }) => apply({ type: 'contact_queued', contact: { queueId: 'q', channel: 'voice', ...c } }),
    accept: (contactId: string, agentId: string) => apply({ type: 'offer_accepted', contactId, agentId }),
    reject: (contactId: string, agentId: string) => apply({ type: 'offer_rejected', contactId, agentId }),
    complete: (contactId: string) => apply({ type: 'contact_completed', contactId }),
  };
}

/** Decisions of one type, without the `type` field, for compact expectations. */
export const only = <K extends Decision['type']>(ds: Decision[], type: K) =>
  ds.filter((d): d is Extract<Decision, { type: K }> => d.type === type);
