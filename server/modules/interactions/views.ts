import type { AttachmentRow, InteractionRow, MessageRow } from './store.js';
import type { interactionEvents } from './schema.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const interactionView = (i: InteractionRow) => ({
  id: i.id, customerId: i.customerId, channel: i.channel, direction: i.direction, status: i.status, priority: i.priority,
  subject: i.subject, language: i.language, reason: i.reason, resolved: i.resolved, queueId: i.queueId, assigneeId: i.assigneeId,
  caseId: i.caseId, enqueuedAt: iso(i.enqueuedAt), callbackRequested: i.callbackRequested, channelAccountId: i.channelAccountId,
  createdAt: i.createdAt.toISOString(), updatedAt: i.updatedAt.toISOString(), closedAt: iso(i.closedAt),
});
export type InteractionView = ReturnType<typeof interactionView>;

export const attachmentView = (a: AttachmentRow) => ({
  id: a.id, interactionId: a.interactionId, messageId: a.messageId, fileName: a.fileName, contentType: a.contentType,
  size: a.size, sha256: a.sha256, createdAt: a.createdAt.toISOString(),
});

export const messageView = (m: MessageRow, files: AttachmentRow[] = []) => ({
  id: m.id, interactionId: m.interactionId, kind: m.kind, direction: m.direction, authorType: m.authorType, authorId: m.authorId,
  body: m.body, html: m.html, meta: m.meta, deliveryStatus: m.deliveryStatus, deliveryError: m.deliveryError,
  createdAt: m.createdAt.toISOString(), attachments: files.map(attachmentView),
});

export const eventView = (e: typeof interactionEvents.$inferSelect) => ({
  id: e.id, type: e.type, at: e.at.toISOString(), actorType: e.actorType, actorId: e.actorId, queueId: e.queueId, agentId: e.agentId, data: e.data,
});
