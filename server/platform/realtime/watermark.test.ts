import { describe, expect, it } from 'vitest';
import { advance, MAX_GAP_WAIT_MS, type WatermarkState } from './watermark.js';

const rows = (...ids: number[]) => ids.map((id) => ({ id, workspaceId: id % 2 ? 'w1' : 'w2', topic: 'routing' }));

describe('realtime watermark', () => {
  it('takes consecutive ids and names the workspaces and topics that moved', () => {
    const r = advance({ watermark: 10 }, { rows: rows(11, 12, 13), xmin: 100n, xmax: 100n }, 0);
    expect(r.state).toEqual({ watermark: 13, gap: undefined });
    expect([...r.workspaces.keys()].sort()).toEqual(['w1', 'w2']);
    expect([...r.workspaces.get('w1')!]).toEqual(['routing']);
  });

  it('stops before a missing id while a transaction that may hold it still runs', () => {
    const first = advance({ watermark: 10 }, { rows: rows(11, 13, 14), xmin: 95n, xmax: 100n }, 0);
    expect(first.state.watermark).toBe(11);
    expect(first.state.gap).toEqual({ id: 12, xmax: 100n, since: 0 });
    // Transaction 97 (say) still runs: 13 and 14 wait.
    const still = advance(first.state, { rows: rows(13, 14), xmin: 97n, xmax: 103n }, 50);
    expect(still.state.watermark).toBe(11);
    expect(still.workspaces.size).toBe(0);
    // It commits: 12 appears and everything follows in order.
    const filled = advance(still.state, { rows: rows(12, 13, 14), xmin: 103n, xmax: 103n }, 60);
    expect(filled.state).toEqual({ watermark: 14, gap: undefined });
  });

  it('skips a missing id once every transaction running when it went missing has ended (it rolled back)', () => {
    const first = advance({ watermark: 10 }, { rows: rows(12), xmin: 95n, xmax: 100n }, 0);
    const later = advance(first.state, { rows: rows(12, 13), xmin: 100n, xmax: 104n }, 20);
    expect(later.state).toEqual({ watermark: 13, gap: undefined });
  });

  it('a new gap after a skipped one is waited for on its own', () => {
    const first = advance({ watermark: 10 }, { rows: rows(12, 14), xmin: 95n, xmax: 100n }, 0);
    const second = advance(first.state, { rows: rows(12, 14), xmin: 100n, xmax: 110n }, 10);
    expect(second.state.watermark).toBe(12);
    expect(second.state.gap).toEqual({ id: 13, xmax: 110n, since: 10 });
  });

  it('does not wait forever on a session that never ends', () => {
    let s: WatermarkState = advance({ watermark: 10 }, { rows: rows(12), xmin: 5n, xmax: 100n }, 0).state;
    s = advance(s, { rows: rows(12), xmin: 5n, xmax: 120n }, MAX_GAP_WAIT_MS - 1).state;
    expect(s.watermark).toBe(10);
    s = advance(s, { rows: rows(12), xmin: 5n, xmax: 130n }, MAX_GAP_WAIT_MS + 1).state;
    expect(s.watermark).toBe(12);
  });
});
