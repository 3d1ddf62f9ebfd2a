import type { TFunction } from 'i18next';
import type { useFormat } from '../../lib/format';
import type { TimelineEntry } from './types';

export interface EntryText {
  title: string;
  summary: string | null;
  badges: string[];
}

function str(value: unknown): string | null {
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/**
 * What a timeline entry says, in the UI language. The server's title and summary are English
 * fallbacks for machine-made parts ("chat inbound", "Note", "paid 10.00 AZN"); those are rebuilt from
 * `data`, while text people wrote (subjects, descriptions, note bodies) is shown as written.
 */
export function describeEntry(entry: TimelineEntry, t: TFunction, fmt: ReturnType<typeof useFormat>): EntryText {
  const d = entry.data ?? {};
  const label = (group: string, value: string | null) => (value ? t(`${group}.${value}`, { defaultValue: value }) : null);
  switch (entry.kind) {
    case 'interaction': {
      const channel = str(d.channel);
      const direction = str(d.direction);
      const generated = !entry.title || entry.title === `${channel} ${direction}`;
      const reason = str(d.reason);
      return {
        title: generated
          ? t('customers.timeline.contactTitle', { channel: label('channels', channel) ?? '', direction: label('directions', direction) ?? '' })
          : entry.title!,
        summary: reason ? t('customers.timeline.reason', { reason: reason.replace(/_/g, ' ') }) : entry.summary || null,
        // A generated title already names the channel and direction.
        badges: [
          generated ? null : label('channels', channel),
          generated ? null : label('directions', direction),
          label('interactionStatuses', str(d.status)),
        ].filter((b): b is string => Boolean(b)),
      };
    }
    case 'case': {
      const number = str(d.number);
      return {
        title: entry.title || t('customers.timeline.kinds.case'),
        summary: entry.summary || null,
        badges: [number ? `#${number}` : null, label('caseTypes', str(d.type)), label('caseStatuses', str(d.status))].filter(
          (b): b is string => Boolean(b),
        ),
      };
    }
    case 'order': {
      const amount = str(d.amount);
      const currency = str(d.currency);
      return {
        title: entry.title || str(d.number) || t('customers.timeline.kinds.order'),
        summary: amount && currency ? fmt.money(amount, currency) : entry.summary || null,
        badges: [label('orderStatuses', str(d.status))].filter((b): b is string => Boolean(b)),
      };
    }
    case 'note':
    default:
      return { title: '', summary: entry.summary || null, badges: [] };
  }
}
