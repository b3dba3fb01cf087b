import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { migrateDatabase, openDatabase } from './db/client.ts';
import { eventQueues, registerEventHandlers } from './events/handlers.ts';
import { jobQueues } from './jobs/definitions.ts';
import { JobQueue } from './jobs/queue.ts';
import type { Logger } from './lib/logger.ts';
import { createSecrets, loadSecretKey } from './lib/secrets.ts';

/** Opens the database, applies migrations and starts the job queue (with workers when `work`). */
export async function boot(config: Config, log: Logger, opts: { work: boolean }): Promise<Deps & { close(): Promise<void> }> {
  const database = await openDatabase(config.database);
  await migrateDatabase(database);
  const queue = new JobQueue(database, log);
  const deps: Deps = { config, database, db: database.db, queue, log, secrets: createSecrets(await loadSecretKey(config)) };
  registerEventHandlers();
  for (const def of [...eventQueues(deps), ...jobQueues(deps)]) queue.define(def);
  await queue.start({ work: opts.work });
  return {
    ...deps,
    async close() {
      await queue.stop();
      await database.close();
    },
  };
}
