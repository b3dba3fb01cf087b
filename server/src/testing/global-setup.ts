import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { migrateDatabase, openDatabase } from '../db/client.ts';
import { loadConfig } from '../config.ts';
import type { Deps } from '../deps.ts';
import { eventQueues, registerEventHandlers } from '../events/handlers.ts';
import { jobQueues } from '../jobs/definitions.ts';
import { JobQueue } from '../jobs/queue.ts';
import { createLogger } from '../lib/logger.ts';
import { createSecrets } from '../lib/secrets.ts';

const root = path.resolve(import.meta.dirname, '../../..');
// One template per run: several test runs on one machine (developers, CI retries) never read each other's half-written file.
const TEMPLATE_FILE = path.join(root, '.test-data', `pglite-template-${process.pid}.tar.gz`);

/**
 * Prepares the database of an API test run once: on PGlite a migrated data directory that every test file
 * loads (creating a PGlite runs initdb, 4–7 s; loading the template ~1 s); on PostgreSQL a fresh database.
 */
export default async function setup(project: { provide(key: string, value: string): void; config: { env?: Record<string, unknown> } }): Promise<() => Promise<void>> {
  const kind = project.config.env?.PARLEY_TEST_DB;
  const log = createLogger('silent');
  if (kind === 'pglite') {
    const database = await openDatabase({ kind: 'pglite' });
    await migrateDatabase(database);
    // The queues are part of the template, as the harness makes them (woken by NOTIFY): a test file's start creates none.
    const queue = new JobQueue(database, log, { notifyAll: true });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PARLEY_DEMO: 'false', PARLEY_DATA_DIR: '.test-data/run' });
    const deps: Deps = { config, database, db: database.db, queue, log, secrets: createSecrets(Buffer.alloc(32, 1)) };
    registerEventHandlers();
    for (const def of [...eventQueues(deps), ...jobQueues(deps)]) queue.define(def);
    await queue.start({ work: false });
    await queue.stop();
    const dump = await database.pglite!.dumpDataDir('gzip');
    await mkdir(path.dirname(TEMPLATE_FILE), { recursive: true });
    await writeFile(TEMPLATE_FILE, Buffer.from(await dump.arrayBuffer()));
    await database.close();
    project.provide('pgliteTemplate', TEMPLATE_FILE);
    return async () => { await rm(TEMPLATE_FILE, { force: true }); };
  }
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `parley_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  await migrateDatabase(database);
  const queue = new JobQueue(database, log);
  await queue.start({ work: false });
  await queue.stop();
  await database.close();
  project.provide('postgresUrl', url.toString());
  return async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
}
