// A worker process for the durability test (durability.api.test.ts): it is killed with SIGKILL mid-work.
// argv: <database url | pglite dir> <send N | work>
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, rows } from '../db/client.ts';
import { createLogger } from '../lib/logger.ts';
import { JobQueue } from './queue.ts';

const [target, mode, count] = process.argv.slice(2) as [string, string, string?];
const database = await openDatabase(target.startsWith('postgres') ? { kind: 'postgres', url: target, poolSize: 4 } : { kind: 'pglite', dataDir: target });
await migrateDatabase(database);
await database.db.execute(sql`CREATE TABLE IF NOT EXISTS durability_done (n int PRIMARY KEY, attempts int NOT NULL DEFAULT 1)`);
const queue = new JobQueue(database, createLogger('silent'), { monitorIntervalSeconds: 1, superviseIntervalSeconds: 1 });
queue.define({
  name: 'test.durable', concurrency: 1, heartbeatSeconds: 10, retryDelay: 1,
  handler: (async (data: { n: number }) => {
    await new Promise((r) => setTimeout(r, 300));
    await database.db.execute(sql`INSERT INTO durability_done (n) VALUES (${data.n}) ON CONFLICT (n) DO UPDATE SET attempts = durability_done.attempts + 1`);
    const [r] = await rows<{ c: number }>(database.db, sql`SELECT count(*)::int AS c FROM durability_done`);
    console.log(`DONE ${r!.c}`);
  }) as never,
});
await queue.start({ work: true });
if (mode === 'send') {
  for (let n = 1; n <= Number(count); n++) await queue.send('test.durable', { n });
  console.log('SENT');
}
