import { principal as principalOf } from '../../../platform/auth/index.js';
import { invalid } from '../../../platform/errors/index.js';
import { idParams as idParamsSchema } from '../../../platform/http/schemas.js';
import type { ChannelAdapter } from '../adapter.js';
import { VisitorFeed } from './feed.js';
import { chatPages, chatSnippet } from './pages.js';

const invalidKind = () => invalid('not_a_website_channel', 'Only website (chat) channels have a snippet');
import { chatRoutes } from './routes.js';
import { ChatService } from './service.js';
import { chatCredentials, chatSettings } from './settings.js';
import { defineTranscriptJob } from './transcript.js';

export { chatSnippet } from './pages.js';
export { chatSettings, chatCredentials, readChatSettings, type ChatSettings } from './settings.js';
export { userHash } from './domain/identity.js';

/**
 * Website chat: the embeddable widget (`/widget.js`, one snippet per channel), its public API under
 * `/api/public/chat` and the visitor's websocket. There is no provider to send through: agents' messages
 * reach visitors over the realtime connection, so the outbox marks them sent.
 */
export const chat: ChannelAdapter = {
  kind: 'chat',
  settings: chatSettings,
  credentials: chatCredentials,
  register(ctx) {
    const service = new ChatService(ctx);
    const feed = new VisitorFeed(ctx.db, ctx.bus, service, ctx.log);
    chatRoutes(ctx.app, service, feed, { maxMb: ctx.config.ATTACHMENT_MAX_MB });
    chatPages(ctx.app, ctx.db);
    defineTranscriptJob(ctx);
    ctx.app.addHook('onClose', async () => feed.close());
    ctx.app.get('/api/channels/:id/snippet', {
      config: { roles: ['admin'] },
      schema: { tags: ['channels'], summary: 'The script tag that puts a website channel’s chat widget on a site', params: idParamsSchema },
    }, async (req) => {
      const account = await ctx.accounts.get(principalOf(req).workspaceId, req.params.id);
      if (account.kind !== 'chat') throw invalidKind();
      return { snippet: chatSnippet(ctx.config.publicUrl, account.publicKey), publicKey: account.publicKey, scriptUrl: `${ctx.config.publicUrl.replace(/\/+$/, '')}/widget.js` };
    });
  },
};
