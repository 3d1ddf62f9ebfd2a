import { expect } from 'vitest';
import type { Client, TestWorkspace } from './server.js';

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 8000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export type Offer = { id: string; interactionId: string; queueId: string; customerName: string; expiresAt: string };

export const offersOf = async (c: Client): Promise<Offer[]> => (await c.get('/api/routing/me')).json().offers;

/** Waits for an offer of `interactionId` to any of `agents`; returns the agent and the offer. */
export async function offered(agents: Client[], interactionId: string, ms = 8000) {
  return eventually(async () => {
    for (const a of agents) {
      const o = (await offersOf(a)).find((x) => x.interactionId === interactionId);
      if (o) return { agent: a, offer: o };
    }
    return undefined;
  }, ms, `an offer of ${interactionId}`);
}

/** A queue, agents with its skill (signed in, offline) and a customer in workspace `w`. */
export async function routingFixture(w: TestWorkspace, opts: { agents?: number; settings?: Record<string, unknown>; channels?: string[] } = {}) {
  // A skill of its own, so agents of other fixtures in the workspace never serve this queue.
  const skill = `sales_${Math.random().toString(36).slice(2, 8)}`;
  const q = await w.admin.post('/api/queues', { name: `Queue ${skill}`, channels: opts.channels ?? ['chat', 'voice', 'email'], settings: { requiredSkills: [{ skill, minLevel: 1 }], preferredAgentSeconds: 0, ...opts.settings } });
  expect(q.statusCode, q.body).toBe(201);
  const agents: Client[] = [];
  for (let i = 0; i < (opts.agents ?? 2); i++) {
    const a = await w.user('agent');
    const r = await w.admin.patch(`/api/users/${a.userId}`, { skills: [{ skill, level: 3 }] });
    expect(r.statusCode, r.body).toBe(200);
    agents.push(a);
  }
  const c = await w.admin.post('/api/customers', { name: 'Routing Customer' });
  expect(c.statusCode, c.body).toBe(201);
  return { queueId: q.json().queue.id as string, agents, customerId: c.json().customer.id as string };
}

export async function setState(c: Client, state: string, reason?: string) {
  const r = await c.request('PUT', '/api/routing/me/state', { state, ...(reason ? { reason } : {}) });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

export async function newContact(w: TestWorkspace, customerId: string, queueId: string, channel = 'chat') {
  const r = await w.supervisor.post('/api/interactions', { customerId, channel, queueId });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().interaction?.id ?? r.json().id;
}
