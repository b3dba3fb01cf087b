import { loadConfig } from './config.ts';
import { buildApp } from './app.ts';
import { boot } from './boot.ts';
import { firstRun } from './db/seed/first-run.ts';
import { createLogger } from './lib/logger.ts';
import { startSmtpReceiver, type SmtpReceiver } from './mail-in/receiver.ts';
import { localOrigin, startDemoSandbox, type SandboxRun } from './sandbox/runner.ts';

/** Starts Parley: the API, the workers, or both (the default; always both on embedded PGlite). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const log = createLogger(config.logLevel, config.dev);
  const deps = await boot(config, log, { work: config.role !== 'api' });
  await firstRun(deps);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  if (config.role !== 'worker') {
    app = await buildApp(deps);
    await app.listen({ port: config.port, host: config.host });
    log.info(`Parley is running at ${config.publicUrl} (${config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dataDir}` : 'PostgreSQL'})`);
  } else {
    log.info('Parley worker is running');
  }
  // The built-in SMTP receiver of e-mail channels (PARLEY_SMTP_IN_PORT; on with the sandbox).
  let smtp: SmtpReceiver | null = null;
  if (config.role !== 'worker' && config.mailIn.port !== null) {
    smtp = await startSmtpReceiver(deps).catch((err: unknown) => {
      log.error({ err }, 'the SMTP receiver could not start');
      return null;
    });
    if (smtp) log.info(`SMTP receiver for e-mail channels on ${config.mailIn.host}:${smtp.port}`);
  }
  // The sandbox network plays the demo workspace's customers inside this process (never another workspace's).
  let sandbox: SandboxRun | null = null;
  if (app && config.sandbox.enabled) {
    sandbox = await startDemoSandbox(deps, localOrigin(app.server)).catch((err: unknown) => {
      log.error({ err }, 'the sandbox network could not start');
      return null;
    });
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    await sandbox?.stop();
    await smtp?.close();
    await app?.close(); // stop taking requests, finish the running ones
    await deps.close(); // let running jobs finish, then close the database
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
