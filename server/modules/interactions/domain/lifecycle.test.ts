import { describe, expect, it } from 'vitest';
import { interactionEventTypes } from '../events.js';
import { interactionStatuses } from '../schema.js';
import { step, type LifecycleAction } from './lifecycle.js';

describe('interaction lifecycle', () => {
  it('queues a new contact', () => {
    expect(step('new', { kind: 'queue' })).toEqual({ ok: true, to: 'queued', events: ['queued'] });
    expect(step('queued', { kind: 'queue' }).ok).toBe(false);
    expect(step('active', { kind: 'queue' }).ok).toBe(false);
  });

  it('the first agent writes assigned + answered; a later one is a transfer', () => {
    expect(step('queued', { kind: 'assign', hasAssignee: false })).toEqual({ ok: true, to: 'active', events: ['assigned', 'answered'] });
    expect(step('new', { kind: 'assign', hasAssignee: false })).toEqual({ ok: true, to: 'active', events: ['assigned', 'answered'] });
    expect(step('active', { kind: 'assign', hasAssignee: true })).toEqual({ ok: true, to: 'active', events: ['transferred', 'assigned'] });
    for (const s of ['wrap_up', 'closed', 'abandoned'] as const) expect(step(s, { kind: 'assign', hasAssignee: true }).ok).toBe(false);
  });

  it('wraps up only an active contact', () => {
    expect(step('active', { kind: 'wrap_up' })).toEqual({ ok: true, to: 'wrap_up', events: ['wrap_up_started'] });
    for (const s of ['new', 'queued', 'wrap_up', 'closed', 'abandoned'] as const) expect(step(s, { kind: 'wrap_up' }).ok).toBe(false);
  });

  it('closing ends wrap-up first and records resolution', () => {
    expect(step('wrap_up', { kind: 'close', resolved: true })).toEqual({ ok: true, to: 'closed', events: ['wrap_up_ended', 'resolved', 'closed'] });
    expect(step('wrap_up', { kind: 'close', resolved: false })).toEqual({ ok: true, to: 'closed', events: ['wrap_up_ended', 'closed'] });
    expect(step('active', { kind: 'close', resolved: true })).toEqual({ ok: true, to: 'closed', events: ['resolved', 'closed'] });
    expect(step('queued', { kind: 'close', resolved: false })).toEqual({ ok: true, to: 'closed', events: ['closed'] });
    expect(step('closed', { kind: 'close', resolved: true }).ok).toBe(false);
    expect(step('abandoned', { kind: 'close', resolved: false }).ok).toBe(false);
  });

  it('only a waiting contact can be abandoned', () => {
    expect(step('queued', { kind: 'abandon' })).toEqual({ ok: true, to: 'abandoned', events: ['abandoned'] });
    expect(step('new', { kind: 'abandon' }).ok).toBe(true);
    for (const s of ['active', 'wrap_up', 'closed', 'abandoned'] as const) expect(step(s, { kind: 'abandon' }).ok).toBe(false);
  });

  it('nothing leaves a finished contact and every written type is in the catalogue', () => {
    const actions: LifecycleAction[] = [
      { kind: 'queue' }, { kind: 'assign', hasAssignee: false }, { kind: 'assign', hasAssignee: true }, { kind: 'wrap_up' },
      { kind: 'close', resolved: true }, { kind: 'close', resolved: false }, { kind: 'abandon' },
    ];
    for (const from of interactionStatuses) {
      for (const a of actions) {
        const r = step(from, a);
        if (from === 'closed' || from === 'abandoned') expect(r.ok).toBe(false);
        if (r.ok) for (const e of r.events) expect(interactionEventTypes).toContain(e);
      }
    }
  });
});
