import { useTranslation } from 'react-i18next';
import type { AgentState } from './types';

export const stateColors: Record<AgentState, string> = {
  available: 'green',
  after_contact_work: 'yellow',
  away: 'orange',
  offline: 'gray',
};

export function stateColor(state: string): string {
  return stateColors[state as AgentState] ?? 'gray';
}

/** Labels for states and reason codes: translated when we know the code, the code itself otherwise. */
export function useRoutingLabels() {
  const { t, i18n } = useTranslation();
  const reason = (code: string) => (i18n.exists(`routing.reasons.${code}`) ? t(`routing.reasons.${code}`) : code);
  const state = (s: string) => (i18n.exists(`routing.states.${s}`) ? t(`routing.states.${s}`) : s);
  const channel = (c: string) => (i18n.exists(`channels.${c}`) ? t(`channels.${c}`) : c);
  /** "Away · Lunch" */
  const stateWithReason = (s: string, r: string | null | undefined) => (r ? `${state(s)} · ${reason(r)}` : state(s));
  return { reason, state, channel, stateWithReason };
}
