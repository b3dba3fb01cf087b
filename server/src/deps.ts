import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Logger } from './lib/logger.ts';

/** What services need from the process: handed down explicitly, no container. */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  queue: JobQueue;
  log: Logger;
}
