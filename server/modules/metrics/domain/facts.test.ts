import { describe, expect, it } from 'vitest';
import { contactFacts, isRepeated, type MetricEvent } from './facts.js';
import { contribution, emptyTotals, addTotals, kpis } from './kpis.js';

const T0 = Date.parse('2025-03-10T09:00:00Z');
const s = (sec: number) => T0 + sec * 1000;
const ev = (type: string, sec: number, extra: Partial<MetricEvent> = {}): MetricEvent => ({ type, at: s(sec), queueId: 'q1', agentId: null, ...extra });
const contact = (id = 'c1', more: Partial<{ channel: string; customerId: string; caseId: string | null; reason: string | null; createdAt: number }> = {}) =>
  ({ id, channel: 'voice', customerId: 'cust', caseId: null, reason: null, createdAt: T0, ...more });
const settings = { shortAbandonSeconds: 5, slSeconds: 20 };

describe('contact facts', () => {
  it('a voice call: wait, talk, hold and after-contact work', () => {
    const f = contactFacts(contact(), [
      ev('created', 0), ev('queued', 0), ev('offered', 10, { agentId: 'a1' }), ev('accepted', 15, { agentId: 'a1' }), ev('answered', 15, { agentId: 'a1' }),
      ev('held', 60, { agentId: 'a1' }), ev('resumed', 90, { agentId: 'a1' }), ev('wrap_up_started', 200, { agentId: 'a1' }),
      ev('wrap_up_ended', 230, { agentId: 'a1' }), ev('resolved', 230), ev('closed', 230),
    ], settings);
    expect(f).toMatchObject({
      offered: 1, answered: 1, answerWaitMs: 15_000, waitMs: 15_000, answeredInSl: 1, abandoned: 0, shortAbandoned: 0,
      handled: 1, talkMs: 155_000, holdMs: 30_000, acwMs: 30_000, resolved: 1, agentId: 'a1', queueId: 'q1', arrivedAt: T0,
    });
    // AHT = talk + hold + ACW = 215 s
    expect(kpis(contribution(f, false, 4)).aht).toBe(215);
  });

  it('a transfer keeps the original queue time and excludes the second wait from handle time', () => {
    const f = contactFacts(contact(), [
      ev('created', 0), ev('queued', 0), ev('accepted', 30, { agentId: 'a1' }), ev('answered', 30, { agentId: 'a1' }),
      ev('transferred', 100, { agentId: 'a1', queueId: 'q2' }), ev('offered', 110, { agentId: 'a2', queueId: 'q2' }),
      ev('accepted', 120, { agentId: 'a2', queueId: 'q2' }), ev('wrap_up_started', 300, { agentId: 'a2', queueId: 'q2' }),
      ev('wrap_up_ended', 310, { agentId: 'a2', queueId: 'q2' }), ev('closed', 310),
    ], settings);
    // ASA wait is the first answer only: 30 s, not over the 20 s threshold's re-count; queue = first queue.
    expect(f).toMatchObject({ answerWaitMs: 30_000, answeredInSl: 0, queueId: 'q1', agentId: 'a2', transfers: 1 });
    // talk = (300 − 30) − 20 s back in queue = 250 s; ACW 10 s
    expect(f).toMatchObject({ talkMs: 250_000, holdMs: 0, acwMs: 10_000, handled: 1 });
  });

  it('short abandons are apart from abandons', () => {
    const short = contactFacts(contact('a'), [ev('created', 0), ev('queued', 0), ev('abandoned', 4.999)], settings);
    const long = contactFacts(contact('b'), [ev('created', 0), ev('queued', 0), ev('abandoned', 5)], settings);
    expect(short).toMatchObject({ offered: 1, shortAbandoned: 1, abandoned: 0, waitMs: 4999, handled: 0 });
    expect(long).toMatchObject({ offered: 1, shortAbandoned: 0, abandoned: 1, waitMs: 5000 });
  });

  it('answered exactly at T is within service level; a contact never queued is not offered', () => {
    expect(contactFacts(contact(), [ev('queued', 0), ev('answered', 20, { agentId: 'a' })], settings).answeredInSl).toBe(1);
    expect(contactFacts(contact(), [ev('queued', 0), ev('answered', 20.001, { agentId: 'a' })], settings).answeredInSl).toBe(0);
    const direct = contactFacts(contact(), [ev('created', 0, { queueId: null }), ev('assigned', 5, { agentId: 'a', queueId: null }), ev('answered', 5, { agentId: 'a', queueId: null }), ev('closed', 65, { queueId: null })], settings);
    expect(direct).toMatchObject({ offered: 0, answered: 0, answerWaitMs: null, handled: 1, talkMs: 60_000, queueId: null });
  });

  it('a chat handled without wrap-up: accept to close is talk', () => {
    const f = contactFacts(contact('c', { channel: 'chat' }), [ev('queued', 0), ev('accepted', 40, { agentId: 'a' }), ev('answered', 40, { agentId: 'a' }), ev('resolved', 400), ev('closed', 400)], { shortAbandonSeconds: 5, slSeconds: 60 });
    expect(f).toMatchObject({ answeredInSl: 1, talkMs: 360_000, acwMs: 0, handled: 1 });
  });

  it('a contact still in progress is not handled yet; ratings keep the last valid score', () => {
    const f = contactFacts(contact(), [ev('queued', 0), ev('answered', 3, { agentId: 'a' }), ev('rated', 9, { data: { score: 2 } }), ev('rated', 10, { data: { score: 5 } }), ev('rated', 11, { data: { score: 9 } })], settings);
    expect(f).toMatchObject({ handled: 0, talkMs: 0, rating: 5 });
  });
});

describe('FCR', () => {
  const base = { customerId: 'c', caseId: null as string | null, reason: 'billing' as string | null };
  const a = { ...base, interactionId: 'a', createdAt: T0 };
  it('a repeat on the same reason within 7 days makes the first contact not first-contact-resolved', () => {
    const b = { ...base, interactionId: 'b', createdAt: T0 + 6.9 * 86_400_000 };
    expect(isRepeated(a, [a, b], 7)).toBe(true);
    expect(isRepeated(b, [a, b], 7)).toBe(false);
    expect(isRepeated(a, [a, { ...b, createdAt: T0 + 7.1 * 86_400_000 }], 7)).toBe(false);
    expect(isRepeated(a, [a, { ...b, reason: 'delivery' }], 7)).toBe(false);
    expect(isRepeated(a, [a, { ...b, customerId: 'other' }], 7)).toBe(false);
  });
  it('the same case counts even with another reason', () => {
    const x = { ...a, caseId: 'k1', reason: null };
    expect(isRepeated(x, [x, { ...x, interactionId: 'y', reason: 'other', createdAt: T0 + 1000 }], 7)).toBe(true);
  });
});

describe('KPIs from counters', () => {
  it('hand-computed floor: ASA, SL, abandonment, AHT, FCR, CSAT', () => {
    const f = (evs: MetricEvent[], id: string) => contactFacts(contact(id), evs, settings);
    const facts = [
      f([ev('queued', 0), ev('answered', 10, { agentId: 'a' }), ev('wrap_up_started', 110, { agentId: 'a' }), ev('wrap_up_ended', 120), ev('resolved', 120), ev('closed', 120), ev('rated', 130, { data: { score: 5 } })], '1'),
      f([ev('queued', 0), ev('answered', 30, { agentId: 'a' }), ev('wrap_up_started', 230, { agentId: 'a' }), ev('wrap_up_ended', 250), ev('resolved', 250), ev('closed', 250), ev('rated', 260, { data: { score: 3 } })], '2'),
      f([ev('queued', 0), ev('abandoned', 2)], '3'),
      f([ev('queued', 0), ev('abandoned', 40)], '4'),
    ];
    const t = facts.map((x, i) => contribution(x, i === 1, 4)).reduce(addTotals, emptyTotals());
    const k = kpis(t);
    expect(k).toMatchObject({ offered: 4, answered: 2, abandoned: 1, shortAbandoned: 1 });
    expect(k.asa).toBe(20); // (10 + 30) / 2
    expect(k.serviceLevel).toBe(33.3); // 1 answered within 20 s ÷ (2 answered + 1 abandoned after 5 s)
    expect(k.abandonRate).toBe(33.3); // 1 abandoned ÷ (4 offered − 1 short)
    expect(k.aht).toBe(165); // (100 s talk + 10 s ACW) and (200 + 20): (110 + 220) / 2
    expect(k.avgAcw).toBe(15);
    expect(k.longestWait).toBe(40);
    expect(k.fcr).toBe(50); // contact 2 was repeated
    expect(k.csat).toBe(50);
    expect(k.csatMean).toBe(4);
  });
});
