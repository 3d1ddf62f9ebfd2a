/** The first word of a name, for a greeting ("Leyla Aliyeva" → "Leyla"). */
export const firstName = (name: string | null | undefined) => (name ?? '').trim().split(/\s+/)[0] ?? '';
