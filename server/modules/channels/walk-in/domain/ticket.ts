/** A ticket as shown on the kiosk and the display: the service letter and a three-digit number. */
export const ticketLabel = (letter: string, number: number) => `${letter}-${String(number).padStart(3, '0')}`;

/** The branch's calendar day of an instant in its time zone (numbers start again at 1 each day). */
export function branchDay(at: Date, timeZone = 'UTC') {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

const calledText: Record<string, (t: string, c: string) => string> = {
  en: (t, c) => `Ticket ${t}: it is your turn. Please come to ${c}.`,
  ar: (t, c) => `التذكرة ${t}: حان دورك. يرجى التوجه إلى ${c}.`,
  az: (t, c) => `Bilet ${t}: növbəniz çatdı. Zəhmət olmasa ${c} yaxınlaşın.`,
};

/** The SMS a customer gets when their ticket is called, in the branch's language. */
export const calledMessage = (language: string | null | undefined, ticket: string, counter: string) =>
  (calledText[language ?? 'en'] ?? calledText.en!)(ticket, counter);
