/** Realtime events the cases module publishes, on `case:<id>` and `workspace`. */
export const caseEvents = {
  created: 'case.created',
  updated: 'case.updated',
} as const;
