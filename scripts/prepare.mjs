#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies when the lockfile changed and builds the
// web app and the chat widget when their sources are newer than the builds. Uses only Node's standard library.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
const newest = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : mtime(p));
  }
  return t;
};

const installed = path.join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || mtime(path.join(root, 'package-lock.json')) > mtime(installed)) {
  console.log('Installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const built = path.join(root, 'dist', 'web', 'index.html');
if (existsSync(path.join(root, 'web', 'index.html')) && newest(path.join(root, 'web')) > mtime(built)) {
  console.log('Building the web app…');
  run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
}

const widget = path.join(root, 'dist', 'widget', 'widget.js');
if (existsSync(path.join(root, 'widget', 'src')) && newest(path.join(root, 'widget', 'src')) > mtime(widget)) {
  console.log('Building the chat widget…');
  run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'widget/vite.config.ts', '--logLevel', 'warn']);
}
