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
import { startSmtpReceiver, type SmtpReceiver } from './mail-in/receiver.ts';
import { playSandbox, type PlayOptions, type PlayRun } from './sandbox/play.ts';
import { localOrigin, sandboxWorkspace } from './sandbox/runner.ts';

const HELP = `Parley operator commands: npm run parley -- <command> [options]

  migrate                                   apply database migrations
  seed-demo [--contacts N]                  create the demo workspace (Wärmewerk Heiztechnik GmbH)
  create-admin --email E --password P --workspace W
                                            create a workspace (if new) with an admin user
  create-token --email E --name N [--workspace W]
                                            create an API token for a user and print it (shown once)
  rebuild-name-words [--workspace W]        recount the dictionary of name words behind fuzzy people search
                                            (after a bulk load that bypassed triggers)
  sandbox [--workspace W] [--rate N] [--burst N] [--url URL] [--smtp HOST:PORT|off] [--listen HOST:PORT]
                                            the sandbox network plays every network of the demo (Facebook, Instagram,
                                            X, Mastodon, web chat by webhook; e-mail into the SMTP receiver; LinkedIn
                                            and Bluesky through the polling backfills) as a workspace's customers: the
                                            demo workspace, or W when named; a burst of N webhook messages (default
                                            40, a third of it by mail/LinkedIn/Bluesky), then N per minute (default 2)
                                            Without --url it starts Parley here (on PORT, SMTP receiver on
                                            PARLEY_SMTP_IN_PORT or 2525). With --url it plays against a Parley running
                                            there on the same PostgreSQL (DATABASE_URL, same PARLEY_SECRET_KEY),
                                            mails to --smtp (default: the URL's host, port 2525) and answers Parley's
                                            replies on --listen (default 127.0.0.1 on a free port). Prints what it
                                            sends and receives; Ctrl-C stops it
`;

/** The operator CLI. Uses the same configuration (DATABASE_URL or PARLEY_DATA_DIR) as the server. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' }, password: { type: 'string' }, workspace: { type: 'string' }, name: { type: 'string' }, contacts: { type: 'string' },
      rate: { type: 'string' }, burst: { type: 'string' }, url: { type: 'string' }, smtp: { type: 'string' }, listen: { type: 'string' },
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
      const smtp = values.smtp === undefined || values.smtp === 'off' ? null : hostPort(values.smtp);
      const listen = values.listen === undefined ? { host: '127.0.0.1', port: 0 } : hostPort(values.listen);
      if (smtp === undefined) return usage('--smtp takes HOST:PORT of Parley\'s SMTP receiver, or off');
      if (listen === undefined) return usage('--listen takes HOST:PORT');
      if (values.url !== undefined && !/^https?:\/\/[^/]+/.test(values.url)) return usage('--url takes the address of a running Parley, e.g. http://localhost:3000');
      if (values.url === undefined && values.listen !== undefined) return usage('--listen goes with --url (without it, Parley here answers as the networks)');
      // What the sandbox prints is the point here: Parley's own log only speaks up for warnings unless LOG_LEVEL says otherwise.
      const sandboxLog = createLogger(process.env.LOG_LEVEL ?? 'warn');
      const opts = { workspace: values.workspace, rate, burst, smtp: values.smtp === 'off' ? 'off' as const : smtp };
      return values.url === undefined ? runSandbox(config, sandboxLog, opts) : playAgainst(config, sandboxLog, { ...opts, url: values.url, listen });
    }
    default:
      console.log(HELP);
      return command ? 1 : 0;
  }
}

type SandboxCliOptions = { workspace?: string; rate: number; burst: number; smtp: { host: string; port: number } | 'off' | null };

// Without --url the sandbox is Parley itself with the sandbox network on: the API (webhooks, and the networks'
// imitation under /sandbox), the SMTP receiver and the workers in this process, on the configured database. Embedded
// PGlite is one process at a time, so stop `npm start` first (or run this instead of it); on PostgreSQL it may run
// beside other Parley processes.
async function runSandbox(config: ReturnType<typeof loadConfig>, log: ReturnType<typeof createLogger>, opts: SandboxCliOptions): Promise<number> {
  const sandboxConfig = { ...config, sandbox: { ...config.sandbox, enabled: true }, mailIn: { ...config.mailIn, port: config.mailIn.port ?? 2525 } };
  const deps = await boot(sandboxConfig, log, { work: true });
  await firstRun(deps);
  const workspace = await sandboxWorkspaceOrUsage(deps, opts.workspace);
  if (typeof workspace === 'number') return workspace;
  const app = await buildApp(deps);
  await app.listen({ port: config.port, host: config.host });
  let smtp: SmtpReceiver | null = null;
  if (opts.smtp !== 'off') {
    smtp = await startSmtpReceiver(deps, opts.smtp ?? {}).catch((err: Error) => {
      console.log(`The SMTP receiver could not start (${err.message}): no e-mail this time.`);
      return null;
    });
  }
  const smtpHost = sandboxConfig.mailIn.host === '0.0.0.0' || sandboxConfig.mailIn.host === '::' ? '127.0.0.1' : sandboxConfig.mailIn.host;
  console.log(`Parley is running at ${config.publicUrl}${smtp ? `, its SMTP receiver on ${smtpHost}:${smtp.port}` : ''}.`);
  const stopAll = async () => {
    await smtp?.close();
    await app.close();
    await deps.close();
  };
  return play(deps, workspace, { ...opts, parleyUrl: localOrigin(app.server), smtp: smtp ? { host: opts.smtp && opts.smtp !== 'off' ? opts.smtp.host : smtpHost, port: smtp.port } : null, imitation: 'parley' }, stopAll);
}

// With --url the sandbox plays against a Parley running elsewhere: it shares that Parley's PostgreSQL (to set up the
// sandbox channels and read their secrets, sealed with the same PARLEY_SECRET_KEY) and job queue (to have the LinkedIn
// and Bluesky backfills polled), posts to its webhooks, mails its SMTP receiver and answers its replies itself.
async function playAgainst(config: ReturnType<typeof loadConfig>, log: ReturnType<typeof createLogger>, opts: SandboxCliOptions & { url: string; listen: { host: string; port: number } }): Promise<number> {
  if (config.database.kind !== 'postgres') {
    return usage('--url needs the PostgreSQL database of that Parley (DATABASE_URL): embedded PGlite opens in one process only. For a Parley on PGlite, stop it and run this command without --url instead');
  }
  const parleyUrl = opts.url.replace(/\/+$/, '');
  const health = await fetch(`${parleyUrl}/api/health`).then((r) => r.ok, () => false);
  if (!health) return usage(`no Parley answers at ${parleyUrl}`);
  const deps = await boot(config, log, { work: false });
  const workspace = await sandboxWorkspaceOrUsage(deps, opts.workspace);
  if (typeof workspace === 'number') return workspace;
  const smtp = opts.smtp === 'off' ? null : opts.smtp ?? { host: new URL(parleyUrl).hostname, port: config.mailIn.port ?? 2525 };
  return play(deps, workspace, { ...opts, parleyUrl, smtp, imitation: opts.listen }, () => deps.close());
}

// Plays until Ctrl-C (or SIGTERM), saying what it sends and receives; then stops the traffic, and `stopAll` the rest.
async function play(deps: Awaited<ReturnType<typeof boot>>, workspace: { id: string; slug: string }, opts: Omit<PlayOptions, 'workspaceId' | 'ratePerMinute' | 'print'> & { rate: number }, stopAll: () => Promise<void>): Promise<number> {
  console.log(`Sandbox network playing workspace "${workspace.slug}" against ${opts.parleyUrl}: ${opts.burst} webhook messages and ${Math.ceil(opts.burst / 3)} by mail, LinkedIn and Bluesky now, then ${opts.rate} and ${opts.rate / 2} per minute.`);
  let run: PlayRun;
  try {
    run = await playSandbox(deps, { ...opts, workspaceId: workspace.id, ratePerMinute: opts.rate, print: (line) => console.log(line) });
  } catch (err) {
    await stopAll();
    // A channel whose secrets this process cannot open was sealed with another PARLEY_SECRET_KEY.
    console.error(`The sandbox could not start: ${(err as Error).message}`);
    return 1;
  }
  console.log('Customers are writing. Replies from the inbox show up here with ←. Ctrl-C stops.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // A second Ctrl-C does not wait for the clean stop.
  process.once('SIGINT', () => process.exit(130));
  console.log('Stopping the sandbox…');
  await run.stop();
  await stopAll();
  console.log(`Sandbox stopped after ${run.posted()} messages sent and ${run.received()} answers received.`);
  return 0;
}

/** "host:port" (the host may be a bracketed IPv6 address); undefined when it is not one. */
function hostPort(value: string): { host: string; port: number } | undefined {
  const m = /^\[?([^\]]*?)\]?:(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[2]) : NaN;
  return m && m[1] && port <= 65535 ? { host: m[1], port } : undefined;
}

/** The workspace the sandbox plays with; when there is none, closes `deps` and answers usage()'s exit code. */
async function sandboxWorkspaceOrUsage(deps: Awaited<ReturnType<typeof boot>>, slug: string | undefined): Promise<{ id: string; slug: string } | number> {
  try {
    return await sandboxWorkspace(deps, slug);
  } catch (err) {
    await deps.close();
    return usage((err as Error).message);
  }
}

function usage(message: string): number {
  console.error(`${message}\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err: Error) => {
  console.error(err.message);
  process.exit(1);
});
