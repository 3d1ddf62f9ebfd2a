import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillVariables, firstName, variablesIn } from './variables.js';

describe('fillVariables', () => {
  it('fills customer, agent and order values', () => {
    const r = fillVariables('Hello {{customer.first_name}}, order {{ order.number }} is {{order.status}}. — {{agent.name}}', {
      'customer.first_name': 'Leyla', 'order.number': 'A-1001', 'order.status': 'shipped', 'agent.name': 'Omar',
    });
    expect(r).toEqual({ text: 'Hello Leyla, order A-1001 is shipped. — Omar', missing: [] });
  });
  it('shows a clear placeholder for missing or empty values and lists them once', () => {
    const r = fillVariables('Hi {{customer.first_name}}, {{order.number}} / {{order.number}}', { 'customer.first_name': '  ' });
    expect(r.text).toBe('Hi [customer.first_name], [order.number] / [order.number]');
    expect(r.missing).toEqual(['customer.first_name', 'order.number']);
  });
  it('never evaluates braces that arrive inside a value', () => {
    const r = fillVariables('Dear {{customer.name}}', { 'customer.name': '{{agent.name}}', 'agent.name': 'secret' });
    expect(r.text).toBe('Dear {{agent.name}}');
  });
  it('does not read inherited properties', () => {
    expect(fillVariables('{{constructor}} {{__proto__}}', {}).text).toBe('[constructor] {{__proto__}}');
  });
  it('leaves malformed tokens and plain text alone, in any script', () => {
    expect(fillVariables('مرحبا {{ }} {{1x}} {x}', {}).text).toBe('مرحبا {{ }} {{1x}} {x}');
  });
  it('is case-insensitive in names', () => {
    expect(fillVariables('{{Customer.First_Name}}', { 'customer.first_name': 'Aysel' }).text).toBe('Aysel');
  });
  it('property: the output contains every value verbatim and no unfilled variable', () => {
    fc.assert(fc.property(fc.string(), fc.string({ minLength: 1 }).filter((s) => s.trim().length > 0), (before, value) => {
      const r = fillVariables(`${before.replace(/[{}]/g, '')}{{customer.name}}`, { 'customer.name': value });
      expect(r.text.endsWith(value.trim())).toBe(true);
      expect(r.missing).toEqual([]);
    }));
  });
});

describe('variablesIn / firstName', () => {
  it('lists variables in order of first use', () => {
    expect(variablesIn('{{a.b}} {{c}} {{a.b}}')).toEqual(['a.b', 'c']);
  });
  it('takes the first word of a name', () => {
    expect(firstName(' Leyla  Aliyeva ')).toBe('Leyla');
    expect(firstName(null)).toBe('');
  });
});
