import { h, icon } from './dom';
import type { Lang } from './i18n';

const PHONE_ICON = 'M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z';

const words: Record<Lang, { call: string; close: string }> = {
  en: { call: 'Call us', close: 'Close the call window' },
  ar: { call: 'اتصل بنا', close: 'إغلاق نافذة الاتصال' },
  az: { call: 'Bizə zəng edin', close: 'Zəng pəncərəsini bağla' },
};

const css = '.call-frame{flex:1;border:0;inline-size:100%;block-size:100%;background:#fff}.head .call{display:inline-flex;align-items:center;gap:4px;background:rgba(255,255,255,.15);color:#fff;border:1px solid rgba(255,255,255,.4);border-radius:6px;padding:2px 8px;font:inherit;font-size:12px;cursor:pointer}.head .call svg{inline-size:14px;block-size:14px}';

/**
 * "Call us" in the widget: a button in the chat panel's header opens a call panel holding the product's
 * call page (`/call/:key?embed=1`) in a frame allowed to use the microphone, so the call code is loaded
 * only when someone calls. The frame stays while a call is on; closing the panel only hides it.
 */
export class CallPanel {
  private panel: HTMLDivElement;
  private frame: HTMLIFrameElement | undefined;
  private title = h('h2', {});
  private closeBtn = h('button', { class: 'icon', type: 'button' }, '✕');
  private lang: Lang = 'en';
  private token: string | null = null;

  constructor(root: ShadowRoot, box: HTMLElement, private base: string, private key: string, private onOpen: () => void, private visitor: () => string | null = () => null) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.panel = h('div', { class: 'panel right', role: 'dialog', 'aria-modal': 'false', hidden: true, 'data-part': 'call-panel' });
    this.closeBtn.addEventListener('click', () => this.close());
    this.panel.append(h('div', { class: 'head' }, this.title, this.closeBtn));
    box.append(this.panel);
    // The call page says when it listens; it then gets the language and the visitor's token.
    window.addEventListener('message', (e) => {
      if (this.frame && e.source === this.frame.contentWindow && (e.data as { type?: unknown } | null)?.type === 'tawasul:ready') this.greet();
    });
  }

  private greet() {
    const w = this.frame?.contentWindow;
    if (!w) return;
    w.postMessage({ type: 'tawasul:language', lang: this.lang }, this.base);
    // Handed over by message, never in the URL (URLs end up in logs).
    if (this.token) w.postMessage({ type: 'tawasul:visitor', token: this.token }, this.base);
  }

  get opened() {
    return !this.panel.hidden;
  }

  /** The header button of the chat panel. */
  button(): HTMLButtonElement {
    const b = h('button', { class: 'call', type: 'button', 'data-part': 'call-button', title: words[this.lang].call }, icon(PHONE_ICON), words[this.lang].call);
    b.addEventListener('click', () => this.open(this.visitor()));
    return b;
  }

  /** Opens the panel; `visitorToken` (the chat visitor's) links the call to the visitor's contact. */
  open(visitorToken?: string | null) {
    if (visitorToken) this.token = visitorToken;
    if (this.frame) this.greet();
    else {
      const src = `${this.base}/call/${encodeURIComponent(this.key)}?embed=1&lang=${this.lang}`;
      this.frame = h('iframe', { class: 'call-frame', src, allow: 'microphone; autoplay', title: words[this.lang].call, 'data-part': 'call-frame' });
      this.panel.append(this.frame);
    }
    this.onOpen();
    this.panel.hidden = false;
    this.closeBtn.focus();
  }

  close() {
    this.panel.hidden = true;
  }

  place(position: 'right' | 'left') {
    this.panel.className = `panel ${position}`;
  }

  /** Follows the widget's language, also inside a call already open (the page switches without reloading). */
  setLanguage(lang: Lang) {
    this.lang = lang;
    const w = words[lang];
    this.title.textContent = w.call;
    this.panel.setAttribute('aria-label', w.call);
    this.closeBtn.setAttribute('aria-label', w.close);
    this.closeBtn.title = w.close;
    this.frame?.contentWindow?.postMessage({ type: 'tawasul:language', lang }, this.base);
  }
}
