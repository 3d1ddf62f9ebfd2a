import type { VoiceLanguage } from '../settings.js';
import type { PromptName } from './ivr.js';

/** Built-in phrases, used when the entry point has no text of its own for a prompt. */
const PHRASES: Record<PromptName, Record<VoiceLanguage, string>> = {
  consent: { en: 'This call may be recorded for quality.', ar: 'قد يتم تسجيل هذه المكالمة لضمان الجودة.', az: 'Bu zəng keyfiyyət məqsədilə qeydə alına bilər.' },
  greeting: { en: 'Thank you for calling. Please hold for the next available agent.', ar: 'شكراً لاتصالك. يرجى الانتظار حتى يتوفر أحد الموظفين.', az: 'Zənginiz üçün təşəkkür edirik. Zəhmət olmasa növbəti əməkdaşı gözləyin.' },
  closed: { en: 'We are closed now. Please call again during our opening hours.', ar: 'نحن مغلقون الآن. يرجى الاتصال مرة أخرى خلال ساعات العمل.', az: 'Hazırda bağlıyıq. Zəhmət olmasa iş saatlarında yenidən zəng edin.' },
  invalid: { en: 'Sorry, that is not a valid choice.', ar: 'عذراً، هذا اختيار غير صحيح.', az: 'Bağışlayın, bu düzgün seçim deyil.' },
  voicemail: { en: 'Please leave a message after the tone, then hang up.', ar: 'يرجى ترك رسالة بعد النغمة، ثم إنهاء المكالمة.', az: 'Zəhmət olmasa siqnaldan sonra mesaj qoyun və zəngi bitirin.' },
  callback: { en: 'Thank you. We will call you back when an agent is free.', ar: 'شكراً لك. سنعاود الاتصال بك عندما يتوفر موظف.', az: 'Təşəkkür edirik. Əməkdaş boşalanda sizə geri zəng edəcəyik.' },
  goodbye: { en: 'Goodbye.', ar: 'مع السلامة.', az: 'Sağ olun.' },
};

export function phrase(name: PromptName, language: VoiceLanguage) {
  return PHRASES[name][language];
}

/** The periodic queue announcement: place in line and, when known, the estimated wait in minutes. */
export function queueAnnouncement(language: VoiceLanguage, position: number, waitSeconds: number | null) {
  const minutes = waitSeconds === null ? null : Math.max(1, Math.round(waitSeconds / 60));
  switch (language) {
    case 'ar':
      return `ترتيبك في قائمة الانتظار هو ${position}.` + (minutes === null ? '' : ` الوقت المتوقع للانتظار ${minutes} دقيقة.`);
    case 'az':
      return `Növbədə yeriniz ${position}.` + (minutes === null ? '' : ` Təxmini gözləmə müddəti ${minutes} dəqiqədir.`);
    default:
      return `You are number ${position} in the queue.` + (minutes === null ? '' : ` The estimated wait is ${minutes} minute${minutes === 1 ? '' : 's'}.`);
  }
}
