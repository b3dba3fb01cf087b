import { parseArgs } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { loadConfig } from './config.ts';
import { migrateDatabase, openDatabase } from './db/client.ts';
import { apiTokens, users, workspaces } from './db/schema.ts';
import { buildApp } from './app.ts';
import { boot } from './boot.ts';
import { firstRun } from './db/seed/first-run.ts';
import { seedDemo } from './db/seed/demo.ts';
import { rebuildNameWords } from './domains/contacts/service.ts';
import { createUser, createWorkspace, newApiTokenSecret, slugify } from './domains/workspace/service.ts';
import { newId } from './lib/ids.ts';
import { createLogger } from './lib/logger.ts';
import { localOrigin, sandboxWorkspace, startSandbox } from './sandbox/runner.ts';

const HELP = `Parley operator commands: npm run parley -- <command> [options]

  migrate                                   apply database migrations
  seed-demo [--contacts N]                  create the demo workspace (Wärmewerk Heiztechnik GmbH)
  create-admin --email E --password P --workspace W
                                            create a workspace (if new) with an admin user
  create-token --email E --name N [--workspace W]
                                            create an API token for a user and print it (shown once)
  rebuild-name-words [--workspace W]        recount the dictionary of name words behind fuzzy people search
                                            (after a bulk load that bypassed triggers)
  sandbox [--workspace W] [--rate N] [--burst N]
                                            start Parley (on PORT) with the sandbox network playing a workspace's
                                            customers: the demo workspace, or W when named; a burst of N messages
                                            (default 40), then N per minute (default 2); Ctrl-C stops it
`;

/** The operator CLI. Uses the same configuration (DATABASE_URL or PARLEY_DATA_DIR) as the server. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' }, password: { type: 'string' }, workspace: { type: 'string' }, name: { type: 'string' }, contacts: { type: 'string' },
      rate: { type: 'string' }, burst: { type: 'string' },
    },
    strict: true,
  });
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  switch (command) {
    case 'migrate': {
      const database = await openDatabase(config.database);
      await migrateDatabase(database);
      await database.close();
      console.log('Migrations applied.');
      return 0;
    }
    case 'seed-demo': {
      const deps = await boot(config, log, { work: false });
      try {
        const login = await deps.db.transaction((tx) => seedDemo(deps, tx, { contacts: values.contacts ? Number(values.contacts) : config.demo.contacts }));
        console.log(`Demo workspace "${login.workspace}" created. Sign in as ${login.email} with password ${login.password}`);
      } finally {
        await deps.close();
      }
      return 0;
    }
    case 'create-admin': {
      if (!values.email || !values.password || !values.workspace) return usage('create-admin needs --email, --password and --workspace');
      if (values.password.length < 10) return usage('the password needs at least 10 characters');
      const database = await openDatabase(config.database);
      try {
        await migrateDatabase(database);
        await database.db.transaction(async (tx) => {
          const slug = slugify(values.workspace!);
          const [existing] = await tx.select().from(workspaces).where(eq(workspaces.slug, slug));
          const ws = existing ?? (await createWorkspace(tx, { name: values.workspace!, slug }));
          await createUser(tx, { workspaceId: ws.id, email: values.email!, name: values.name ?? values.email!.split('@')[0]!, role: 'admin', password: values.password! });
          console.log(`Admin ${values.email} created in workspace "${ws.name}" (${ws.slug}).`);
        });
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'create-token': {
      if (!values.email || !values.name) return usage('create-token needs --email and --name');
      const database = await openDatabase(config.database);
      try {
        const found = await database.db.select({ user: users, workspace: workspaces }).from(users)
          .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
          .where(and(eq(users.email, values.email.toLowerCase()), eq(users.status, 'active')));
        const matches = values.workspace ? found.filter((f) => f.workspace.slug === values.workspace) : found;
        if (matches.length !== 1) return usage(matches.length ? 'the e-mail is in several workspaces: add --workspace <slug>' : `no active user ${values.email}`);
        const { user, workspace } = matches[0]!;
        const { secret, hash } = newApiTokenSecret(workspace.id);
        await database.db.insert(apiTokens).values({ workspaceId: workspace.id, id: newId(), userId: user.id, name: values.name, tokenHash: hash });
        console.log(secret);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'rebuild-name-words': {
      const deps = await boot(config, log, { work: false });
      try {
        let workspaceId: string | undefined;
        if (values.workspace) {
          const [ws] = await deps.db.select().from(workspaces).where(eq(workspaces.slug, values.workspace));
          if (!ws) return usage(`no workspace "${values.workspace}"`);
          workspaceId = ws.id;
        }
        const words = await rebuildNameWords(deps, workspaceId);
        console.log(`The dictionary of name words holds ${words.toLocaleString('en-US')} words${values.workspace ? ` in "${values.workspace}"` : ''}.`);
      } finally {
        await deps.close();
      }
      return 0;
    }
    case 'sandbox': {
      const rate = values.rate === undefined ? config.sandbox.ratePerMinute : Number(values.rate);
      const burst = values.burst === undefined ? config.sandbox.burst : Number(values.burst);
      if (!(rate >= 0 && rate <= 600) || !Number.isInteger(burst) || burst < 0) return usage('--rate takes 0..600 messages per minute, --burst a count');
      return runSandbox(config, createLogger(process.env.LOG_LEVEL ?? 'info'), { workspace: values.workspace, rate, burst });
    }
    default:
      console.log(HELP);
      return command ? 1 : 0;
  }
}

// The sandbox is Parley itself with the sandbox network on: the API (webhooks, and the networks' imitation under
// /sandbox) and the workers in this process, on the configured database. Embedded PGlite is one process at a time, so
// stop `npm start` first (or run this instead of it); on PostgreSQL it may run beside other Parley processes.
async function runSandbox(config: ReturnType<typeof loadConfig>, log: ReturnType<typeof createLogger>, opts: { workspace?: string; rate: number; burst: number }): Promise<number> {
  const sandboxConfig = { ...config, sandbox: { ...config.sandbox, enabled: true } };
  const deps = await boot(sandboxConfig, log, { work: true });
  await firstRun(deps);
  let workspace;
  try {
    workspace = await sandboxWorkspace(deps, opts.workspace);
  } catch (err) {
    await deps.close();
    return usage((err as Error).message);
  }
  const app = await buildApp(deps);
  await app.listen({ port: config.port, host: config.host });
  const run = await startSandbox(deps, { workspaceId: workspace.id, baseUrl: localOrigin(app.server), burst: opts.burst, ratePerMinute: opts.rate });
  console.log(`Sandbox network playing workspace "${workspace.slug}" at ${config.publicUrl}: ${opts.burst} messages now, then ${opts.rate} per minute. Replies received: ${config.publicUrl}/sandbox/outbox. Ctrl-C stops.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await run.stop();
  await app.close();
  await deps.close();
  console.log(`Sandbox stopped after ${run.posted()} messages.`);
  return 0;
}

function usage(message: string): number {
  console.error(`${message}\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err: Error) => {
  console.error(err.message);
  process.exit(1);
});
