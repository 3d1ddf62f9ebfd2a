/** The active labels of one wrap-up list. */
export type WrapUpLists = { reasons: readonly string[]; dispositions: readonly string[] };

export type CloseProblem = { code: 'reason_required' | 'unknown_reason' | 'disposition_required' | 'unknown_disposition'; message: string };

/**
 * Checks a contact's wrap-up against the workspace's lists: when a list has entries, a value from it is
 * required; an empty list means the workspace does not use it (and any free text is kept as given).
 */
export function closeProblem(lists: WrapUpLists, input: { reason?: string; disposition?: string }): CloseProblem | null {
  if (lists.reasons.length) {
    if (!input.reason?.trim()) return { code: 'reason_required', message: 'Choose a contact reason' };
    if (!lists.reasons.includes(input.reason.trim())) return { code: 'unknown_reason', message: 'The contact reason is not on the list' };
  }
  if (lists.dispositions.length) {
    if (!input.disposition?.trim()) return { code: 'disposition_required', message: 'Choose a disposition' };
    if (!lists.dispositions.includes(input.disposition.trim())) return { code: 'unknown_disposition', message: 'The disposition is not on the list' };
  }
  return null;
}
