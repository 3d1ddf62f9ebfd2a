import { describe, expect, it } from 'vitest';
import { caseStatuses } from '../schema.js';
import { canMove, moveStatus } from './status.js';

const now = new Date('2025-01-02T03:04:05Z');
const earlier = new Date('2025-01-01T00:00:00Z');

describe('case status machine', () => {
  it('allows the working moves', () => {
    expect(canMove('new', 'open')).toBe(true);
    expect(canMove('open', 'pending')).toBe(true);
    expect(canMove('pending', 'escalated')).toBe(true);
    expect(canMove('escalated', 'resolved')).toBe(true);
    expect(canMove('resolved', 'open')).toBe(true);
    expect(canMove('resolved', 'closed')).toBe(true);
  });

  it('never goes back to new and never leaves closed', () => {
    for (const s of caseStatuses) {
      if (s !== 'new') expect(canMove(s, 'new')).toBe(false);
      if (s !== 'closed') expect(canMove('closed', s)).toBe(false);
    }
    expect(canMove('resolved', 'pending')).toBe(false);
    expect(canMove('resolved', 'escalated')).toBe(false);
  });

  it('staying in the same status is a no-op', () => {
    for (const s of caseStatuses) expect(moveStatus(s, s, earlier, now)).toEqual({ ok: true, status: s, resolvedAt: earlier });
  });

  it('resolving stamps resolvedAt, reopening clears it, closing keeps it', () => {
    expect(moveStatus('open', 'resolved', null, now)).toEqual({ ok: true, status: 'resolved', resolvedAt: now });
    expect(moveStatus('resolved', 'open', earlier, now)).toEqual({ ok: true, status: 'open', resolvedAt: null });
    expect(moveStatus('resolved', 'closed', earlier, now)).toEqual({ ok: true, status: 'closed', resolvedAt: earlier });
    expect(moveStatus('open', 'closed', null, now)).toEqual({ ok: true, status: 'closed', resolvedAt: null });
  });

  it('reports a forbidden move', () => {
    expect(moveStatus('closed', 'open', null, now)).toEqual({ ok: false });
  });
});
