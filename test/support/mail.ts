/**
 * Real mail servers for tests: an SMTP sink (smtp-server) that captures what Tawasul sends, and Dovecot
 * (Debian's dovecot-imapd) run in the foreground on a free loopback port with a generated configuration,
 * a passwd-file user and a Maildir in a temp directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './ports.js';

export type Captured = { mailFrom: string; rcptTo: string[]; raw: Buffer; parsed: ParsedMail };

/** A local SMTP server that accepts everything and keeps it; `refuse` makes it answer RCPT with an error. */
export class SmtpSink {
  readonly messages: Captured[] = [];
  refuse: ((rcpt: string) => { code: number; message: string } | undefined) | undefined;
  private server: SMTPServer;
  port = 0;
  private waiters: (() => void)[] = [];

  constructor() {
    this.server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false, disableReverseLookup: true,
      onAuth: (_auth, _session, cb) => cb(null, { user: 'test' }),
      onRcptTo: (addr, _s, cb) => {
        const r = this.refuse?.(addr.address);
        if (r) return cb(Object.assign(new Error(r.message), { responseCode: r.code }));
        cb();
      },
      onData: async (stream, session, cb) => {
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        const raw = Buffer.concat(chunks);
        this.messages.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw, parsed: await simpleParser(raw),
        });
        this.waiters.splice(0).forEach((w) => w());
        cb();
      },
    });
  }

  async start() {
    this.port = await freePort();
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', () => resolve()));
    return this;
  }

  /** Waits until a captured message matches. */
  async waitFor(match: (m: Captured) => boolean, ms = 20_000): Promise<Captured> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching email within ${ms} ms (captured ${this.messages.length})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 200);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const DOVECOT = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';

/** A Dovecot IMAP server of one test run: one user with a Maildir, plain-text login on loopback. */
export class Dovecot {
  port = 0;
  readonly user = 'support@mail.test';
  readonly password = 'imap-Secret-42';
  private dir = '';
  private child: ChildProcess | undefined;
  private output = '';

  static available() {
    return existsSync(DOVECOT);
  }

  async start() {
    this.port = await freePort();
    this.dir = mkdtempSync(path.join(tmpdir(), 'tawasul-dovecot-'));
    const root = process.getuid?.() === 0;
    const account = root ? passwdEntry('dovecot') : { uid: userInfo().uid, gid: userInfo().gid };
    const runAs = root ? { login: 'dovenull', internal: 'dovecot' } : { login: userInfo().username, internal: userInfo().username };
    for (const d of ['run', 'state', 'mail']) mkdirSync(path.join(this.dir, d));
    chmodSync(this.dir, 0o755);
    if (root) chownSync(path.join(this.dir, 'mail'), account.uid, account.gid);
    writeFileSync(path.join(this.dir, 'passwd'), `${this.user}:{PLAIN}${this.password}::::::\n`);
    chmodSync(path.join(this.dir, 'passwd'), 0o644);
    const conf = `
base_dir = ${this.dir}/run
state_dir = ${this.dir}/state
instance_name = tawasul-test-${this.port}
log_path = /dev/stderr
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${runAs.login}
default_internal_user = ${runAs.internal}
first_valid_uid = ${Math.min(account.uid, 100)}
mail_location = maildir:${this.dir}/mail/%n
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${this.dir}/passwd
}
userdb {
  driver = static
  args = uid=${account.uid} gid=${account.gid} home=${this.dir}/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${this.port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`;
    writeFileSync(path.join(this.dir, 'dovecot.conf'), conf);
    this.child = spawn(DOVECOT, ['-F', '-c', path.join(this.dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => (this.output += d));
    this.child.stderr!.on('data', (d) => (this.output += d));
    await this.waitListening();
    return this;
  }

  private async waitListening() {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (this.child!.exitCode !== null) throw new Error(`dovecot exited (${this.child!.exitCode}):\n${this.output}`);
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(this.port, '127.0.0.1', () => { s.end(); resolve(true); });
        s.on('error', () => resolve(false));
      });
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`dovecot did not listen on ${this.port}:\n${this.output}`);
  }

  /** An IMAP client signed in as the test user. */
  async client() {
    const c = new ImapFlow({ host: '127.0.0.1', port: this.port, secure: false, doSTARTTLS: false, auth: { user: this.user, pass: this.password }, logger: false });
    await c.connect();
    return c;
  }

  /** Delivers a raw message into a folder by IMAP APPEND. */
  async append(raw: Buffer | string, folder = 'INBOX') {
    const c = await this.client();
    try {
      await c.mailboxCreate(folder).catch(() => undefined);
      return await c.append(folder, raw);
    } finally {
      await c.logout();
    }
  }

  logs() {
    return this.output;
  }

  async stop() {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

function passwdEntry(name: string) {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no ${name} user: install dovecot-imapd`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Installs Debian's dovecot-imapd when missing and allowed (root with apt-get), like the test runner does. */
export function ensureDovecot() {
  if (Dovecot.available() || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return Dovecot.available();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['install', '-y', '-qq', 'dovecot-imapd'], { stdio: 'ignore', env });
  return Dovecot.available();
}
