import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Logger } from './lib/logger.ts';
import type { Secrets } from './lib/secrets.ts';

/** What services need from the process: handed down explicitly, no container. */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  queue: JobQueue;
  log: Logger;
  /** Encrypts stored credentials, signs links in mails. */
  secrets: Secrets;
}
