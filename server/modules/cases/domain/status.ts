import type { caseStatuses } from '../schema.js';

export type CaseStatus = (typeof caseStatuses)[number];

// Closed is final; a resolved case can be reopened (the customer came back) or closed.
const allowed: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['open', 'pending', 'escalated', 'resolved', 'closed'],
  open: ['pending', 'escalated', 'resolved', 'closed'],
  pending: ['open', 'escalated', 'resolved', 'closed'],
  escalated: ['open', 'pending', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

/** Whether a case may move from one status to another (staying put is always allowed). */
export const canMove = (from: CaseStatus, to: CaseStatus) => from === to || allowed[from].includes(to);

export type StatusChange = { ok: true; status: CaseStatus; resolvedAt: Date | null } | { ok: false };

/**
 * Applies a status change: entering `resolved` stamps the time, reopening clears it, and closing a
 * resolved case keeps when it was resolved.
 */
export function moveStatus(from: CaseStatus, to: CaseStatus, resolvedAt: Date | null, now: Date): StatusChange {
  if (!canMove(from, to)) return { ok: false };
  if (from === to) return { ok: true, status: to, resolvedAt };
  if (to === 'resolved') return { ok: true, status: to, resolvedAt: now };
  if (to === 'closed') return { ok: true, status: to, resolvedAt };
  return { ok: true, status: to, resolvedAt: null };
}
