import { describe, expect, it } from 'vitest';
import { firstName, visitorMessage, visitorRelevant, type StaffMessage } from './views.js';

const base: StaffMessage = {
  id: 'm1', interactionId: 'i1', kind: 'message', direction: 'outbound', authorType: 'agent', authorId: 'u1', body: 'Hello',
  meta: {}, deliveryStatus: 'sent', createdAt: '2024-01-01T00:00:00.000Z', attachments: [{ id: 'f1', fileName: 'a.png', contentType: 'image/png', size: 3 }],
};

describe('what a visitor sees', () => {
  it('never shows notes or internal messages', () => {
    expect(visitorMessage({ ...base, kind: 'note', direction: 'internal' }, () => 'x', (id) => id)).toBeUndefined();
    expect(visitorRelevant({ type: 'note.created', payload: { ...base, kind: 'note' } })).toBeUndefined();
    expect(visitorRelevant({ type: 'message.created', payload: { ...base, kind: 'note' } })).toBeUndefined();
  });

  it('shows agent messages with the first name and signed file links, without staff ids', () => {
    const v = visitorMessage(base, (id) => (id === 'u1' ? 'Leyla' : null), (id) => `/f/${id}`)!;
    expect(v).toEqual({
      id: 'm1', from: 'agent', agentName: 'Leyla', body: 'Hello', createdAt: base.createdAt, status: 'sent', readAt: null,
      attachments: [{ id: 'f1', fileName: 'a.png', contentType: 'image/png', size: 3, url: '/f/f1' }],
    });
    expect(JSON.stringify(v)).not.toContain('u1');
  });

  it('keeps the visitor’s own text verbatim and when an agent read it', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const v = visitorMessage({ ...base, direction: 'inbound', authorType: 'customer', body: hostile, meta: { readAt: '2024-01-02T00:00:00.000Z' }, deliveryStatus: null }, () => 'x', (id) => id)!;
    expect(v).toMatchObject({ from: 'visitor', body: hostile, agentName: null, readAt: '2024-01-02T00:00:00.000Z', status: null });
  });

  it('passes agent typing and read receipts, not the visitor’s own typing', () => {
    expect(visitorRelevant({ type: 'chat.typing', payload: { by: 'agent', typing: true, name: 'Omar' } })).toEqual({ kind: 'typing', typing: true, name: 'Omar' });
    expect(visitorRelevant({ type: 'chat.typing', payload: { by: 'customer', typing: true } })).toBeUndefined();
    expect(visitorRelevant({ type: 'chat.read', payload: { by: 'agent', messageIds: ['a'], at: 'now' } })).toEqual({ kind: 'read', messageIds: ['a'], at: 'now' });
    expect(visitorRelevant({ type: 'routing.position', payload: { position: 2, ewtSeconds: 40 } })).toEqual({ kind: 'position', position: 2, ewtSeconds: 40 });
    expect(visitorRelevant({ type: 'routing.offer', payload: {} })).toBeUndefined();
  });

  it('takes the first word of a name', () => {
    expect(firstName('Leyla Məmmədova')).toBe('Leyla');
    expect(firstName('  ')).toBeNull();
  });
});
