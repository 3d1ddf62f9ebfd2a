/**
 * Which realtime ids readers may take. Ids come from one sequence as transactions commit, so a later id
 * can become visible a moment before an earlier one. The watermark is the highest id below which every
 * id is visible or known never to be: a missing id is waited for until every transaction that was running
 * when it was first found missing has ended (the snapshot's oldest running transaction id has passed
 * that snapshot's next id), and is then skipped: its transaction rolled back.
 */
export interface WatermarkState {
  watermark: number;
  /** The first missing id, and the next transaction id of the snapshot that found it missing. */
  gap?: { id: number; xmax: bigint; since: number };
}

export interface PollResult {
  /** Visible ids above the watermark, ascending, with their workspaces and topics. */
  rows: { id: number; workspaceId: string; topic: string }[];
  /** The read snapshot's oldest running and next transaction ids. */
  xmin: bigint;
  xmax: bigint;
}

/** Past this long a missing id is skipped even if old transactions still run (a stuck session must not stall every reader). */
export const MAX_GAP_WAIT_MS = 10_000;

/** Advances the watermark over what one poll saw; answers the new state and the topics that moved, per workspace. */
export function advance(state: WatermarkState, poll: PollResult, now: number): { state: WatermarkState; workspaces: Map<string, Set<string>> } {
  let { watermark, gap } = state;
  const workspaces = new Map<string, Set<string>>();
  for (const row of poll.rows) {
    if (row.id <= watermark) continue;
    if (row.id !== watermark + 1) {
      const missing = watermark + 1;
      if (gap?.id !== missing) {
        gap = { id: missing, xmax: poll.xmax, since: now };
        break;
      }
      if (poll.xmin < gap.xmax && now - gap.since < MAX_GAP_WAIT_MS) break;
    }
    watermark = row.id;
    let topics = workspaces.get(row.workspaceId);
    if (!topics) workspaces.set(row.workspaceId, (topics = new Set()));
    topics.add(row.topic);
  }
  if (gap && gap.id <= watermark) gap = undefined;
  return { state: { watermark, gap }, workspaces };
}
