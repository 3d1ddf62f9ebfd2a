/** Realtime events of escalations, on the `supervisors` topic (and `interaction:<id>`). */
export const escalationEvents = {
  raised: 'escalation.raised',
  resolved: 'escalation.resolved',
} as const;
