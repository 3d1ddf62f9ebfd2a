import { useTranslation } from 'react-i18next';
import { languageInfo } from './i18n/languages';

/** Date and money formatting in the current UI language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = languageInfo(i18n.language).locale;
  return {
    dateTime(iso: string | null | undefined): string {
      if (!iso) return '';
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return iso;
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
    },
    date(iso: string | null | undefined): string {
      if (!iso) return '';
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return iso;
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d);
    },
    /** Amounts arrive as decimal strings; only the display rounds them. */
    money(amount: string | number, currency: string): string {
      const n = Number(amount);
      if (!Number.isFinite(n)) return `${amount} ${currency}`;
      try {
        // Without the leading RLM an isolating <bdi> picks the direction from the symbol, so "UK£ 387.00"
        // never turns into "£UK" inside Arabic text.
        return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
          .format(n)
          .replace(/[\u200e\u200f\u061c]/g, '');
      } catch {
        return `${n.toFixed(2)} ${currency}`;
      }
    },
    list(items: string[]): string {
      return new Intl.ListFormat(locale, { style: 'short', type: 'unit' }).format(items);
    },
    number(n: number): string {
      return new Intl.NumberFormat(locale).format(n);
    },
  };
}
