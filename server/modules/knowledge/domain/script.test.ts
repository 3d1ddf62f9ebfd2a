import { describe, expect, it } from 'vitest';
import { nextStep, scriptProblems, type ScriptStep } from './script.js';

const steps: ScriptStep[] = [
  { id: 'start', say: 'Thank you for calling.', question: 'Is it about an order?', options: [{ label: 'Yes', next: 'order' }, { label: 'No', next: 'other' }] },
  { id: 'order', say: 'May I have the order number?', next: 'end' },
  { id: 'other', say: 'How can I help?' },
  { id: 'end', say: 'Anything else?' },
];

describe('guided scripts', () => {
  it('follows the branch of the chosen answer', () => {
    expect(nextStep(steps, 'start', 'Yes')?.id).toBe('order');
    expect(nextStep(steps, 'start', 'No')?.id).toBe('other');
    expect(nextStep(steps, 'order')?.id).toBe('end');
    expect(nextStep(steps, 'other')).toBeNull();
  });
  it('accepts a sound script and names the problems of a broken one', () => {
    expect(scriptProblems(steps)).toEqual([]);
    expect(scriptProblems([])).toEqual(['A script needs at least one step']);
    expect(scriptProblems([{ id: 'a', say: '', next: 'x' }, { id: 'a', say: '' }])).toEqual([
      'Step id "a" is used twice', 'Step "a" leads to a missing step "x"',
    ]);
  });
});
