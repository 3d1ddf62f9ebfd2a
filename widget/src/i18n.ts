/** Every string the widget shows, in the languages it speaks; Arabic is laid out right to left. */
export const languages = ['en', 'ar', 'az'] as const;
export type Lang = (typeof languages)[number];

const en = {
  open: 'Chat with us', close: 'Close chat', title: 'Chat with us', language: 'Language', name: 'Your name', email: 'Email', phone: 'Phone',
  topic: 'Topic', chooseTopic: 'Choose a topic', optional: '(optional)', start: 'Start chat', message: 'Message', typeMessage: 'Type a message…',
  send: 'Send', attach: 'Attach a file', emoji: 'Emoji', waiting: 'Waiting for an agent…', position: 'You are number {n} in line',
  wait: 'Estimated wait: about {m} min', joined: '{name} joined the chat', typing: '{name} is typing…', agent: 'Agent', you: 'You',
  ended: 'The chat has ended.', rate: 'How did we do?', comment: 'Comment (optional)', submitRating: 'Send rating', thanksRating: 'Thank you for your feedback!',
  transcript: 'Email me the transcript', transcriptSent: 'The transcript is on its way.', newChat: 'Start a new chat', endChat: 'End chat',
  offlineTitle: 'Leave us a message', offlineDefault: 'Nobody can answer right now. Leave a message and we will get back to you.',
  leave: 'Send message', offlineThanks: 'Thank you! We will get back to you soon.', contactNeeded: 'Give an email or a phone number.',
  required: 'Please fill in this field.', error: 'Something went wrong. Please try again.', tooLarge: 'The file is too large.',
  badType: 'This kind of file is not accepted.', slowDown: 'You are sending too fast. Wait a moment.', read: 'Read', delivered: 'Sent',
  reconnecting: 'Reconnecting…', stars: '{n} of 5',
};
type Strings = typeof en;

const ar: Strings = {
  open: 'تحدث معنا', close: 'إغلاق المحادثة', title: 'تحدث معنا', language: 'اللغة', name: 'اسمك', email: 'البريد الإلكتروني', phone: 'الهاتف',
  topic: 'الموضوع', chooseTopic: 'اختر موضوعاً', optional: '(اختياري)', start: 'ابدأ المحادثة', message: 'الرسالة', typeMessage: 'اكتب رسالة…',
  send: 'إرسال', attach: 'إرفاق ملف', emoji: 'رموز تعبيرية', waiting: 'في انتظار موظف…', position: 'ترتيبك في الانتظار: {n}',
  wait: 'وقت الانتظار المتوقع: حوالي {m} دقيقة', joined: 'انضم {name} إلى المحادثة', typing: '{name} يكتب…', agent: 'الموظف', you: 'أنت',
  ended: 'انتهت المحادثة.', rate: 'كيف كانت خدمتنا؟', comment: 'تعليق (اختياري)', submitRating: 'أرسل التقييم', thanksRating: 'شكراً على رأيك!',
  transcript: 'أرسل لي نص المحادثة بالبريد', transcriptSent: 'نص المحادثة في الطريق إليك.', newChat: 'ابدأ محادثة جديدة', endChat: 'إنهاء المحادثة',
  offlineTitle: 'اترك لنا رسالة', offlineDefault: 'لا يمكن لأحد الرد الآن. اترك رسالة وسنعود إليك.',
  leave: 'أرسل الرسالة', offlineThanks: 'شكراً لك! سنعود إليك قريباً.', contactNeeded: 'أدخل بريداً إلكترونياً أو رقم هاتف.',
  required: 'يرجى ملء هذا الحقل.', error: 'حدث خطأ. حاول مرة أخرى.', tooLarge: 'الملف كبير جداً.',
  badType: 'هذا النوع من الملفات غير مقبول.', slowDown: 'أنت ترسل بسرعة كبيرة. انتظر قليلاً.', read: 'مقروءة', delivered: 'أرسلت',
  reconnecting: 'جارٍ إعادة الاتصال…', stars: '{n} من 5',
};

const az: Strings = {
  open: 'Bizimlə yazışın', close: 'Söhbəti bağla', title: 'Bizimlə yazışın', language: 'Dil', name: 'Adınız', email: 'E-poçt', phone: 'Telefon',
  topic: 'Mövzu', chooseTopic: 'Mövzu seçin', optional: '(istəyə bağlı)', start: 'Söhbətə başla', message: 'Mesaj', typeMessage: 'Mesaj yazın…',
  send: 'Göndər', attach: 'Fayl əlavə et', emoji: 'Emoji', waiting: 'Operator gözlənilir…', position: 'Növbədə {n}-cisiniz',
  wait: 'Təxmini gözləmə: təxminən {m} dəq', joined: '{name} söhbətə qoşuldu', typing: '{name} yazır…', agent: 'Operator', you: 'Siz',
  ended: 'Söhbət bitdi.', rate: 'Xidmətimizi necə qiymətləndirirsiniz?', comment: 'Şərh (istəyə bağlı)', submitRating: 'Qiyməti göndər', thanksRating: 'Rəyiniz üçün təşəkkür edirik!',
  transcript: 'Söhbətin mətnini e-poçtuma göndər', transcriptSent: 'Söhbətin mətni göndərilir.', newChat: 'Yeni söhbət', endChat: 'Söhbəti bitir',
  offlineTitle: 'Bizə mesaj buraxın', offlineDefault: 'Hazırda cavab verən yoxdur. Mesaj buraxın, sizinlə əlaqə saxlayacağıq.',
  leave: 'Mesajı göndər', offlineThanks: 'Təşəkkür edirik! Tezliklə sizinlə əlaqə saxlayacağıq.', contactNeeded: 'E-poçt və ya telefon nömrəsi yazın.',
  required: 'Bu sahəni doldurun.', error: 'Xəta baş verdi. Yenidən cəhd edin.', tooLarge: 'Fayl çox böyükdür.',
  badType: 'Bu fayl növü qəbul edilmir.', slowDown: 'Çox tez göndərirsiniz. Bir az gözləyin.', read: 'Oxundu', delivered: 'Göndərildi',
  reconnecting: 'Yenidən qoşulur…', stars: '{n} / 5',
};

export const strings: Record<Lang, Strings> = { en, ar, az };
export const languageNames: Record<Lang, string> = { en: 'English', ar: 'العربية', az: 'Azərbaycanca' };
export type Key = keyof Strings;

/** The string in the language, with `{name}` placeholders filled. */
export function t(lang: Lang, key: Key, vars: Record<string, string | number> = {}) {
  return strings[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** The first of the browser's languages the channel offers, else the channel's default. */
export function detectLanguage(offered: readonly string[], fallback: string, browser: readonly string[]): Lang {
  for (const l of browser) {
    const base = l.toLowerCase().split('-')[0]!;
    if (offered.includes(base)) return base as Lang;
  }
  return (offered.includes(fallback) ? fallback : offered[0] ?? 'en') as Lang;
}
