/**
 * The one catalogue of interaction event types. Rows of `interaction_events` carry these names and every
 * KPI (ASA, AHT, service level, abandonment, FCR, CSAT) is computed from them; never rename one.
 */
export const interactionEventTypes = [
  'created', 'queued', 'offered', 'accepted', 'rejected', 'timed_out', 'answered', 'held', 'resumed', 'transferred',
  'wrap_up_started', 'wrap_up_ended', 'resolved', 'abandoned', 'rated', 'note_added', 'message_received', 'message_sent',
  'assigned', 'closed', 'overflowed', 'expired', 'callback_requested', 'callback_due', 'customer_left', 'escalated', 'voicemail',
] as const;
export type InteractionEventType = (typeof interactionEventTypes)[number];

/** Realtime events this module publishes (topics `interaction:<id>`, `workspace`, `queue:<id>`). */
export const realtimeTypes = {
  interactionCreated: 'interaction.created',
  interactionUpdated: 'interaction.updated',
  messageCreated: 'message.created',
  noteCreated: 'note.created',
  attachmentCreated: 'attachment.created',
  messageUpdated: 'message.updated',
  rated: 'interaction.rated',
  /** On `user:<id>`: a colleague mentioned this user in a note. */
  mentioned: 'note.mentioned',
  /** On `user:<id>`: the user read mentions (`{ noteIds }`), so their other tabs update the bell. */
  mentionsRead: 'note.mentions_read',
  /** On `user:<assignee>`: a contact was snoozed (`until`), woken, or its snooze ended (`ended`). */
  snoozed: 'interaction.snoozed',
  /** On `user:<colleague>`: the agent of a contact asks them to take it over (warm transfer). */
  consultAsked: 'consult.asked',
  /** On `user:<asking agent>`: the colleague's answer (`accepted`). */
  consultAnswered: 'consult.answered',
} as const;
