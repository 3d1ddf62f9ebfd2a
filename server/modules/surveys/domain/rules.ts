/** The CSAT survey rules of a queue (queue settings `csat`): on/off, once per customer per N days, link validity, channels. */
export type SurveyRules = { enabled: boolean; minDaysBetween: number; linkDays: number; channels: readonly string[] };

/**
 * Whether to ask a customer about a contact: only resolved contacts, only when the queue asks, and not
 * more than once per customer every `minDaysBetween` days.
 */
export function shouldSurvey(c: { resolved: boolean; closed: boolean; alreadySurveyed: boolean }, rules: SurveyRules, lastSurveyOfCustomer: Date | null, now: Date) {
  if (!rules.enabled || !c.resolved || !c.closed || c.alreadySurveyed) return false;
  if (lastSurveyOfCustomer && now.getTime() - lastSurveyOfCustomer.getTime() < rules.minDaysBetween * 86_400_000) return false;
  return true;
}

/** The survey prompt in the customer's language (en, ar, az; English otherwise). */
export function surveyPrompt(language: string | null | undefined, url: string): string {
  const lang = (language ?? 'en').slice(0, 2).toLowerCase();
  const text: Record<string, string> = {
    en: `How did we do? Rate your contact with us from 1 to 5: ${url}`,
    ar: `كيف كانت خدمتنا؟ قيّم تواصلك معنا من 1 إلى 5: ${url}`,
    az: `Xidmətimizi necə qiymətləndirirsiniz? Müraciətinizi 1-dən 5-ə qədər qiymətləndirin: ${url}`,
  };
  return text[lang] ?? text.en!;
}

/** The subject of the survey email in the customer's language. */
export function surveySubject(language: string | null | undefined): string {
  const text: Record<string, string> = { en: 'How did we do?', ar: 'كيف كانت خدمتنا؟', az: 'Xidmətimizi necə qiymətləndirirsiniz?' };
  return text[surveyLanguage(language)]!;
}

export const surveyLanguage = (language: string | null | undefined) => {
  const l = (language ?? 'en').slice(0, 2).toLowerCase();
  return ['en', 'ar', 'az'].includes(l) ? l : 'en';
};
