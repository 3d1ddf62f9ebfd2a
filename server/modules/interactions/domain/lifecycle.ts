import type { InteractionEventType } from '../events.js';
import type { interactionStatuses } from '../schema.js';

export type InteractionStatus = (typeof interactionStatuses)[number];

/** What can happen to a contact. `assign` covers an agent taking it and a supervisor forcing it. */
export type LifecycleAction =
  | { kind: 'queue' }
  | { kind: 'assign'; hasAssignee: boolean }
  | { kind: 'wrap_up' }
  | { kind: 'close'; resolved: boolean }
  | { kind: 'abandon' };

export type Step = { ok: true; to: InteractionStatus; events: InteractionEventType[] } | { ok: false };

const no: Step = { ok: false };
const waiting = (s: InteractionStatus) => s === 'new' || s === 'queued';

/**
 * The contact state machine: the status an action leads to and the event types it writes, in order.
 * The first agent on a contact writes `answered` (the end of the ASA wait); a later one is a transfer.
 */
export function step(from: InteractionStatus, action: LifecycleAction): Step {
  switch (action.kind) {
    case 'queue':
      return from === 'new' ? { ok: true, to: 'queued', events: ['queued'] } : no;
    case 'assign':
      if (waiting(from)) return { ok: true, to: 'active', events: action.hasAssignee ? ['assigned'] : ['assigned', 'answered'] };
      if (from === 'active') return { ok: true, to: 'active', events: ['transferred', 'assigned'] };
      return no;
    case 'wrap_up':
      return from === 'active' ? { ok: true, to: 'wrap_up', events: ['wrap_up_started'] } : no;
    case 'close': {
      if (from === 'closed' || from === 'abandoned') return no;
      const events: InteractionEventType[] = from === 'wrap_up' ? ['wrap_up_ended'] : [];
      if (action.resolved) events.push('resolved');
      events.push('closed');
      return { ok: true, to: 'closed', events };
    }
    case 'abandon':
      return waiting(from) ? { ok: true, to: 'abandoned', events: ['abandoned'] } : no;
  }
}

/** Whether the contact is over: no more messages to the customer. */
export const isFinished = (s: InteractionStatus) => s === 'closed' || s === 'abandoned';
