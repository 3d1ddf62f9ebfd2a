import { hash } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/index.js';
import { newSecret } from '../platform/auth/index.js';
import { schema } from '../platform/db/index.js';
import { seedDemoChannels } from './demo-channels.js';
import { seedDemoChat } from './demo-chat.js';
import { seedDemoEmail } from './demo-email.js';
import { people, reasons, products, type Person } from './demo-data.js';

const s = schema;
export const DEMO_SLUG = 'demo';

export const hasWorkspace = async (db: Db) => (await db.select({ id: s.workspaces.id }).from(s.workspaces).limit(1)).length > 0;

/** A small deterministic generator, so every demo install looks the same. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const agents = [
  { name: 'Leyla Məmmədova', languages: ['az', 'en'], skills: { sales: 4, billing: 2 } },
  { name: 'Omar Haddad', languages: ['ar', 'en'], skills: { technical: 5, billing: 3 } },
  { name: 'Sarah Collins', languages: ['en'], skills: { sales: 3, returns: 4 } },
  { name: 'Nurlan Əliyev', languages: ['az', 'ar'], skills: { technical: 3, returns: 2 } },
  { name: 'Fatima Al-Zahra', languages: ['ar', 'az', 'en'], skills: { billing: 5, sales: 2 } },
  { name: 'Daniel Price', languages: ['en', 'az'], skills: { returns: 5, technical: 2 } },
];

export interface DemoResult { created: boolean; logins: string[]; passwordShown?: string }

/** Seeds the demo workspace: staff, departments, queues and ~50 customers with history. Idempotent. */
export async function seedDemo(db: Db, opts: { password?: string; now?: Date }): Promise<DemoResult> {
  const logins = ['admin@demo.tawasul.test', 'supervisor@demo.tawasul.test', ...agents.map((_, i) => `agent${i + 1}@demo.tawasul.test`)];
  const existing = await db.select().from(s.workspaces).where(eq(s.workspaces.slug, DEMO_SLUG));
  if (existing.length) return { created: false, logins };
  const password = opts.password ?? newSecret(12);
  const passwordHash = await hash(password);
  const now = opts.now ?? new Date();
  const rnd = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const daysAgo = (d: number, h = 0) => new Date(now.getTime() - d * 86400_000 - h * 3600_000);

  await db.transaction(async (tx) => {
    const [ws] = await tx.insert(s.workspaces).values({ name: 'Demo', slug: DEMO_SLUG, timezone: 'Asia/Baku', defaultLanguage: 'en' }).returning();
    const wsId = ws!.id;
    const staff = await tx.insert(s.users).values([
      { workspaceId: wsId, email: logins[0]!, name: 'Aysel Hüseynova', role: 'admin' as const, passwordHash, languages: ['az', 'en'] },
      { workspaceId: wsId, email: logins[1]!, name: 'Khalid Mansour', role: 'supervisor' as const, passwordHash, languages: ['ar', 'en'], uiLanguage: 'en' },
      ...agents.map((a, i) => ({ workspaceId: wsId, email: logins[i + 2]!, name: a.name, role: 'agent' as const, passwordHash, languages: a.languages })),
    ]).returning();
    const agentRows = staff.slice(2);
    await tx.insert(s.userSkills).values(agentRows.flatMap((u, i) =>
      Object.entries(agents[i]!.skills).map(([skill, level]) => ({ workspaceId: wsId, userId: u.id, skill, level }))));
    const depts = await tx.insert(s.departments).values(
      ['sales', 'billing', 'technical', 'returns'].map((name) => ({ workspaceId: wsId, name: name[0]!.toUpperCase() + name.slice(1), description: `${name} department` })),
    ).returning();
    const deptOf = (skill: string) => depts.find((d) => d.name.toLowerCase() === skill)!;
    await tx.insert(s.departmentMembers).values([
      ...agentRows.map((u, i) => ({ workspaceId: wsId, departmentId: deptOf(Object.keys(agents[i]!.skills)[0]!).id, userId: u.id, role: 'member' as const })),
      ...depts.map((d) => ({ workspaceId: wsId, departmentId: d.id, userId: staff[1]!.id, role: 'lead' as const })),
    ]);
    const queueRows = await tx.insert(s.queues).values([
      { workspaceId: wsId, name: 'Sales', departmentId: deptOf('sales').id, channels: ['voice', 'chat', 'whatsapp'], priority: 1, settings: { requiredSkills: [{ skill: 'sales', minLevel: 1 }] } },
      { workspaceId: wsId, name: 'Billing', departmentId: deptOf('billing').id, channels: ['voice', 'email', 'chat'], settings: { requiredSkills: [{ skill: 'billing', minLevel: 2 }] } },
      { workspaceId: wsId, name: 'Technical support', departmentId: deptOf('technical').id, channels: ['voice', 'chat', 'email', 'telegram'], settings: { requiredSkills: [{ skill: 'technical', minLevel: 2 }] } },
      { workspaceId: wsId, name: 'Returns & exchanges', departmentId: deptOf('returns').id, channels: ['email', 'chat', 'walk_in', 'form'], settings: { requiredSkills: [{ skill: 'returns', minLevel: 1 }] } },
      { workspaceId: wsId, name: 'Arabic line', channels: ['voice', 'chat', 'whatsapp'], language: 'ar', priority: 2, settings: {} },
    ]).returning();
    await seedDemoEmail(tx, wsId, queueRows);
    await seedDemoChat(tx, wsId, queueRows);
    await seedDemoChannels(tx, wsId, queueRows);

    let caseNumber = 1000;
    let orderNumber = 50_000;
    for (const [i, person] of people.entries()) {
      const p = person as Person;
      const [c] = await tx.insert(s.customers).values({
        workspaceId: wsId, name: p.name, language: p.language, timezone: p.timezone,
        tags: i % 7 === 0 ? ['vip'] : i % 5 === 0 ? ['new'] : [], attributes: { city: p.city, loyaltyTier: pick(['bronze', 'silver', 'gold']) },
        createdAt: daysAgo(200 - i * 3),
      }).returning();
      const cid = c!.id;
      await tx.insert(s.customerIdentities).values([
        { workspaceId: wsId, customerId: cid, kind: 'phone' as const, value: p.phone },
        { workspaceId: wsId, customerId: cid, kind: 'email' as const, value: p.email },
        ...(i % 3 === 0 ? [{ workspaceId: wsId, customerId: cid, kind: 'whatsapp' as const, value: p.phone.slice(1) }] : []),
      ]);
      const orderRows = [];
      for (let k = 0; k < 1 + (i % 3); k++) {
        const items = [pick(products), pick(products)].map((pr) => ({ sku: pr.sku, name: pr.name, quantity: 1 + Math.floor(rnd() * 2), unitPrice: pr.price }));
        const amount = items.reduce((sum, it) => sum + it.quantity * Number(it.unitPrice), 0).toFixed(2);
        const [o] = await tx.insert(s.orders).values({
          workspaceId: wsId, customerId: cid, number: `ORD-${orderNumber++}`, status: pick(['paid', 'shipped', 'delivered', 'delivered', 'returned'] as const),
          currency: p.currency, amount, items, orderedAt: daysAgo(60 - k * 15 - (i % 10)), createdAt: daysAgo(60 - k * 15 - (i % 10)),
        }).returning();
        orderRows.push(o!);
      }
      // Past contacts: each with the event log of a handled interaction.
      for (let k = 0; k < 1 + (i % 3); k++) {
        const reason = pick(reasons);
        const channel = pick(['voice', 'chat', 'email', 'whatsapp', 'sms', 'walk_in', 'telegram'] as const);
        const agent = pick(agentRows);
        const queue = queueRows.find((q) => q.name.toLowerCase().startsWith(reason.department.slice(0, 4))) ?? queueRows[0]!;
        const start = daysAgo(30 - k * 9 - (i % 7), (i * 3) % 10);
        const at = (sec: number) => new Date(start.getTime() + sec * 1000);
        const wait = 5 + Math.floor(rnd() * 60);
        const talk = 120 + Math.floor(rnd() * 480);
        let caseId: string | null = null;
        if (reason.caseType) {
          const [cs] = await tx.insert(s.cases).values({
            workspaceId: wsId, number: ++caseNumber, customerId: cid, type: reason.caseType, status: k === 0 && i % 4 === 0 ? 'open' : 'resolved',
            priority: reason.caseType === 'complaint' ? 'high' : 'normal', subject: reason.subject[p.language as 'en' | 'ar' | 'az'] ?? reason.subject.en,
            departmentId: deptOf(reason.department).id, assigneeId: agent.id, orderId: orderRows[0]!.id, createdById: agent.id,
            resolvedAt: k === 0 && i % 4 === 0 ? null : at(wait + talk + 60), createdAt: at(wait + 30), updatedAt: at(wait + talk),
          }).returning();
          caseId = cs!.id;
        }
        const [it] = await tx.insert(s.interactions).values({
          workspaceId: wsId, customerId: cid, channel, direction: 'inbound', status: 'closed', priority: 'normal', language: p.language,
          subject: channel === 'email' ? reason.subject.en : null, reason: reason.code, resolved: rnd() > 0.2, queueId: queue.id, assigneeId: agent.id,
          caseId, createdAt: start, updatedAt: at(wait + talk + 60), closedAt: at(wait + talk + 60),
        }).returning();
        const iid = it!.id;
        await tx.insert(s.messages).values([
          { workspaceId: wsId, interactionId: iid, direction: 'inbound' as const, authorType: 'customer' as const, body: reason.message[p.language as 'en' | 'ar' | 'az'] ?? reason.message.en, createdAt: at(0) },
          { workspaceId: wsId, interactionId: iid, direction: 'outbound' as const, authorType: 'agent' as const, authorId: agent.id, body: p.language === 'ar' ? `مرحباً ${p.name.split(' ')[0]}، سأساعدك في ذلك الآن.` : p.language === 'az' ? `Salam ${p.name.split(' ')[0]}, indi sizə kömək edəcəyəm.` : `Hello ${p.name.split(' ')[0]}, I will help you with that right away.`, createdAt: at(wait + 20) },
        ]);
        const ev = (type: string, sec: number, extra: Partial<typeof s.interactionEvents.$inferInsert> = {}) =>
          ({ workspaceId: wsId, interactionId: iid, type, at: at(sec), actorType: 'system' as const, queueId: queue.id, ...extra });
        await tx.insert(s.interactionEvents).values([
          ev('created', 0, { actorType: 'customer' }), ev('queued', 0), ev('offered', wait - 3, { agentId: agent.id }),
          ev('accepted', wait, { actorType: 'agent', actorId: agent.id, agentId: agent.id }),
          ev('answered', wait, { actorType: 'agent', actorId: agent.id, agentId: agent.id }),
          ev('wrap_up_started', wait + talk, { actorType: 'agent', actorId: agent.id, agentId: agent.id }),
          ev('wrap_up_ended', wait + talk + 60, { actorType: 'agent', actorId: agent.id, agentId: agent.id, data: { reason: reason.code } }),
          ev('resolved', wait + talk + 60, { actorType: 'agent', actorId: agent.id, agentId: agent.id }),
          ...(rnd() > 0.4 ? [ev('rated', wait + talk + 120, { actorType: 'customer', data: { score: 3 + Math.floor(rnd() * 3) } })] : []),
        ]);
      }
      if (i % 4 === 0) {
        await tx.insert(s.customerNotes).values({ workspaceId: wsId, customerId: cid, authorId: pick(agentRows).id, body: p.language === 'ar' ? 'يفضل التواصل عبر واتساب في المساء.' : p.language === 'az' ? 'Axşam saatlarında WhatsApp ilə əlaqə üstünlük verir.' : 'Prefers WhatsApp in the evening.', createdAt: daysAgo(10 + i % 9) });
      }
    }
    await tx.insert(s.caseCounters).values({ workspaceId: wsId, last: caseNumber });
  });
  return { created: true, logins, passwordShown: opts.password ? undefined : password };
}
