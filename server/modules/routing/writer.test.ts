import { describe, expect, it } from 'vitest';
import { waves, type WriterDecision } from './writer.js';

describe('decision waves (one statement per kind and wave)', () => {
  it('keeps what happens to one contact in engine order, and packs unrelated contacts together', () => {
    const ds: WriterDecision[] = [
      { type: 'offer', contactId: 'c1', agentId: 'a1', expiresAt: 1 },
      { type: 'offer', contactId: 'c2', agentId: 'a1', expiresAt: 1 },
      { type: 'revoke', contactId: 'c1', agentId: 'a1', reason: 'timeout' },
      { type: 'assigned', contactId: 'c3', agentId: 'a2' },
      { type: 'offer', contactId: 'c1', agentId: 'a2', expiresAt: 2 },
      { type: 'agent_state', agentId: 'a1', state: 'away', reason: 'missed_offers' },
    ];
    const w = waves(ds);
    expect(w.map((x) => x.map((d) => `${d.type}:${'contactId' in d ? d.contactId : d.agentId}`))).toEqual([
      ['offer:c1', 'offer:c2', 'assigned:c3', 'agent_state:a1'],
      ['revoke:c1'],
      ['offer:c1'],
    ]);
  });

  it('a rejection is written before the re-offer of the same contact', () => {
    const w = waves([
      { type: 'rejected', contactId: 'c1', agentId: 'a1' },
      { type: 'offer', contactId: 'c1', agentId: 'a2', expiresAt: 1 },
    ]);
    expect(w.map((x) => x.map((d) => d.type))).toEqual([['rejected'], ['offer']]);
  });
});
