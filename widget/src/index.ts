import { ChatWidget, type Identity } from './widget';

/**
 * Boots the widget from its script tag:
 *   <script src="https://support.example/widget.js" data-tawasul-key="KEY" async></script>
 * Optional attributes: data-language (en|ar|az), data-voice-key (a voice entry point: adds "Call us"), and for a logged-in user of the site data-user-id,
 * data-user-hash (HMAC-SHA256 hex of the id with the channel's identity secret), data-user-name, data-user-email.
 * The page gets one global, `window.Tawasul`: open(), close(), setLanguage(lang), identify({ userId, userHash, name, email }).
 */
type Namespace = {
  open(): void; close(): void; setLanguage(lang: string): void; identify(identity: Identity): void;
  readonly state: ChatWidget['state'] | undefined; dropConnection(): void;
};

declare global {
  interface Window {
    Tawasul?: Namespace;
  }
}

function boot() {
  if (window.Tawasul) return;
  const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-tawasul-key], script[data-channel][src$="/widget.js"]');
  // `data-channel` is accepted as another name of the key.
  const key = script?.getAttribute('data-tawasul-key') ?? script?.getAttribute('data-channel');
  if (!script || !key) return;
  const base = new URL(script.src, location.href).origin;
  const d = script.dataset;
  const identity: Identity = { userId: d.userId, userHash: d.userHash, name: d.userName, email: d.userEmail };
  let widget: ChatWidget | undefined;
  const start = () => {
    const host = document.createElement('tawasul-chat');
    document.body.appendChild(host);
    widget = new ChatWidget(base, key, identity, d.language || undefined, host, d.voiceKey || undefined);
  };
  window.Tawasul = {
    open: () => widget?.open(),
    close: () => widget?.close(),
    setLanguage: (lang) => widget?.setLanguage(lang),
    identify: (id) => widget?.identify(id),
    get state() {
      return widget?.state;
    },
    dropConnection: () => widget?.dropConnection(),
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}

boot();
