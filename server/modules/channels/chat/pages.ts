import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../platform/db/index.js';
import type { ZodApp } from '../../../platform/http/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Where `npm start` / `npm test` build the widget (scripts/prepare.mjs). */
export const widgetBundle = path.join(root, 'dist', 'widget', 'widget.js');
const demoDir = path.join(root, 'widget', 'demo');

/** The one line a site adds to its pages; `publicUrl` is where this server is reached from the internet. */
export function chatSnippet(publicUrl: string, publicKey: string) {
  const base = publicUrl.replace(/\/+$/, '');
  return `<script src="${base}/widget.js" data-tawasul-key="${publicKey}" async></script>`;
}

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A strict policy for pages we serve: scripts and styles only from this origin, nothing inline, no framing. */
function strictCsp(host: string | undefined) {
  const ws = host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? ` ws://${host} wss://${host}` : '';
  return `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'${ws}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

/**
 * `/widget.js` (the bundle every site loads) and `/demo`, a small shop page with the widget of the demo
 * workspace's website channel, served under a strict Content-Security-Policy.
 */
export function chatPages(app: ZodApp, db: Db) {
  let cached: { at: number; body: Buffer } | undefined;
  app.get('/widget.js', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    if (!existsSync(widgetBundle)) return reply.status(404).type('text/plain').send('The widget is not built: run npm start (or node scripts/prepare.mjs).');
    const at = Date.now();
    if (!cached || at - cached.at > 5000) cached = { at, body: readFileSync(widgetBundle) };
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin').send(cached.body);
  });

  app.get('/demo', {
    config: { public: true }, schema: { hide: true, querystring: z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(), lang: z.enum(['en', 'ar', 'az']).optional() }) },
    // Route hooks run after the app's, so this policy replaces the app-wide one.
    onSend: async (req, reply, payload) => {
      reply.header('content-security-policy', strictCsp(req.headers.host));
      return payload;
    },
  }, async (req, reply) => {
    let key = req.query.key;
    if (!key) {
      const { rows } = await db.execute<{ key: string }>(sql`
        SELECT ca.public_key AS key FROM channel_accounts ca JOIN workspaces w ON w.id = ca.workspace_id
        WHERE w.slug = 'demo' AND ca.kind = 'chat' AND ca.enabled ORDER BY ca.created_at LIMIT 1`);
      key = rows[0]?.key;
    }
    if (!key) return reply.status(404).type('text/plain').send('No demo website channel: seed the demo workspace first.');
    const html = readFileSync(path.join(demoDir, 'index.html'), 'utf8')
      .replace('{{KEY}}', escapeAttr(key)).replace('{{LANG}}', escapeAttr(req.query.lang ?? ''));
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  });
  app.get('/demo/shop.css', {
    config: { public: true }, schema: { hide: true },
    onSend: async (req, reply, payload) => {
      reply.header('content-security-policy', strictCsp(req.headers.host));
      return payload;
    },
  }, async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(readFileSync(path.join(demoDir, 'shop.css'))));
}
