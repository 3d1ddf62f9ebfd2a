/** Values a saved answer can use, by dotted name: `customer.first_name`, `agent.name`, `order.number` … */
export type Variables = Readonly<Record<string, string | number | null | undefined>>;

export type Filled = { text: string; missing: string[] };

const token = /\{\{\s*([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)\s*\}\}/gi;

/** The placeholder shown where a value is missing, so the agent sees what to type before sending. */
export const placeholder = (name: string) => `[${name}]`;

/**
 * Fills `{{name}}` variables in one pass. Values are inserted as plain text and never read again, so a
 * value that itself contains `{{…}}` stays literal (no template injection); missing or empty values become
 * a visible placeholder and are listed in `missing`. Anything that is not a well-formed variable is left as written.
 */
export function fillVariables(template: string, values: Variables): Filled {
  const missing = new Set<string>();
  const text = template.replace(token, (_m, raw: string) => {
    const name = raw.toLowerCase();
    const v = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    const s = v === null || v === undefined ? '' : String(v).trim();
    if (!s) {
      missing.add(name);
      return placeholder(name);
    }
    return s;
  });
  return { text, missing: [...missing] };
}

/** The variable names a template uses, in order of first use. */
export function variablesIn(template: string): string[] {
  return [...new Set([...template.matchAll(token)].map((m) => m[1]!.toLowerCase()))];
}

/** The first word of a name ("Leyla Aliyeva" → "Leyla"), for greetings. */
export const firstName = (name: string | null | undefined) => (name ?? '').trim().split(/\s+/)[0] ?? '';
