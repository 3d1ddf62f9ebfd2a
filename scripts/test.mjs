#!/usr/bin/env node
// Runs every test suite and ends with one line: "N passed, N failed, N skipped".
//   unit + integration on the embedded PostgreSQL; again on TEST_EXTERNAL_DATABASE_URL when set
//   (CI: the machine's PostgreSQL 15); end-to-end in real Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const out = mkdtempSync(path.join(tmpdir(), 'tawasul-results-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Chromium from Debian packages for the end-to-end tests…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  }
  if (!existsSync(chromium)) console.error(`Chromium not found at ${chromium}; install Debian's chromium or set CHROMIUM_PATH.`);
}

/** Debian's Dovecot IMAP server for the email channel's polling tests (run in the foreground by the tests). */
function ensureDovecot() {
  if (existsSync(process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot')) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Dovecot (dovecot-imapd) from Debian packages for the email tests…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'dovecot-imapd'], { stdio: 'inherit', env });
  }
  if (!existsSync(process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot')) console.error('Dovecot not found; the IMAP polling tests are skipped. Install Debian\'s dovecot-imapd.');
}

/** Debian's audio tools for voice: ffmpeg (prompts, recordings), sox (hold audio), espeak-ng (spoken prompts). */
function ensureAudioTools() {
  const missing = [['ffmpeg', '/usr/bin/ffmpeg'], ['sox', '/usr/bin/sox'], ['espeak-ng', '/usr/bin/espeak-ng']].filter(([, bin]) => !existsSync(bin)).map(([pkg]) => pkg);
  if (!missing.length) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`Installing ${missing.join(', ')} from Debian packages for the voice tests…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  }
  if (!existsSync('/usr/bin/ffmpeg')) console.error('ffmpeg not found; the voice tests need Debian\'s ffmpeg, sox and espeak-ng.');
}

function suite(name, projects, env = {}) {
  const file = path.join(out, `${name}.json`);
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, [vitest, 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], {
    cwd: root, stdio: 'inherit', env: { ...process.env, ...env },
  });
  if (!existsSync(file)) {
    console.error(`${name}: no results (exit ${r.status})`);
    totals.failed += 1;
    broken = true;
    return;
  }
  const j = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += j.numPassedTests;
  totals.failed += j.numFailedTests;
  totals.skipped += j.numPendingTests + j.numTodoTests;
  // A file that failed to load (or a teardown error) fails the run even when no test did.
  const failedFiles = j.testResults.filter((f) => f.status === 'failed' && f.assertionResults.every((a) => a.status !== 'failed'));
  if (failedFiles.length) totals.failed += failedFiles.length;
  if (r.status !== 0) broken = true;
}

/** Type errors fail the run like a failing test: one check per TypeScript project. */
function typecheck() {
  console.log('\n=== typecheck ===');
  for (const project of ['tsconfig.json', 'web/tsconfig.json', 'widget/tsconfig.json']) {
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: root, stdio: 'inherit' });
    if (r.status === 0) totals.passed += 1;
    else {
      console.error(`typecheck of ${project} failed`);
      totals.failed += 1;
    }
  }
}

typecheck();
ensureDovecot();
ensureAudioTools();
suite('unit + integration (embedded PostgreSQL)', ['unit', 'integration'], { TEST_DATABASE_URL: '' });
if (process.env.TEST_EXTERNAL_DATABASE_URL) {
  suite('integration (external PostgreSQL)', ['integration'], { TEST_DATABASE_URL: process.env.TEST_EXTERNAL_DATABASE_URL });
}
ensureChromium();
suite('end-to-end (Chromium)', ['e2e'], { TEST_DATABASE_URL: '' });

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(broken || totals.failed > 0 ? 1 : 0);
