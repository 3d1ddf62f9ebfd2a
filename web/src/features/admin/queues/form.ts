/** What every tab of the queue form gets: the draft and a setter for one of its fields. */
import type { QueueDraft } from './draft';

export type Setter = <K extends keyof QueueDraft>(key: K, value: QueueDraft[K]) => void;

export interface SectionProps {
  draft: QueueDraft;
  set: Setter;
}

/** An onChange for a NumberInput bound to a draft field: an emptied input stays '' (no value), anything else a number. */
export function useNumber(set: Setter) {
  return <K extends keyof QueueDraft>(key: K) =>
    (v: string | number) => set(key, (v === '' ? '' : Number(v)) as QueueDraft[K]);
}
