// Demo customers, products and contact reasons, in the three languages of the product.

export type Person = { name: string; language: 'en' | 'ar' | 'az'; timezone: string; phone: string; email: string; city: string; currency: string };

const groups = [
  {
    language: 'az' as const, timezone: 'Asia/Baku', currency: 'AZN', phonePrefix: '+99450', cities: ['Bakı', 'Gəncə', 'Sumqayıt'],
    first: ['Elvin', 'Günel', 'Rəşad', 'Aynur', 'Tural', 'Nigar', 'Kamran', 'Səbinə', 'Orxan', 'Lalə', 'Vüsal', 'Könül', 'Fərid', 'Aytən', 'Elnur', 'Xədicə', 'Murad'],
    last: ['Quliyev', 'Həsənova', 'İsmayılov', 'Kərimova', 'Rzayev', 'Abbasova', 'Nəsirov', 'Səfərova'],
    latin: (n: string) => n.toLowerCase().replace(/ə/g, 'e').replace(/ı/g, 'i').replace(/ö/g, 'o').replace(/ü/g, 'u').replace(/ş/g, 's').replace(/ç/g, 'c').replace(/ğ/g, 'g').replace(/i̇/g, 'i').replace(/[^a-z]/g, ''),
  },
  {
    language: 'ar' as const, timezone: 'Asia/Riyadh', currency: 'SAR', phonePrefix: '+96650', cities: ['الرياض', 'جدة', 'الدمام'],
    first: ['محمد', 'فاطمة', 'أحمد', 'نورة', 'عبدالله', 'سارة', 'خالد', 'ريم', 'يوسف', 'هند', 'سلمان', 'لينا', 'فيصل', 'مريم', 'عمر', 'دانة', 'ماجد'],
    last: ['العتيبي', 'القحطاني', 'الشمري', 'الحربي', 'الزهراني', 'الغامدي', 'الدوسري', 'المطيري'],
    latin: () => '',
  },
  {
    language: 'en' as const, timezone: 'Europe/London', currency: 'GBP', phonePrefix: '+447700', cities: ['London', 'Manchester', 'Leeds'],
    first: ['James', 'Olivia', 'Harry', 'Amelia', 'George', 'Isla', 'Jack', 'Emily', 'Noah', 'Sophie', 'Oscar', 'Grace', 'Leo', 'Chloe', 'Arthur', 'Ella'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Thomas', 'Roberts'],
    latin: (n: string) => n.toLowerCase().replace(/[^a-z]/g, ''),
  },
];

export const people: Person[] = groups.flatMap((g, gi) =>
  g.first.map((first, i) => {
    const last = g.last[i % g.last.length]!;
    const n = 100_000 + gi * 1000 + i * 37;
    const local = g.latin(`${first}.${last}`) || `customer${gi}${i}`;
    return {
      name: `${first} ${last}`, language: g.language, timezone: g.timezone, currency: g.currency, city: g.cities[i % 3]!,
      phone: `${g.phonePrefix}${String(n).padStart(g.phonePrefix.length > 6 ? 4 : 7, '0').slice(-(13 - g.phonePrefix.length + 1))}`.slice(0, 13),
      email: `${local}.${i}@example.com`,
    };
  }));

export const products = [
  { sku: 'PH-100', name: 'Smartphone X', price: '499.00' },
  { sku: 'CS-12', name: 'Phone case', price: '19.90' },
  { sku: 'HP-7', name: 'Wireless headphones', price: '129.00' },
  { sku: 'RT-5', name: 'Home router', price: '89.00' },
  { sku: 'SIM-1', name: 'Prepaid SIM plan', price: '15.00' },
  { sku: 'TB-3', name: 'Tablet 10"', price: '299.00' },
] as const;

type Text = { en: string; ar: string; az: string };
export const reasons: { code: string; department: string; caseType?: 'complaint' | 'suggestion' | 'inquiry' | 'return' | 'exchange' | 'order'; subject: Text; message: Text }[] = [
  { code: 'billing_question', department: 'billing', caseType: 'inquiry', subject: { en: 'Question about my bill', ar: 'استفسار عن الفاتورة', az: 'Hesabla bağlı sual' },
    message: { en: 'Why is my bill higher this month?', ar: 'لماذا فاتورتي أعلى هذا الشهر؟', az: 'Bu ay hesabım niyə daha çoxdur?' } },
  { code: 'return_request', department: 'returns', caseType: 'return', subject: { en: 'I want to return an item', ar: 'أرغب في إرجاع منتج', az: 'Məhsulu qaytarmaq istəyirəm' },
    message: { en: 'The headphones stopped working, can I return them?', ar: 'توقفت السماعات عن العمل، هل يمكنني إرجاعها؟', az: 'Qulaqlıqlar işləmir, qaytara bilərəmmi?' } },
  { code: 'exchange_request', department: 'returns', caseType: 'exchange', subject: { en: 'Exchange for another size', ar: 'استبدال بمقاس آخر', az: 'Başqa ölçü ilə dəyişmək' },
    message: { en: 'Can I exchange the case for another colour?', ar: 'هل يمكنني استبدال الغطاء بلون آخر؟', az: 'Qabı başqa rənglə dəyişə bilərəmmi?' } },
  { code: 'technical_issue', department: 'technical', caseType: 'complaint', subject: { en: 'Internet keeps dropping', ar: 'انقطاع الإنترنت المتكرر', az: 'İnternet tez-tez kəsilir' },
    message: { en: 'My router disconnects every hour.', ar: 'الراوتر ينقطع كل ساعة.', az: 'Router hər saat bağlantını kəsir.' } },
  { code: 'order_status', department: 'sales', caseType: undefined, subject: { en: 'Where is my order?', ar: 'أين طلبي؟', az: 'Sifarişim haradadır?' },
    message: { en: 'When will my order arrive?', ar: 'متى سيصل طلبي؟', az: 'Sifarişim nə vaxt çatacaq?' } },
  { code: 'new_purchase', department: 'sales', caseType: 'order', subject: { en: 'I want to buy a tablet', ar: 'أريد شراء جهاز لوحي', az: 'Planşet almaq istəyirəm' },
    message: { en: 'Do you have the 10" tablet in stock?', ar: 'هل يتوفر الجهاز اللوحي ١٠ بوصة؟', az: '10 düymlük planşet var?' } },
  { code: 'suggestion', department: 'sales', caseType: 'suggestion', subject: { en: 'Suggestion: longer opening hours', ar: 'اقتراح: ساعات عمل أطول', az: 'Təklif: daha uzun iş saatları' },
    message: { en: 'Please open the branch on Saturdays.', ar: 'أرجو فتح الفرع يوم السبت.', az: 'Zəhmət olmasa filialı şənbə günləri açın.' } },
];
