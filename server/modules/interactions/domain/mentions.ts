/** A colleague who can be mentioned in a note. */
export type Mentionable = { id: string; name: string; email: string };

const norm = (s: string) => s.normalize('NFC').toLocaleLowerCase();
// A mention ends where the name ends: at the end of the text or before anything that is not a letter/digit.
const endsAt = (text: string, i: number) => i >= text.length || !/[\p{L}\p{N}_]/u.test(text[i]!);

/**
 * The users a note mentions with `@name`: full name ("@Sara Aliyeva"), first name when only one
 * colleague has it ("@Sara"), or the part of the email before `@` ("@sara.a"). Longest match wins.
 */
export function findMentions(body: string, people: readonly Mentionable[]): string[] {
  const firstNames = new Map<string, number>();
  for (const p of people) {
    const first = norm(p.name.trim().split(/\s+/)[0] ?? '');
    if (first) firstNames.set(first, (firstNames.get(first) ?? 0) + 1);
  }
  const handles: { token: string; id: string }[] = [];
  for (const p of people) {
    const full = norm(p.name.trim().replace(/\s+/g, ' '));
    if (full) handles.push({ token: full, id: p.id });
    const first = full.split(' ')[0] ?? '';
    if (first && first !== full && firstNames.get(first) === 1) handles.push({ token: first, id: p.id });
    const local = norm(p.email.split('@')[0] ?? '');
    if (local) handles.push({ token: local, id: p.id });
  }
  handles.sort((a, b) => b.token.length - a.token.length);
  const text = norm(body);
  const found = new Set<string>();
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at > 0 && /[\p{L}\p{N}_.]/u.test(text[at - 1]!)) continue; // part of an email address
    const rest = text.slice(at + 1);
    const hit = handles.find((h) => rest.startsWith(h.token) && endsAt(rest, h.token.length));
    if (hit) found.add(hit.id);
  }
  return [...found];
}
