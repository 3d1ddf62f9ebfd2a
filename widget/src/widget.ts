import { Api, ApiError, type Config, type Conversation, type Message } from './api';
import { clear, h, icon } from './dom';
import { detectLanguage, languageNames, languages, t, type Key, type Lang } from './i18n';
import css from './styles.css?inline';
import { CallPanel } from './voice';

export type Identity = { userId?: string; userHash?: string; name?: string; email?: string; phone?: string };
type View = 'loading' | 'prechat' | 'offline' | 'offline-done' | 'chat' | 'error';

const EMOJI = ['😀', '😂', '😊', '😍', '🙏', '👍', '👎', '👏', '🎉', '❤️', '😢', '😮', '🤔', '😅', '🙂', '😉', '🔥', '✅', '❌', '⭐', '📦', '💳', '🛒', '☎️'];
const CHAT_ICON = 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z';
const CLIP_ICON = 'M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.5 3.5 0 0 1 5 5l-8.6 8.6a2 2 0 0 1-2.8-2.8l7.9-7.9';
const ENDED = new Set(['wrap_up', 'closed', 'abandoned']);
const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Styles go into the shadow root as a constructed sheet (no inline styles, so a strict host CSP is fine). */
function sheet(text: string) {
  const s = new CSSStyleSheet();
  s.replaceSync(text);
  return s;
}

/**
 * The chat widget of one website channel, inside its own shadow root: launcher, pre-chat or offline form,
 * the conversation with live updates, rating and transcript at the end. Every string from outside is put
 * on the page as text, never as HTML.
 */
export class ChatWidget {
  private api: Api;
  private root: ShadowRoot;
  private box: HTMLDivElement;
  private panel: HTMLDivElement;
  private launcher: HTMLButtonElement;
  private accent = sheet('');
  private config: Config | undefined;
  private lang: Lang = 'en';
  private view: View = 'loading';
  private messages = new Map<string, Message>();
  private conversation: Conversation | null = null;
  private typingName: string | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private ownTyping = { sent: 0, timer: undefined as ReturnType<typeof setTimeout> | undefined };
  private live: { stop(): void; drop(): void } | undefined;
  private connection: 'open' | 'closed' = 'closed';
  private draft = '';
  private readUpTo: string | undefined;
  private rating = 0;
  private els: { list?: HTMLDivElement; status?: HTMLDivElement; typing?: HTMLDivElement; end?: HTMLDivElement; notice?: HTMLParagraphElement } = {};

  private call: CallPanel | undefined;

  constructor(private base: string, private key: string, private identity: Identity, private forcedLang: string | undefined, host: HTMLElement, voiceKey?: string) {
    this.api = new Api(base, key);
    this.root = host.attachShadow({ mode: 'open' });
    this.root.adoptedStyleSheets = [sheet(css), this.accent];
    this.box = h('div', { class: 'tw', part: 'widget' });
    this.launcher = h('button', { class: 'launcher right', type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'data-part': 'launcher' }, icon(CHAT_ICON));
    this.panel = h('div', { class: 'panel right', role: 'dialog', 'aria-modal': 'false', hidden: true, 'data-part': 'panel' });
    this.launcher.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    this.box.append(this.launcher, this.panel);
    this.root.append(this.box);
    if (voiceKey) this.call = new CallPanel(this.root, this.box, base, voiceKey, () => this.close(), () => this.api.token);
    this.api.token = this.stored('token');
    this.setLanguage(forcedLang ?? this.stored('lang') ?? undefined, false);
    void this.load();
  }

  private storageKey(what: string) {
    return `tawasul:${this.key}:${what}`;
  }
  private stored(what: string) {
    try {
      return localStorage.getItem(this.storageKey(what));
    } catch {
      return null;
    }
  }
  private store(what: string, value: string | null) {
    try {
      if (value === null) localStorage.removeItem(this.storageKey(what));
      else localStorage.setItem(this.storageKey(what), value);
    } catch {
      // private mode: the chat still works for this page
    }
  }

  private tr(key: Key, vars?: Record<string, string | number>) {
    return t(this.lang, key, vars);
  }
  private local(map: Partial<Record<string, string>> | undefined) {
    return map?.[this.lang] || undefined;
  }

  /** State for scripts and tests: the language, the view and the live connection. */
  get state() {
    return { lang: this.lang, view: this.view, connection: this.connection, conversation: this.conversation, messages: this.messages.size };
  }

  private async load() {
    try {
      this.config = await this.api.config();
    } catch {
      this.view = 'error';
      this.render();
      return;
    }
    const c = this.config;
    if (!this.forcedLang && !this.stored('lang')) this.lang = detectLanguage(c.languages, c.defaultLanguage, navigator.languages ?? [navigator.language]);
    else if (!c.languages.includes(this.lang)) this.lang = detectLanguage(c.languages, c.defaultLanguage, []);
    this.launcher.className = `launcher ${c.position}`;
    this.panel.className = `panel ${c.position}`;
    this.call?.place(c.position);
    if (this.api.token) {
      try {
        const r = await this.api.conversation();
        this.conversation = r.conversation;
        for (const m of r.messages) this.messages.set(m.id, m);
        this.view = 'chat';
        this.connect();
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) this.forget();
        this.view = c.open ? 'prechat' : 'offline';
      }
    } else {
      this.view = c.open ? 'prechat' : 'offline';
    }
    this.setLanguage(this.lang, false);
  }

  private forget() {
    this.api.token = null;
    this.store('token', null);
    this.live?.stop();
    this.live = undefined;
    this.messages.clear();
    this.conversation = null;
  }

  open() {
    this.call?.close();
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.markRead();
    this.panel.querySelector<HTMLElement>('input, textarea, select')?.focus();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
  }

  /** Switches the language (and with Arabic the whole widget to right-to-left). */
  setLanguage(lang: string | undefined, remember = true) {
    const offered = this.config?.languages ?? [...languages];
    if (lang && offered.includes(lang)) {
      this.lang = lang as Lang;
      if (remember) this.store('lang', lang);
    }
    const dir = this.lang === 'ar' ? 'rtl' : 'ltr';
    this.box.setAttribute('dir', dir);
    this.box.setAttribute('lang', this.lang);
    const color = this.local(this.config?.colors) ?? this.config?.color;
    this.accent.replaceSync(color && /^#[0-9a-fA-F]{6}$/.test(color) ? `.tw { --tw-accent: ${color}; }` : '');
    this.launcher.setAttribute('aria-label', this.tr('open'));
    this.launcher.title = this.tr('open');
    this.call?.setLanguage(this.lang);
    this.render();
  }

  identify(identity: Identity) {
    this.identity = { ...this.identity, ...identity };
    if (this.view === 'prechat') this.render();
  }

  /** Drops the live connection as a network failure would (it reconnects and catches up by itself). */
  dropConnection() {
    this.live?.drop();
  }

  private render() {
    const c = this.config;
    clear(this.panel);
    this.els = {};
    const title = this.local(c?.title) ?? this.tr('title');
    this.panel.setAttribute('aria-label', title);
    const langSelect = h('select', { 'aria-label': this.tr('language'), 'data-part': 'language' });
    for (const l of (c?.languages ?? languages) as Lang[]) langSelect.append(h('option', { value: l, selected: l === this.lang }, languageNames[l]));
    langSelect.addEventListener('change', () => this.setLanguage(langSelect.value));
    const closeBtn = h('button', { class: 'icon', type: 'button', 'aria-label': this.tr('close'), title: this.tr('close') }, '✕');
    closeBtn.addEventListener('click', () => this.close());
    this.panel.append(h('div', { class: 'head' }, h('h2', {}, title), this.call?.button(), langSelect, closeBtn));
    const body = h('div', { class: 'body' });
    this.panel.append(body);
    if (this.view === 'loading') body.append(h('p', { class: 'note' }, '…'));
    else if (this.view === 'error') body.append(h('p', { class: 'error' }, this.tr('error')));
    else if (this.view === 'prechat') this.renderPrechat(body);
    else if (this.view === 'offline') this.renderOffline(body);
    else if (this.view === 'offline-done') body.append(h('p', { class: 'note', 'data-part': 'offline-thanks' }, this.tr('offlineThanks')));
    else this.renderChat(body);
  }

  private field(label: string, input: HTMLElement, mode: 'optional' | 'required') {
    return h('label', {}, h('span', {}, label, mode === 'optional' ? ` ${this.tr('optional')}` : ''), input);
  }

  private topicSelect() {
    const c = this.config!;
    if (c.form.topic === 'off' || !c.topics.length) return undefined;
    const s = h('select', { name: 'topic', required: c.form.topic === 'required' }, h('option', { value: '' }, this.tr('chooseTopic')));
    for (const tp of c.topics) s.append(h('option', { value: tp.id }, tp.label[this.lang] ?? tp.label.en ?? tp.id));
    return s;
  }

  private renderPrechat(body: HTMLElement) {
    const c = this.config!;
    const form = h('form', { class: 'form', novalidate: true, 'data-part': 'prechat' });
    const greeting = this.local(c.greeting);
    if (greeting) form.append(h('p', { class: 'note' }, greeting));
    const inputs: Record<string, HTMLInputElement | HTMLSelectElement> = {};
    const add = (name: 'name' | 'email' | 'phone', type: string, label: string) => {
      const mode = c.form[name];
      if (mode === 'off') return;
      const value = this.identity[name] ?? '';
      const input = h('input', { name, type, autocomplete: name === 'phone' ? 'tel' : name, required: mode === 'required', maxlength: '200', value });
      inputs[name] = input;
      form.append(this.field(label, input, mode));
    };
    add('name', 'text', this.tr('name'));
    add('email', 'email', this.tr('email'));
    add('phone', 'tel', this.tr('phone'));
    const topic = this.topicSelect();
    if (topic) {
      inputs.topic = topic;
      form.append(this.field(this.tr('topic'), topic, c.form.topic === 'required' ? 'required' : 'optional'));
    }
    if (c.form.language !== 'off') {
      const ls = h('select', { name: 'language' });
      for (const l of c.languages as Lang[]) ls.append(h('option', { value: l, selected: l === this.lang }, languageNames[l]));
      ls.addEventListener('change', () => this.setLanguage(ls.value));
      form.append(this.field(this.tr('language'), ls, 'required'));
    }
    const error = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { class: 'primary', type: 'submit' }, this.tr('start'));
    form.append(error, submit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      for (const [name, el] of Object.entries(inputs)) {
        if (el.required && !el.value.trim()) {
          error.textContent = this.tr('required');
          el.focus();
          return void name;
        }
      }
      submit.disabled = true;
      try {
        const id = this.identity;
        const r = await this.api.start({
          language: this.lang, name: inputs.name?.value.trim() || id.name || undefined, email: inputs.email?.value.trim() || undefined,
          phone: inputs.phone?.value.trim() || undefined, topic: inputs.topic?.value || undefined,
          ...(id.userId && id.userHash ? { userId: id.userId, userHash: id.userHash } : {}),
        });
        this.api.token = r.token;
        this.store('token', r.token);
        this.conversation = r.conversation;
        for (const m of r.messages) this.messages.set(m.id, m);
        this.view = 'chat';
        this.render();
        this.connect();
        this.panel.querySelector('textarea')?.focus();
      } catch (e) {
        submit.disabled = false;
        error.textContent = this.errorText(e);
      }
    });
    body.append(form);
  }

  private renderOffline(body: HTMLElement) {
    const c = this.config!;
    const form = h('form', { class: 'form', novalidate: true, 'data-part': 'offline' });
    form.append(h('h3', { class: 'note' }, this.tr('offlineTitle')), h('p', { class: 'note' }, this.local(c.offlineMessage) ?? this.tr('offlineDefault')));
    const name = h('input', { name: 'name', type: 'text', autocomplete: 'name', maxlength: '200', value: this.identity.name ?? '' });
    const email = h('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: '254', value: this.identity.email ?? '' });
    const phone = h('input', { name: 'phone', type: 'tel', autocomplete: 'tel', maxlength: '40', value: this.identity.phone ?? '' });
    const message = h('textarea', { name: 'message', rows: '4', maxlength: '4000', required: true });
    form.append(this.field(this.tr('name'), name, 'optional'), this.field(this.tr('email'), email, 'optional'), this.field(this.tr('phone'), phone, 'optional'));
    const topic = this.topicSelect();
    if (topic) form.append(this.field(this.tr('topic'), topic, 'optional'));
    form.append(this.field(this.tr('message'), message, 'required'));
    const error = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { class: 'primary', type: 'submit' }, this.tr('leave'));
    form.append(error, submit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!message.value.trim()) return void (error.textContent = this.tr('required'));
      if (!email.value.trim() && !phone.value.trim()) return void (error.textContent = this.tr('contactNeeded'));
      submit.disabled = true;
      try {
        await this.api.offline({
          language: this.lang, message: message.value.trim(), name: name.value.trim() || undefined, email: email.value.trim() || undefined,
          phone: phone.value.trim() || undefined, topic: topic?.value || undefined,
        });
        this.view = 'offline-done';
        this.render();
      } catch (e) {
        submit.disabled = false;
        error.textContent = this.errorText(e);
      }
    });
    body.append(form);
  }

  private errorText(e: unknown) {
    if (e instanceof ApiError) {
      if (e.status === 429) return this.tr('slowDown');
      if (e.status === 413) return this.tr('tooLarge');
      if (e.status === 415) return this.tr('badType');
      if (e.code === 'missing_field') return this.tr('required');
    }
    return this.tr('error');
  }

  private renderChat(body: HTMLElement) {
    const c = this.config!;
    const list = h('div', { class: 'list', role: 'log', 'aria-live': 'polite', 'data-part': 'messages' });
    const greeting = this.local(c.greeting);
    if (greeting) body.append(h('div', { class: 'msg agent', 'data-part': 'greeting' }, greeting));
    body.append(list);
    this.els.list = list;
    this.els.status = h('div', { class: 'status', 'data-part': 'status' });
    this.els.end = h('div', { class: 'form', 'data-part': 'end' });
    this.els.notice = h('p', { class: 'error', role: 'alert' });
    body.append(this.els.status, this.els.end);
    this.els.typing = h('div', { class: 'typing', 'aria-live': 'polite', 'data-part': 'typing' });
    this.panel.append(this.els.typing, this.els.notice);
    this.renderCompose();
    for (const m of this.sorted()) list.append(this.messageEl(m));
    this.renderStatus();
    this.scroll();
  }

  private renderCompose() {
    const c = this.config!;
    const emoji = h('div', { class: 'emoji', hidden: true, 'data-part': 'emoji' });
    const text = h('textarea', { rows: '1', 'aria-label': this.tr('message'), placeholder: this.tr('typeMessage'), maxlength: '4000', 'data-part': 'input' });
    text.value = this.draft;
    for (const e of EMOJI) {
      const b = h('button', { type: 'button', 'aria-label': e }, e);
      b.addEventListener('click', () => {
        const at = text.selectionStart ?? text.value.length;
        text.value = text.value.slice(0, at) + e + text.value.slice(text.selectionEnd ?? at);
        this.draft = text.value;
        text.focus();
      });
      emoji.append(b);
    }
    const emojiBtn = h('button', { class: 'icon', type: 'button', 'aria-label': this.tr('emoji'), title: this.tr('emoji'), 'aria-expanded': 'false' }, '☺');
    emojiBtn.addEventListener('click', () => {
      emoji.hidden = !emoji.hidden;
      emojiBtn.setAttribute('aria-expanded', String(!emoji.hidden));
    });
    const file = h('input', { type: 'file', class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true', 'data-part': 'file' });
    const attach = h('button', { class: 'icon', type: 'button', 'aria-label': this.tr('attach'), title: this.tr('attach') }, icon(CLIP_ICON));
    attach.addEventListener('click', () => file.click());
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      file.value = '';
      if (f) void this.sendFile(f);
    });
    const send = h('button', { class: 'primary', type: 'submit', 'data-part': 'send' }, this.tr('send'));
    const form = h('form', { class: 'compose' }, emojiBtn, c.attachments ? attach : null, c.attachments ? file : null, text, send);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.sendText(text);
    });
    text.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        void this.sendText(text);
      }
    });
    text.addEventListener('input', () => {
      this.draft = text.value;
      this.typing();
    });
    this.panel.append(emoji, form);
  }

  private sorted() {
    return [...this.messages.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  private messageEl(m: Message) {
    const mine = m.from === 'visitor';
    const el = h('div', { class: `msg ${mine ? 'visitor' : 'agent'}`, 'data-id': m.id, 'data-from': m.from });
    if (!mine) el.append(h('span', { class: 'who' }, m.agentName ?? this.tr('agent')));
    if (m.body) el.append(h('span', { class: 'text' }, m.body));
    for (const a of m.attachments) {
      if (!a.url.startsWith('/api/public/chat/file?')) continue;
      const url = this.base + a.url;
      if (a.contentType.startsWith('image/')) el.append(h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, h('img', { src: url, alt: a.fileName })));
      else el.append(h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', download: a.fileName }, `📄 ${a.fileName}`));
    }
    const time = new Date(m.createdAt).toLocaleTimeString(this.lang, { hour: '2-digit', minute: '2-digit' });
    const receipt = mine ? (m.readAt ? this.tr('read') : '') : '';
    el.append(h('span', { class: 'meta' }, [time, receipt].filter(Boolean).join(' · ')));
    return el;
  }

  private upsert(m: Message) {
    this.messages.set(m.id, m);
    const list = this.els.list;
    if (!list) return;
    const el = this.messageEl(m);
    const old = list.querySelector(`[data-id="${CSS.escape(m.id)}"]`);
    if (old) old.replaceWith(el);
    else {
      // Keep time order even when a missed message arrives after a newer one.
      const after = [...list.children].find((c) => {
        const other = this.messages.get(c.getAttribute('data-id') ?? '');
        return other && (other.createdAt > m.createdAt || (other.createdAt === m.createdAt && other.id > m.id));
      });
      list.insertBefore(el, after ?? null);
    }
    this.scroll();
  }

  private scroll() {
    const body = this.els.list?.parentElement;
    if (body) body.scrollTop = body.scrollHeight;
  }

  private renderStatus() {
    const s = this.els.status;
    const end = this.els.end;
    if (!s || !end) return;
    const c = this.conversation;
    let text = '';
    if (this.connection === 'closed' && this.live) text = this.tr('reconnecting');
    else if (c?.status === 'queued') {
      text = c.position ? this.tr('position', { n: c.position }) : this.tr('waiting');
      if (c.ewtSeconds) text += ` · ${this.tr('wait', { m: Math.max(1, Math.round(c.ewtSeconds / 60)) })}`;
    } else if (c?.status === 'active' && c.agent?.firstName) text = this.tr('joined', { name: c.agent.firstName });
    s.textContent = text;
    s.setAttribute('data-status', c?.status ?? 'none');
    clear(end);
    if (c && ENDED.has(c.status)) {
      end.append(h('p', { class: 'note' }, this.tr('ended')));
      if (this.config?.rating && c.askRating !== false && !c.rated && c.status !== 'abandoned') end.append(this.ratingForm());
      else if (c.rated) end.append(h('p', { class: 'note', 'data-part': 'rated' }, this.tr('thanksRating')));
      if (this.config?.transcript) end.append(this.transcriptForm());
      const again = h('button', { class: 'link', type: 'button' }, this.tr('newChat'));
      again.addEventListener('click', () => {
        this.conversation = null;
        this.messages.clear();
        this.render();
      });
      end.append(again);
    } else if (c && (c.status === 'queued' || c.status === 'active')) {
      const stop = h('button', { class: 'link', type: 'button', 'data-part': 'end-chat' }, this.tr('endChat'));
      stop.addEventListener('click', async () => {
        const r = await this.api.end().catch(() => undefined);
        if (r) this.setConversation(r.conversation);
      });
      end.append(stop);
    }
  }

  private ratingForm() {
    const form = h('form', { class: 'form', 'data-part': 'rating' }, h('p', { class: 'note' }, this.tr('rate')));
    const stars = h('div', { class: 'stars', role: 'radiogroup', 'aria-label': this.tr('rate') });
    const paint = () => stars.querySelectorAll('button').forEach((b, i) => {
      b.classList.toggle('on', i < this.rating);
      b.setAttribute('aria-checked', String(i + 1 === this.rating));
    });
    for (let n = 1; n <= 5; n++) {
      const b = h('button', { type: 'button', role: 'radio', 'aria-label': this.tr('stars', { n }), 'data-score': String(n) }, '★');
      b.addEventListener('click', () => {
        this.rating = n;
        paint();
      });
      stars.append(b);
    }
    paint();
    const comment = h('textarea', { rows: '2', maxlength: '2000', 'aria-label': this.tr('comment'), placeholder: this.tr('comment') });
    const submit = h('button', { class: 'primary', type: 'submit' }, this.tr('submitRating'));
    form.append(stars, comment, submit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!this.rating) return;
      submit.disabled = true;
      try {
        const r = await this.api.rate(this.rating, comment.value.trim());
        this.setConversation(r.conversation);
      } catch (e) {
        submit.disabled = false;
        this.showNotice(this.errorText(e));
      }
    });
    return form;
  }

  private transcriptForm() {
    const email = h('input', { type: 'email', 'aria-label': this.tr('email'), placeholder: this.tr('email'), value: this.identity.email ?? '' });
    const submit = h('button', { class: 'link', type: 'submit' }, this.tr('transcript'));
    const form = h('form', { class: 'form', 'data-part': 'transcript' }, email, submit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!email.value.trim()) return;
      try {
        await this.api.transcript(email.value.trim());
        form.replaceWith(h('p', { class: 'note' }, this.tr('transcriptSent')));
      } catch (e) {
        this.showNotice(this.errorText(e));
      }
    });
    return form;
  }

  private showNotice(text: string) {
    if (this.els.notice) this.els.notice.textContent = text;
  }

  private setConversation(c: Conversation | null) {
    const before = this.conversation;
    this.conversation = c && before && c.id === before.id && c.status === 'queued' && c.ewtSeconds === null ? { ...c, ewtSeconds: before.ewtSeconds } : c;
    if (c && before && c.id !== before.id) this.messages.clear();
    this.renderStatus();
  }

  private async sendText(text: HTMLTextAreaElement) {
    const body = text.value.trim();
    if (!body) return;
    text.value = '';
    this.draft = '';
    this.showNotice('');
    this.stopTyping();
    try {
      const r = await this.api.send(body, randomId());
      if (this.conversation && r.conversation && r.conversation.id !== this.conversation.id) this.messages.clear();
      if (r.message) this.upsert(r.message);
      this.setConversation(r.conversation);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'offline') {
        this.view = 'offline';
        this.render();
        return;
      }
      text.value = body;
      this.draft = body;
      this.showNotice(this.errorText(e));
    }
  }

  private async sendFile(f: File) {
    this.showNotice('');
    try {
      const r = await this.api.upload(f, randomId());
      if (r.message) this.upsert(r.message);
      this.setConversation(r.conversation);
    } catch (e) {
      this.showNotice(this.errorText(e));
    }
  }

  private typing() {
    const now = Date.now();
    if (now - this.ownTyping.sent > 3000) {
      this.ownTyping.sent = now;
      void this.api.typing(true).catch(() => undefined);
    }
    clearTimeout(this.ownTyping.timer);
    this.ownTyping.timer = setTimeout(() => this.stopTyping(), 4000);
  }

  private stopTyping() {
    clearTimeout(this.ownTyping.timer);
    if (!this.ownTyping.sent) return;
    this.ownTyping.sent = 0;
    void this.api.typing(false).catch(() => undefined);
  }

  /** Tells the server the visitor has seen the newest agent message (when the panel is open). */
  private markRead() {
    if (this.panel.hidden || document.visibilityState === 'hidden') return;
    const last = this.sorted().filter((m) => m.from === 'agent').pop();
    // A message still `pending` is being handed to the channel; its `sent` update comes next and brings us back here.
    if (!last || last.status === 'read' || last.status === 'pending' || this.readUpTo === last.id) return;
    this.readUpTo = last.id;
    void this.api.read(last.id).catch(() => {
      this.readUpTo = undefined;
    });
  }

  private connect() {
    this.live?.stop();
    this.live = this.api.live({
      since: () => this.sorted().pop()?.id,
      status: (s) => {
        this.connection = s;
        this.renderStatus();
      },
      event: (e) => this.onEvent(e),
    });
  }

  private onEvent(e: Record<string, unknown>) {
    switch (e.kind) {
      case 'hello': {
        const c = e.conversation as Conversation | null;
        if (c && this.conversation && c.id !== this.conversation.id) this.messages.clear();
        for (const m of e.messages as Message[]) this.upsert(m);
        this.setConversation(c);
        break;
      }
      case 'message': {
        const m = e.message as Message;
        const fresh = !this.messages.has(m.id);
        this.upsert(m);
        // A new agent message ends their typing; a receipt update of an old one does not.
        if (fresh && m.from === 'agent') {
          this.typingName = null;
          this.renderTyping();
        }
        break;
      }
      case 'conversation':
        this.setConversation(e.conversation as Conversation);
        break;
      case 'position':
        if (this.conversation?.status === 'queued') this.setConversation({ ...this.conversation, position: e.position as number | null, ewtSeconds: e.ewtSeconds as number | null });
        break;
      case 'typing':
        this.typingName = e.typing ? (e.name as string | null) ?? this.tr('agent') : null;
        this.renderTyping();
        clearTimeout(this.typingTimer);
        if (this.typingName) this.typingTimer = setTimeout(() => {
          this.typingName = null;
          this.renderTyping();
        }, 8000);
        break;
      case 'voice.ring':
        this.ring(typeof e.voiceKey === 'string' ? e.voiceKey : undefined);
        break;
      case 'read':
        for (const id of e.messageIds as string[]) {
          const m = this.messages.get(id);
          if (m) this.upsert({ ...m, readAt: String(e.at) });
        }
        break;
    }
    this.markRead();
  }

  /** An agent calls this visitor back: the call panel opens (the visitor starts the call). */
  private ring(voiceKey?: string) {
    if (!this.call && voiceKey) {
      this.call = new CallPanel(this.root, this.box, this.base, voiceKey, () => this.close());
      this.call.setLanguage(this.lang);
      if (this.config) this.call.place(this.config.position);
    }
    this.call?.open(this.api.token);
  }

  private renderTyping() {
    if (this.els.typing) this.els.typing.textContent = this.typingName ? this.tr('typing', { name: this.typingName }) : '';
  }
}
