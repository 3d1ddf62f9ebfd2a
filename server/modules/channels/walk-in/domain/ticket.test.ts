import { describe, expect, it } from 'vitest';
import { branchDay, calledMessage, ticketLabel } from './ticket.js';

describe('walk-in tickets', () => {
  it('labels tickets with the service letter and three digits', () => {
    expect(ticketLabel('A', 17)).toBe('A-017');
    expect(ticketLabel('B', 1234)).toBe('B-1234');
  });

  it('numbers by the branch\'s own day', () => {
    const at = new Date('2025-03-01T22:30:00Z');
    expect(branchDay(at, 'UTC')).toBe('2025-03-01');
    expect(branchDay(at, 'Asia/Baku')).toBe('2025-03-02');
    expect(branchDay(at, 'Not/AZone')).toBe('2025-03-01');
  });

  it('writes the called message in the branch language', () => {
    expect(calledMessage('az', 'A-017', 'Masa 3')).toContain('A-017');
    expect(calledMessage('ar', 'A-017', 'Desk 3')).toContain('حان دورك');
    expect(calledMessage(null, 'A-017', 'Desk 3')).toBe('Ticket A-017: it is your turn. Please come to Desk 3.');
  });
});
