/** One step of a guided script: what to say, an optional question, and where each answer leads. */
export type ScriptStep = {
  id: string;
  say: string;
  question?: string;
  options?: { label: string; next?: string }[];
  /** The step after this one when there are no options (or the chosen option names none); none = the end. */
  next?: string;
};

/** Problems that make a script unusable: duplicate ids, links to missing steps, no steps. */
export function scriptProblems(steps: readonly ScriptStep[]): string[] {
  const problems: string[] = [];
  if (!steps.length) problems.push('A script needs at least one step');
  const ids = new Set<string>();
  for (const s of steps) {
    if (ids.has(s.id)) problems.push(`Step id "${s.id}" is used twice`);
    ids.add(s.id);
  }
  for (const s of steps) {
    for (const target of [s.next, ...(s.options ?? []).map((o) => o.next)]) {
      if (target !== undefined && !ids.has(target)) problems.push(`Step "${s.id}" leads to a missing step "${target}"`);
    }
  }
  return problems;
}

/** The step that follows `current` given the chosen answer (an option label), or null at the end. */
export function nextStep(steps: readonly ScriptStep[], currentId: string, answer?: string): ScriptStep | null {
  const current = steps.find((s) => s.id === currentId);
  if (!current) return null;
  const option = current.options?.find((o) => o.label === answer);
  const target = option?.next ?? current.next;
  return target ? (steps.find((s) => s.id === target) ?? null) : null;
}
