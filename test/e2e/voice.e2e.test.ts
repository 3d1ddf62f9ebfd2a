/**
 * Voice end to end, in real Chromium over loopback: every browser is its own launch with a fake
 * microphone playing its own sine tone (customer 440 Hz, agent 1 660 Hz, agent 3 880 Hz), so what each
 * side hears can be told apart by frequency (AnalyserNode on the received stream); a supervisor's is 1100 Hz.
 *
 * A customer calls from the call page, presses 1 in the menu, waits in the queue hearing hold audio;
 * agent 1 accepts the offer and the softphone connects; both hear each other; a supervisor listens, then whispers; hold silences the agent
 * for the caller (hold audio instead); a blind transfer to agent 3 keeps the caller on; agent 3 hangs up
 * and both legs end; the recording has two channels carrying the customer's and the agents' tones.
 * A second caller hangs up while queued: the contact is abandoned. Screenshots of the call page and the
 * softphone in English and Arabic go to test-results/voice/ (ignored by git).
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type APIRequestContext, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, root, signIn, withProduct } from './support.js';

const shots = path.join(root, 'test-results', 'voice');
const tones = { customer: 440, agent1: 660, agent3: 880, supervisor: 1100 } as const;
type Who = keyof typeof tones;

async function apiAs(request: APIRequestContext, email: string) {
  const login = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const check = async (res: Awaited<ReturnType<APIRequestContext['get']>>, what: string) => {
    if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
    return (res.status() === 204 ? undefined : await res.json()) as never;
  };
  return {
    get: async <T>(p: string): Promise<T> => check(await request.get(`/api${p}`), `GET ${p}`),
    post: async <T>(p: string, body: unknown): Promise<T> => check(await request.post(`/api${p}`, { data: body as object, headers: { 'x-csrf-token': csrfToken } }), `POST ${p}`),
    raw: (p: string) => request.get(`/api${p}`),
  };
}

/** A Chromium whose microphone plays `wav` (looped), allowed to call over loopback without prompts. */
function launchCaller(wav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required',
      '--allow-loopback-in-peer-connection', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`,
    ],
  });
}

interface Heard {
  /** RMS of the received signal (0..1). */
  rms: number;
  /** Magnitude at each probed frequency (linear, averaged). */
  at: Record<string, number>;
}

/** What the page's call audio element receives, over about a second: overall energy and energy per tone. */
async function listen(page: Page | Frame, selector: string, freqs: number[] = Object.values(tones)): Promise<Heard> {
  return page.evaluate(async ({ selector, freqs }) => {
    const el = document.querySelector<HTMLAudioElement>(selector);
    const stream = el?.srcObject;
    if (!(stream instanceof MediaStream) || !stream.getAudioTracks().length) return { rms: 0, at: {} };
    const ctx = new AudioContext();
    await ctx.resume();
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 4096;
    analyser.smoothingTimeConstant = 0;
    source.connect(analyser);
    const spectrum = new Float32Array(analyser.frequencyBinCount);
    const wave = new Float32Array(analyser.fftSize);
    const binHz = ctx.sampleRate / analyser.fftSize;
    let rms = 0;
    const at: Record<string, number> = Object.fromEntries(freqs.map((f) => [String(f), 0]));
    const rounds = 12;
    for (let i = 0; i < rounds; i++) {
      await new Promise((r) => setTimeout(r, 90));
      analyser.getFloatTimeDomainData(wave);
      rms += Math.sqrt(wave.reduce((a, x) => a + x * x, 0) / wave.length);
      analyser.getFloatFrequencyData(spectrum);
      for (const f of freqs) {
        const bin = Math.round(f / binHz);
        let best = -Infinity;
        for (let b = bin - 2; b <= bin + 2; b++) best = Math.max(best, spectrum[b] ?? -Infinity);
        at[String(f)] += Number.isFinite(best) ? 10 ** (best / 20) : 0;
      }
    }
    source.disconnect();
    await ctx.close();
    for (const f of freqs) at[String(f)] /= rounds;
    return { rms: rms / rounds, at };
  }, { selector, freqs });
}

const customerAudio = 'audio[data-voice-audio="customer"]';
const agentAudio = 'audio[data-voice-audio^="agent:"]';

/** Polls `listen` until `ok` holds (media takes a moment to flow after a change). */
async function hears(page: Page | Frame, selector: string, ok: (h: Heard) => boolean, what: string, ms = 15_000): Promise<Heard> {
  const deadline = Date.now() + ms;
  let last: Heard = { rms: 0, at: {} };
  while (Date.now() < deadline) {
    last = await listen(page, selector);
    if (ok(last)) return last;
  }
  throw new Error(`${what}: not heard within ${ms} ms; last ${JSON.stringify(last)}`);
}

const tone = (h: Heard, who: Who) => h.at[String(tones[who])] ?? 0;
/** `who`'s tone clearly stands out from the other probed tones. */
const dominant = (h: Heard, who: Who) => Object.entries(tones).every(([other, f]) => other === who || tone(h, who) > 3 * (h.at[String(f)] ?? 0)) && tone(h, who) > 0.001;

async function setState(page: Page, name: 'Available' | 'Offline') {
  await page.getByTestId('agent-state').click();
  await page.getByRole('menuitem', { name }).click();
  await expect.poll(() => page.getByTestId('agent-state').getAttribute('data-state'), { timeout: 10_000 }).toBe(name.toLowerCase());
}

async function acceptOffer(page: Page): Promise<string> {
  await page.getByRole('dialog', { name: 'New contact for you' }).waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/interactions\/[0-9a-f-]{36}$/, { timeout: 15_000 });
  return page.url().split('/').pop()!;
}

const phase = (page: Page) => page.getByTestId('call-panel').getAttribute('data-phase');
const callStatus = (page: Page) => page.getByTestId('softphone').getAttribute('data-call-status');

/** Energy of a tone in raw mono float samples (Goertzel), normalised per sample. */
function goertzel(samples: Float32Array, rate: number, freq: number): number {
  const k = 2 * Math.cos((2 * Math.PI * freq) / rate);
  let s1 = 0;
  let s2 = 0;
  for (const x of samples) {
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - k * s1 * s2)) / samples.length;
}

function channelSamples(file: string, channel: 0 | 1): Float32Array {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-af', `pan=mono|c0=c${channel}`, '-ar', '8000', '-f', 'f32le', '-'], { maxBuffer: 256 * 1024 * 1024 });
  return new Float32Array(raw.buffer, raw.byteOffset, Math.floor(raw.byteLength / 4));
}

describe('voice', () => {
  const e2e = withProduct();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tawasul-voice-e2e-'));
  const browsers: Browser[] = [];
  let admin: Awaited<ReturnType<typeof apiAs>>;
  let voiceKey: string;
  let quietKey: string;
  let salesId: string;
  let technicalId: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    for (const [who, f] of Object.entries(tones)) {
      execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', path.join(tmp, `${who}.wav`), 'synth', '120', 'sine', String(f), 'vol', '0.5']);
    }
    admin = await apiAs((await e2e.newContext()).request, 'admin@demo.tawasul.test');
    const queues = (await admin.get<{ items: { id: string; name: string }[] }>('/queues')).items;
    salesId = queues.find((q) => q.name === 'Sales')!.id;
    technicalId = queues.find((q) => /^Tech/.test(q.name))!.id;
    const entry = (queueId: string, name: string) => admin.post<{ channel: { publicKey: string } }>('/channels', {
      kind: 'voice', name, queueId, enabled: true,
      settings: {
        languages: ['en', 'ar', 'az'],
        greeting: { en: 'Welcome. For sales press one.', ar: 'أهلاً بكم. للمبيعات اضغط واحد.', az: 'Xoş gəlmisiniz. Satış üçün bir basın.' },
        menu: [{ digit: '1', action: 'queue', queueId }],
        announceEverySeconds: 15,
        recording: { enabled: true, consent: { en: 'This call is recorded.', ar: 'يتم تسجيل هذه المكالمة.', az: 'Bu zəng yazılır.' } },
      },
    }).then((r) => r.channel.publicKey);
    voiceKey = await entry(salesId, 'Sales line');
    // Nobody signed in here serves Technical: a caller there stays in the queue.
    quietKey = await entry(technicalId, 'Technical line');
  });

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  });

  async function open(who: Who) {
    const browser = await launchCaller(path.join(tmp, `${who}.wav`));
    browsers.push(browser);
    const context = await browser.newContext({ baseURL: e2e.product.baseUrl, locale: 'en-US', viewport: { width: 1280, height: 800 } });
    return context.newPage();
  }

  /** A customer's website: its own origin (another port), with the widget of the demo chat channel and "Call us". */
  async function shopSite(language: string) {
    const chatKey = (await admin.get<{ items: { kind: string; enabled: boolean; publicKey: string }[] }>('/channels')).items.find((c) => c.kind === 'chat' && c.enabled)!.publicKey;
    const html = `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1><script src="${e2e.product.baseUrl}/widget.js" data-tawasul-key="${chatKey}" data-voice-key="${voiceKey}" data-language="${language}" async></script></body></html>`;
    const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(site.address() as AddressInfo).port}/`, close: () => site.close() };
  }

  it('calls a website visitor back from the customer profile: the widget opens the call and both sides hear each other', { timeout: 240_000 }, async () => {
    // Fatima (agent 5) serves Sales in English too; her microphone plays agent 1's tone.
    const agent = await open('agent1');
    await signIn(agent, 'agent5@demo.tawasul.test');
    await agent.goto('/desktop');
    await setState(agent, 'Available');
    const shop = await shopSite('en');
    const visitor = await open('customer');
    await visitor.goto(shop.url);
    await visitor.locator('[data-part="launcher"]').click();
    const form = visitor.locator('[data-part="prechat"]');
    await form.locator('input[name="name"]').fill('Nigar Visitor');
    await form.locator('button[type="submit"]').click();
    await visitor.locator('[data-part="input"]').fill('Could you call me?');
    await visitor.locator('[data-part="input"]').press('Enter');
    const chatId = await acceptOffer(agent);
    const customerId = (await admin.get<{ interaction: { customerId: string } }>(`/interactions/${chatId}`)).interaction.customerId;

    await agent.goto(`/customers/${customerId}`);
    await agent.getByTestId('click-to-call').click();
    await agent.waitForURL((u) => /\/interactions\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(chatId), { timeout: 15_000 });
    // The widget rings: its call panel opens and the visitor starts the call.
    const call = visitor.frameLocator('[data-part="call-frame"]');
    await call.getByTestId('call-start').click({ timeout: 20_000 });
    const frame = visitor.frames().find((f) => f.url().includes('/call/'))!;
    await expect.poll(() => callStatus(agent), { timeout: 30_000 }).toBe('connected');
    await expect.poll(() => call.getByTestId('call-panel').getAttribute('data-phase'), { timeout: 30_000 }).toBe('connected');
    await hears(agent, agentAudio, (h) => dominant(h, 'customer'), 'the visitor at the agent');
    await hears(frame, customerAudio, (h) => dominant(h, 'agent1'), 'the agent in the widget');

    await call.getByTestId('call-hangup').click();
    await expect.poll(() => callStatus(agent), { timeout: 15_000 }).toBe('ended');
    await setState(agent, 'Offline');
    await agent.context().close();
    await visitor.context().close();
    shop.close();
  });

  it('connects a caller through the menu and the queue to an agent, with hold, transfer, hang-up and a stereo recording', { timeout: 300_000 }, async () => {
    const agent1 = await open('agent1');
    const agent3 = await open('agent3');
    const customer = await open('customer');
    await signIn(agent1, 'agent1@demo.tawasul.test');
    await signIn(agent3, 'agent3@demo.tawasul.test');
    await agent1.goto('/desktop');
    await agent3.goto('/desktop');
    await setState(agent1, 'Offline');
    await setState(agent3, 'Offline');

    // The caller: menu → 1 → queue, hearing hold audio while nobody is available.
    await customer.goto(`/call/${voiceKey}`);
    await customer.getByTestId('call-start').click();
    await expect.poll(() => phase(customer), { timeout: 20_000 }).toBe('ivr');
    await expect.poll(() => customer.getByTestId('call-panel').getAttribute('data-media'), { timeout: 20_000 }).toBe('connected');
    // The greeting plays before the menu listens.
    await hears(customer, customerAudio, (h) => h.rms > 0.005, 'the greeting');
    await customer.getByRole('button', { name: 'Key 1' }).click();
    await expect.poll(() => phase(customer), { timeout: 20_000 }).toBe('queued');
    await customer.getByTestId('call-position').waitFor({ timeout: 20_000 });
    const queued = await hears(customer, customerAudio, (h) => h.rms > 0.005, 'hold audio while queued');
    expect(queued.rms).toBeGreaterThan(0.005);

    // Agent 1 takes it: the softphone connects by itself.
    await setState(agent1, 'Available');
    const interactionId = await acceptOffer(agent1);
    await expect.poll(() => callStatus(agent1), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => phase(customer), { timeout: 20_000 }).toBe('connected');
    const customerHearsAgent = await hears(customer, customerAudio, (h) => dominant(h, 'agent1'), 'agent 1 at the caller');
    const agentHearsCustomer = await hears(agent1, agentAudio, (h) => dominant(h, 'customer'), 'the caller at agent 1');
    expect(tone(customerHearsAgent, 'agent1')).toBeGreaterThan(0.001);
    expect(tone(agentHearsCustomer, 'customer')).toBeGreaterThan(0.001);
    await customer.screenshot({ path: path.join(shots, 'call-page-en.png'), fullPage: true });
    await agent1.screenshot({ path: path.join(shots, 'softphone-en.png') });

    // A supervisor listens from the live calls list, then whispers: the caller does not hear them.
    const supervisor = await open('supervisor');
    await signIn(supervisor, 'supervisor@demo.tawasul.test');
    await supervisor.goto('/supervisor/queues');
    const line = supervisor.locator(`[data-testid="live-call"][data-interaction="${interactionId}"]`);
    await line.waitFor({ timeout: 20_000 });
    await line.getByTestId('supervise-listen').click();
    const supervisorAudio = `audio[data-voice-audio="supervisor:${interactionId}"]`;
    // The relay forwards packets (no mixing yet): the supervisor's browser plays one of the two sides.
    await hears(supervisor, supervisorAudio, (h) => tone(h, 'customer') > 0.0005 || tone(h, 'agent1') > 0.0005, 'the call at the listening supervisor');
    await line.getByText('Whisper').click();
    await expect.poll(() => line.getByRole('radio', { name: 'Whisper' }).isChecked(), { timeout: 10_000 }).toBe(true);
    await agent1.waitForTimeout(1_000);
    const caller = await listen(customer, customerAudio);
    expect(tone(caller, 'supervisor')).toBeLessThan(tone(caller, 'agent1') / 3);
    await line.getByRole('button', { name: 'Leave' }).click();
    await supervisor.context().close();

    // Hold: the caller no longer hears the agent, but hears hold audio.
    await agent1.getByTestId('softphone-hold').click();
    await expect.poll(() => callStatus(agent1), { timeout: 10_000 }).toBe('held');
    await expect.poll(() => phase(customer), { timeout: 15_000 }).toBe('held');
    const held = await hears(customer, customerAudio, (h) => tone(h, 'agent1') < tone(customerHearsAgent, 'agent1') / 5 && h.rms > 0.005, 'hold audio instead of the agent');
    expect(held.rms).toBeGreaterThan(0.005);
    await agent1.getByTestId('softphone-hold').click();
    await expect.poll(() => phase(customer), { timeout: 15_000 }).toBe('connected');
    await hears(customer, customerAudio, (h) => dominant(h, 'agent1'), 'agent 1 again after resume');

    // Blind transfer to agent 3: the caller stays on and then hears agent 3.
    await setState(agent3, 'Available');
    await agent1.getByTestId('softphone-transfer').click();
    const modal = agent1.getByRole('dialog', { name: 'Transfer the call' });
    await modal.getByTestId('call-transfer-target').click();
    await agent1.getByRole('option', { name: 'Sarah Collins' }).click();
    await modal.getByTestId('call-transfer-submit').click();
    await expect.poll(() => callStatus(agent1), { timeout: 15_000 }).toBe('ended');
    expect(await acceptOffer(agent3)).toBe(interactionId);
    await expect.poll(() => callStatus(agent3), { timeout: 20_000 }).toBe('connected');
    expect(await phase(customer)).not.toBe('ended');
    await hears(customer, customerAudio, (h) => dominant(h, 'agent3'), 'agent 3 at the caller');
    await hears(agent3, agentAudio, (h) => dominant(h, 'customer'), 'the caller at agent 3');

    // Agent 3 hangs up: both legs end.
    await agent3.getByTestId('softphone-hangup').click();
    await expect.poll(() => phase(customer), { timeout: 15_000 }).toBe('ended');
    expect(await customer.getByTestId('call-ended-by').textContent()).toBe('The agent ended the call.');
    await expect.poll(() => callStatus(agent3), { timeout: 10_000 }).toBe('ended');
    expect(await customer.locator(customerAudio).count()).toBe(0);

    const events = (await admin.get<{ items: { type: string; data: Record<string, unknown> | null }[] }>(`/interactions/${interactionId}/events`)).items;
    const types = events.map((e) => e.type);
    for (const type of ['queued', 'offered', 'answered', 'held', 'resumed', 'transferred']) expect(types).toContain(type);

    // The recording: two channels, the customer's tone on the first, the agents' on the second.
    let recording: Buffer | undefined;
    await expect.poll(async () => {
      const res = await admin.raw(`/interactions/${interactionId}/recording`);
      if (res.status() !== 200) return res.status();
      recording = await res.body();
      return 200;
    }, { timeout: 30_000, interval: 1_000 }).toBe(200);
    const file = path.join(tmp, 'recording.ogg');
    writeFileSync(file, recording!);
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]).toString()) as { streams: { channels: number }[]; format: { duration: string } };
    expect(probe.streams[0]!.channels).toBe(2);
    expect(Number(probe.format.duration)).toBeGreaterThan(3);
    const left = channelSamples(file, 0);
    const right = channelSamples(file, 1);
    expect(goertzel(left, 8000, tones.customer)).toBeGreaterThan(3 * goertzel(left, 8000, tones.agent1));
    expect(goertzel(right, 8000, tones.agent1) + goertzel(right, 8000, tones.agent3)).toBeGreaterThan(3 * goertzel(right, 8000, tones.customer));

    // The finished call in Arabic: right-to-left, with its recording.
    await agent3.getByTestId('language-switch').click();
    await agent3.getByRole('menuitem', { name: 'العربية' }).click();
    await agent3.waitForFunction(() => document.documentElement.dir === 'rtl');
    await agent3.goto(`/interactions/${interactionId}`);
    await agent3.getByTestId('softphone').waitFor();
    await agent3.getByTestId('call-recording').waitFor();
    await agent3.screenshot({ path: path.join(shots, 'softphone-ar.png') });
  });

  it('lets an admin set up a voice entry point in Admin → Channels and shows its call page link', async () => {
    const { page } = await e2e.signedIn('admin@demo.tawasul.test');
    await page.goto('/admin/channels');
    await page.getByRole('button', { name: 'Add channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'New channel' });
    await dialog.getByTestId('channel-kind').click();
    await page.getByRole('option', { name: 'Call' }).click();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Support line');
    const settings = dialog.getByTestId('voice-settings');
    await settings.getByRole('textbox', { name: 'Greeting (English)' }).fill('Welcome to support.');
    await settings.getByTestId('voice-greeting').getByRole('tab', { name: 'Arabic' }).click();
    const arabic = settings.getByRole('textbox', { name: 'Greeting (Arabic)' });
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await arabic.fill('أهلاً بكم في الدعم.');
    await settings.getByTestId('voice-menu-add').click();
    await settings.getByTestId('voice-menu-queue').click();
    await page.getByRole('option', { name: 'Sales' }).click();
    await settings.getByTestId('voice-menu-add').click();
    await settings.getByTestId('voice-menu-row').nth(1).getByTestId('voice-menu-action').click();
    await page.getByRole('option', { name: 'Repeat the menu' }).click();
    await settings.getByTestId('voice-recording').click();
    await settings.getByRole('textbox', { name: 'Recording consent announcement (English)' }).fill('This call is recorded.');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/channels') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Create' }).click();
    expect((await created).status()).toBe(201);

    const channels = (await admin.get<{ items: { id: string; kind: string; name: string; publicKey: string; settings: Record<string, unknown> }[] }>('/channels')).items;
    const line = channels.find((c) => c.kind === 'voice' && c.name === 'Support line')!;
    expect(line.settings).toMatchObject({
      greeting: { en: 'Welcome to support.', ar: 'أهلاً بكم في الدعم.' },
      menu: [{ digit: '1', action: 'queue', queueId: salesId }, { digit: '2', action: 'repeat' }],
      recording: { enabled: true, consent: { en: 'This call is recorded.' } },
    });
    await page.getByRole('button', { name: 'Edit Support line' }).click();
    const edit = page.getByRole('dialog', { name: 'Channel: Support line' });
    await expect.poll(() => edit.getByTestId('copy-value').last().textContent()).toMatch(new RegExp(`/call/${line.publicKey}$`));
    await page.context().close();
  });

  it('puts "Call us" in the chat widget on a customer\'s site: the call page opens in the widget and follows its language', async () => {
    const chatKey = (await admin.get<{ items: { kind: string; enabled: boolean; publicKey: string }[] }>('/channels')).items.find((c) => c.kind === 'chat' && c.enabled)!.publicKey;
    const context = await e2e.browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    // A customer's website: its own origin (another port), loading the widget from the product.
    const html = `<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1><script src="${e2e.product.baseUrl}/widget.js" data-tawasul-key="${chatKey}" data-voice-key="${voiceKey}" data-language="en" async></script></body></html>`;
    const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const shop = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    await page.goto(shop);
    await page.locator('[data-part="launcher"]').click();
    const button = page.locator('[data-part="call-button"]');
    expect(await button.textContent()).toBe('Call us');
    await button.click();
    expect(await page.locator('[data-part="panel"]').isHidden()).toBe(true);
    const frame = page.locator('[data-part="call-frame"]');
    expect(await frame.getAttribute('allow')).toContain('microphone');
    expect(await frame.getAttribute('src')).toBe(`${e2e.product.baseUrl}/call/${voiceKey}?embed=1&lang=en`);
    const call = page.frameLocator('[data-part="call-frame"]');
    await call.getByTestId('call-start').waitFor({ timeout: 20_000 });
    expect(await call.getByTestId('call-start').textContent()).toBe('Start call');

    await page.evaluate(() => (window as unknown as { Tawasul: { setLanguage(l: string): void } }).Tawasul.setLanguage('ar'));
    await expect.poll(() => call.getByTestId('call-start').textContent()).toBe('ابدأ الاتصال');
    expect(await call.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('[data-part="call-panel"] h2').textContent()).toBe('اتصل بنا');
    await context.close();
    site.close();
  });

  it('marks a call abandoned when the caller hangs up in the queue (call page in Arabic)', { timeout: 180_000 }, async () => {
    const customer = await open('customer');
    await customer.goto(`/call/${quietKey}?lang=ar`);
    await customer.waitForFunction(() => document.documentElement.dir === 'rtl');
    await customer.getByTestId('call-start').click();
    await expect.poll(() => phase(customer), { timeout: 20_000 }).toBe('ivr');
    await expect.poll(() => customer.getByTestId('call-panel').getAttribute('data-media'), { timeout: 20_000 }).toBe('connected');
    await customer.getByRole('button', { name: 'المفتاح 1' }).click();
    await expect.poll(() => phase(customer), { timeout: 20_000 }).toBe('queued');
    await customer.getByTestId('call-position').waitFor({ timeout: 20_000 });
    await customer.screenshot({ path: path.join(shots, 'call-page-ar.png'), fullPage: true });
    const waiting = (await admin.get<{ items: { id: string; status: string }[] }>(`/interactions?channel=voice&queueId=${technicalId}&limit=5`)).items;
    expect(waiting.length).toBeGreaterThan(0);
    const id = waiting[0]!.id;

    await customer.getByTestId('call-hangup').click();
    expect(await phase(customer)).toBe('ended');
    await expect.poll(async () => (await admin.get<{ interaction: { status: string } }>(`/interactions/${id}`)).interaction.status, { timeout: 15_000 }).toBe('abandoned');
    const types = (await admin.get<{ items: { type: string }[] }>(`/interactions/${id}/events`)).items.map((e) => e.type);
    expect(types).toContain('queued');
    expect(types).toContain('abandoned');
    expect(types).not.toContain('answered');
  });
});
