/** A stored message as the interactions module publishes it (`messageView`). */
export type StaffMessage = {
  id: string; interactionId: string; kind: string; direction: string; authorType: string; authorId: string | null;
  body: string; meta: Record<string, unknown> | null; deliveryStatus: string | null; createdAt: string;
  attachments?: { id: string; fileName: string; contentType: string; size: number }[];
};

/** A message as the visitor sees it: no notes, no staff ids, files behind signed links. */
export type VisitorMessage = {
  id: string; from: 'visitor' | 'agent'; agentName: string | null; body: string; createdAt: string;
  /** Agent messages: sent, delivered or read (by the visitor). */
  status: string | null;
  /** Visitor messages: when an agent read it. */
  readAt: string | null;
  attachments: { id: string; fileName: string; contentType: string; size: number; url: string }[];
};

/** First name only: a visitor learns who is helping them, not the agent's full name. */
export const firstName = (name: string | null | undefined) => (name ?? '').trim().split(/\s+/)[0] || null;

/** What the visitor may see of a message; undefined for notes and internal messages. */
export function visitorMessage(m: StaffMessage, agentName: (id: string | null) => string | null, fileUrl: (id: string) => string): VisitorMessage | undefined {
  if (m.kind !== 'message' || (m.direction !== 'inbound' && m.direction !== 'outbound')) return undefined;
  const fromVisitor = m.direction === 'inbound';
  const readAt = m.meta && typeof m.meta.readAt === 'string' ? m.meta.readAt : null;
  return {
    id: m.id, from: fromVisitor ? 'visitor' : 'agent', agentName: fromVisitor ? null : agentName(m.authorId), body: m.body, createdAt: m.createdAt,
    status: fromVisitor ? null : m.deliveryStatus, readAt: fromVisitor ? readAt : null,
    attachments: (m.attachments ?? []).map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, url: fileUrl(a.id) })),
  };
}

/** Realtime event types the visitor's connection reacts to; everything else on the contact's topic stays with staff. */
export type VisitorRelevant =
  | { kind: 'message'; message: StaffMessage }
  | { kind: 'conversation' }
  | { kind: 'position'; position: number | null; ewtSeconds: number | null }
  | { kind: 'typing'; typing: boolean; name: string | null }
  | { kind: 'read'; messageIds: string[]; at: string }
  | { kind: 'opened'; interactionId: string }
  | { kind: 'voice.ring'; voiceKey: string };

/** Sorts one bus event into what (if anything) the visitor is told. */
export function visitorRelevant(e: { type: string; payload: unknown }): VisitorRelevant | undefined {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  switch (e.type) {
    case 'message.created':
    case 'message.updated':
      return p.kind === 'message' ? { kind: 'message', message: p as unknown as StaffMessage } : undefined;
    case 'interaction.updated':
      return { kind: 'conversation' };
    case 'routing.position':
      return { kind: 'position', position: typeof p.position === 'number' ? p.position : null, ewtSeconds: typeof p.ewtSeconds === 'number' ? p.ewtSeconds : null };
    case 'chat.typing':
      return p.by === 'agent' ? { kind: 'typing', typing: p.typing === true, name: typeof p.name === 'string' ? p.name : null } : undefined;
    case 'chat.read':
      return p.by === 'agent' && Array.isArray(p.messageIds) ? { kind: 'read', messageIds: p.messageIds.map(String), at: String(p.at) } : undefined;
    case 'voice.ring':
      return typeof p.voiceKey === 'string' ? { kind: 'voice.ring', voiceKey: p.voiceKey } : undefined;
    case 'chat.opened':
      return typeof p.interactionId === 'string' ? { kind: 'opened', interactionId: p.interactionId } : undefined;
    default:
      return undefined;
  }
}
