/** Whether the runtime knows this IANA time zone name. */
export function isTimeZone(tz: string): boolean {
  if (tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const currencies = new Set(Intl.supportedValuesOf('currency'));
/** ISO 4217 currency code known to the runtime (upper-case, three letters). */
export const isCurrency = (c: string) => /^[A-Z]{3}$/.test(c) && currencies.has(c);

/** A non-negative decimal with at most 2 decimals that fits numeric(14, 2). */
export const money = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;
