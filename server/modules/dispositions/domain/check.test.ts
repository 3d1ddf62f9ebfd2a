import { describe, expect, it } from 'vitest';
import { closeProblem } from './check.js';

const lists = { reasons: ['Order status', 'Complaint'], dispositions: ['Resolved on first contact', 'Escalated'] };

describe('closeProblem', () => {
  it('accepts values from the lists', () => {
    expect(closeProblem(lists, { reason: 'Complaint', disposition: 'Escalated' })).toBeNull();
  });
  it('requires both when both lists are in use', () => {
    expect(closeProblem(lists, { disposition: 'Escalated' })?.code).toBe('reason_required');
    expect(closeProblem(lists, { reason: 'Complaint' })?.code).toBe('disposition_required');
    expect(closeProblem(lists, { reason: 'Complaint', disposition: '  ' })?.code).toBe('disposition_required');
  });
  it('refuses values that are not on the list', () => {
    expect(closeProblem(lists, { reason: 'Other', disposition: 'Escalated' })?.code).toBe('unknown_reason');
    expect(closeProblem(lists, { reason: 'Complaint', disposition: 'Gone' })?.code).toBe('unknown_disposition');
  });
  it('lets a workspace without lists close freely', () => {
    expect(closeProblem({ reasons: [], dispositions: [] }, {})).toBeNull();
  });
});
