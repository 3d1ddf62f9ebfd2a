import { Readable } from 'node:stream';
import { z } from 'zod';
import { managers, principal, staff } from '../../platform/auth/index.js';
import type { Db } from '../../platform/db/index.js';
import { pageQuery, type ZodApp } from '../../platform/http/index.js';
import { idParams, languageCode, listOf, requestContext } from '../../platform/http/schemas.js';
import { exportCsv, importCsv } from './csv.js';
import { isCurrency, isTimeZone, money } from './domain/fields.js';
import { identityKinds, orders } from './schema.js';
import type { CustomerService } from './service.js';

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

const tags = ['customers'];
const name = z.string().trim().min(1).max(200);
const timezone = z.string().max(64).refine(isTimeZone, 'an IANA time zone such as Asia/Baku');
const tagList = z.array(z.string().trim().min(1).max(50)).max(50);
const attributes = z.record(z.string().min(1).max(100), z.unknown())
  .refine((o) => Object.keys(o).length <= 100 && JSON.stringify(o).length <= 16_000, 'at most 100 keys and 16 kB');
const country = z.string().regex(/^[A-Za-z]{2}$/, 'an ISO 3166 two-letter country code').optional()
  .describe('Country for phone numbers without an international prefix; default: the workspace timezone’s');
const identityInput = z.object({ kind: z.enum(identityKinds), value: z.string().trim().min(1).max(254), country }).strict();
const amount = z.string().regex(money, 'a decimal string >= 0 with at most 2 decimals, e.g. "149.90"');

const identity = z.object({ id: z.string(), kind: z.enum(identityKinds), value: z.string() });
const customer = z.object({
  id: z.string(), name: z.string(), language: z.string().nullable(), timezone: z.string().nullable(), tags: z.array(z.string()),
  attributes: z.record(z.string(), z.unknown()), identities: z.array(identity), createdAt: z.string(), updatedAt: z.string(),
});
const orderItem = z.object({ sku: z.string().trim().min(1).max(64).optional(), name: z.string().trim().min(1).max(200), quantity: z.number().int().min(1).max(100_000), unitPrice: amount }).strict();
const order = z.object({
  id: z.string(), customerId: z.string(), number: z.string(), status: z.enum(orders.status.enumValues), currency: z.string(), amount: z.string(),
  items: z.array(z.object({ sku: z.string().optional(), name: z.string(), quantity: z.number(), unitPrice: z.string() })), orderedAt: z.string(),
});
const note = z.object({ id: z.string(), body: z.string(), authorId: z.string().nullable(), authorName: z.string().nullable(), createdAt: z.string() });
const timelineItem = z.object({
  kind: z.enum(['interaction', 'case', 'order', 'note']), id: z.string(), at: z.string(), title: z.string(), summary: z.string(), data: z.record(z.string(), z.unknown()),
});
const one = z.object({ customer });

export function customerRoutes(root: ZodApp, svc: CustomerService, db: Db) {
  // Encapsulated, so the CSV body parser applies to these routes only.
  root.register(async (instance) => {
    const app = instance as unknown as ZodApp;
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_MAX_BYTES }, (_req, body, done) => done(null, body));

    app.get('/api/customers', {
      config: { roles: staff },
      schema: {
        tags, summary: 'Customers, newest first; `q` matches name, any identity (a phone or email in any spelling) and order numbers',
        querystring: pageQuery.extend({ q: z.string().max(200).optional() }), response: { 200: listOf(customer) },
      },
    }, (req) => svc.list(principal(req).workspaceId, req.query));

    app.post('/api/customers', {
      config: { roles: staff },
      schema: {
        tags, summary: 'Create a customer with identities (409 identity_taken when another customer has one)',
        body: z.object({
          name, language: languageCode.nullable().optional(), timezone: timezone.nullable().optional(), tags: tagList.optional(),
          attributes: attributes.optional(), identities: z.array(identityInput).max(20).optional(),
        }).strict(),
        response: { 201: one },
      },
    }, async (req, reply) => reply.status(201).send({ customer: await svc.create(principal(req), req.body) }));

    app.get('/api/customers/lookup', {
      config: { roles: staff },
      schema: {
        tags, summary: 'The customer with this identity, in any spelling (404 when none)',
        querystring: z.object({ kind: z.enum(identityKinds), value: z.string().trim().min(1).max(254), country }), response: { 200: one },
      },
    }, async (req) => {
      const found = await svc.findByIdentity(principal(req).workspaceId, req.query.kind, req.query.value, req.query.country);
      if (!found) throw svc.notFound();
      return { customer: found };
    });

    app.get('/api/customers/export', {
      config: { roles: managers },
      schema: { tags, summary: `CSV of live customers: id,name,language,timezone,tags,phone,email,whatsapp,telegram,messenger,created_at (multi-values |-separated)`, produces: ['text/csv'] },
    }, (req, reply) => reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="customers.csv"')
      .send(Readable.from(exportCsv(db, principal(req).workspaceId))));

    app.post('/api/customers/import', {
      config: { roles: managers },
      bodyLimit: IMPORT_MAX_BYTES,
      schema: {
        tags, consumes: ['text/csv'],
        summary: 'Import customers from CSV (text/csv, max 5 MB, header with at least `name`): each row creates a customer or updates the one with the same id, phone or email; bad rows are reported by line (header = 1) and skip only themselves',
        body: z.string().max(IMPORT_MAX_BYTES),
        response: { 200: z.object({ created: z.number(), updated: z.number(), errors: z.array(z.object({ row: z.number(), message: z.string() })) }) },
      },
    }, (req) => importCsv(db, svc, principal(req), req.body));

    app.get('/api/customers/:id', {
      config: { roles: staff },
      schema: {
        tags, params: idParams,
        summary: 'One customer. The id of a merged customer answers with the customer it was merged into and `mergedFrom` = the id asked for',
        response: { 200: one.extend({ mergedFrom: z.string().optional() }) },
      },
    }, (req) => svc.get(principal(req).workspaceId, req.params.id));

    app.patch('/api/customers/:id', {
      config: { roles: staff },
      schema: {
        tags, params: idParams, summary: 'Change name, language, timezone, tags (replaced) or attributes (merged; null removes a key)',
        body: z.object({
          name: name.optional(), language: languageCode.nullable().optional(), timezone: timezone.nullable().optional(), tags: tagList.optional(),
          attributes: attributes.optional(),
        }).strict(),
        response: { 200: one },
      },
    }, async (req) => ({ customer: await svc.update(principal(req), req.params.id, req.body) }));

    app.post('/api/customers/:id/identities', {
      config: { roles: staff },
      schema: {
        tags, params: idParams, summary: 'Add an identity (normalised: phone to E.164, email lower-case); 409 identity_taken when another customer has it',
        body: identityInput, response: { 200: z.object({ identity }), 201: z.object({ identity }) },
      },
    }, async (req, reply) => {
      const r = await svc.addIdentity(principal(req), req.params.id, req.body);
      return reply.status(r.created ? 201 : 200).send({ identity: r.identity });
    });

    app.delete('/api/customers/:id/identities/:identityId', {
      config: { roles: staff },
      schema: { tags, summary: 'Remove an identity', params: z.object({ id: z.uuid(), identityId: z.uuid() }) },
    }, async (req, reply) => {
      await svc.removeIdentity(principal(req), req.params.id, req.params.identityId);
      return reply.status(204).send();
    });

    app.post('/api/customers/:id/merge', {
      config: { roles: staff },
      schema: {
        tags, params: idParams, body: z.object({ sourceId: z.uuid() }).strict(), response: { 200: one },
        summary: 'Merge customer `sourceId` into this one: identities, orders, notes, cases and interactions move, tags unite, attributes merge (this one wins); audited',
      },
    }, async (req) => ({ customer: await svc.merge(principal(req), req.params.id, req.body.sourceId, requestContext(req)) }));

    app.get('/api/customers/:id/orders', {
      config: { roles: staff },
      schema: { tags, summary: 'Orders of a customer, newest first', params: idParams, response: { 200: z.object({ items: z.array(order) }) } },
    }, (req) => svc.listOrders(principal(req).workspaceId, req.params.id));

    app.post('/api/customers/:id/orders', {
      config: { roles: staff },
      schema: {
        tags, params: idParams, summary: 'Record an order (number unique in the workspace: 409 order_number_taken)',
        body: z.object({
          number: z.string().trim().min(1).max(64), status: z.enum(orders.status.enumValues),
          currency: z.string().trim().toUpperCase().refine(isCurrency, 'an ISO 4217 currency code such as AZN'),
          amount, items: z.array(orderItem).max(200).default([]), orderedAt: z.iso.datetime({ offset: true }).optional(),
        }).strict(),
        response: { 201: z.object({ order }) },
      },
    }, async (req, reply) => reply.status(201).send({ order: await svc.createOrder(principal(req), req.params.id, req.body) }));

    app.get('/api/orders', {
      config: { roles: staff },
      schema: {
        tags, summary: 'Find an order by its number (for returns and exchanges), with its customer',
        querystring: z.object({ number: z.string().trim().min(1).max(64) }), response: { 200: z.object({ order, customer }) },
      },
    }, (req) => svc.findOrder(principal(req).workspaceId, req.query.number));

    app.get('/api/customers/:id/notes', {
      config: { roles: staff },
      schema: { tags, summary: 'Notes about a customer, newest first', params: idParams, response: { 200: z.object({ items: z.array(note) }) } },
    }, (req) => svc.listNotes(principal(req).workspaceId, req.params.id));

    app.post('/api/customers/:id/notes', {
      config: { roles: staff },
      schema: {
        tags, summary: 'Add a note about a customer', params: idParams,
        body: z.object({ body: z.string().trim().min(1).max(10_000) }).strict(), response: { 201: z.object({ note }) },
      },
    }, async (req, reply) => reply.status(201).send({ note: await svc.addNote(principal(req), req.params.id, req.body.body) }));

    app.get('/api/customers/:id/timeline', {
      config: { roles: staff },
      schema: {
        tags, params: idParams, querystring: pageQuery, response: { 200: listOf(timelineItem) },
        summary: 'Interactions, cases, orders and notes of a customer in one list, newest first, one cursor across all kinds',
      },
    }, (req) => svc.timeline(principal(req).workspaceId, req.params.id, req.query));
  });
}
