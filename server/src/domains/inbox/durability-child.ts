// A server process for the ingestion durability test (durability.api.test.ts): it acknowledges webhook deliveries and
// processes them, and is killed with SIGKILL mid-work. argv: <database url | pglite dir> <send N | work> [workspaceId channelId]
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { migrateDatabase, openDatabase, rows } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { eventQueues, registerEventHandlers } from '../../events/handlers.ts';
import { jobQueues } from '../../jobs/definitions.ts';
import { JobQueue } from '../../jobs/queue.ts';
import { createLogger } from '../../lib/logger.ts';
import { createSecrets } from '../../lib/secrets.ts';
import { systemActor } from '../../policies/actor.ts';
import { createWorkspace } from '../workspace/service.ts';
import { createChannel } from './channels-service.ts';
import { INGEST_BATCH, ingestQueue } from './process.ts';
import { INGEST_QUEUE } from './webhook-service.ts';

const [target, mode, arg, channelArg] = process.argv.slice(2) as [string, string, string?, string?];
const SECRET = 'durability-app-secret';
const PAGE = '12345654332';
const database = await openDatabase(target.startsWith('postgres') ? { kind: 'postgres', url: target, poolSize: 6 } : { kind: 'pglite', dataDir: target });
await migrateDatabase(database);
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PARLEY_DEMO: 'false', PARLEY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'parley-ingest-')) });
const log = createLogger('silent');
const tuning = { monitorIntervalSeconds: 1, superviseIntervalSeconds: 1, schema: 'pgboss_ingest_durability' };
const queue = new JobQueue(database, log, tuning);
const deps: Deps = { config, database, db: database.db, queue, log, secrets: createSecrets(Buffer.alloc(32, 7)) };
registerEventHandlers();
// The worker is killed within a job now and then: a short heartbeat gets its job back to the queue quickly.
const defs = (d: Deps) => [...eventQueues(d), ...jobQueues(d)].map((def) => (def.name === INGEST_QUEUE ? { ...def, heartbeatSeconds: 10, retryDelay: 1 } : def));
for (const def of defs(deps)) queue.define(def);
// Sending acknowledges only; the workers start once every delivery is acknowledged, so the kill lands mid-processing
// (the workers drain a backlog far faster than the webhook is called here).
await queue.start({ work: mode !== 'send' });

let workspaceId = arg ?? '';
let channelId = channelArg ?? '';
if (mode === 'send') {
  const ws = await createWorkspace(database.db, { name: 'Durability', slug: `durability-${Date.now()}` });
  workspaceId = ws.id;
  channelId = (await createChannel(deps, systemActor(ws.id), { network: 'facebook', externalId: PAGE, name: 'Page', secrets: { appSecret: SECRET } })).id;
  console.log(`CHANNEL ${workspaceId} ${channelId}`);
  const app = await buildApp(deps, { serveWeb: false });
  await app.ready();
  let acked = 0;
  for (let n = 1; n <= Number(arg); n++) {
    // Messenger messages from 50 customers, each its own delivery, as Meta sends them.
    const body = Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: 1457764198246, messaging: [{
      sender: { id: String(900_000 + (n % 50)) }, recipient: { id: PAGE }, timestamp: 1457764197627 + n,
      message: { mid: `mid.durability.${n}`, seq: n, text: `Nachricht ${n}: meine Rechnung ist falsch` } }] }] }));
    const res = await app.inject({ method: 'POST', url: `/api/channels/${channelId}/webhook`, payload: body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` } });
    if (res.statusCode === 200) acked = n;
    if (n % 100 === 0) console.log(`ACKED ${acked}`);
  }
  console.log(`ACKED ${acked}`);
  console.log('SENT');
  const workers = new JobQueue(database, log, tuning);
  // Killed with SIGKILL inside the ingestion transaction that would take the processed count past half: its work is
  // done and not committed (a kill from the test process would come too late: the workers drain 1,000 deliveries in
  // moments, and on PGlite no timer runs while they do).
  const half = Math.floor(Number(arg) / 2);
  let batches = 0;
  const killing = Object.create(database.db) as typeof database.db;
  killing.transaction = ((fn: (tx: never) => Promise<unknown>) => database.db.transaction(async (tx) => {
    const out = await fn(tx as never);
    if (++batches * INGEST_BATCH > half) process.kill(process.pid, 'SIGKILL');
    return out;
  })) as typeof database.db.transaction;
  const workerDeps = { ...deps, queue: workers };
  for (const def of defs(workerDeps)) workers.define(def.name === INGEST_QUEUE ? { ...def, ...ingestQueue({ ...workerDeps, db: killing }), heartbeatSeconds: 10, retryDelay: 1 } : def);
  await workers.start({ work: true });
}
// Progress, for the test to decide when to kill and when all is done.
setInterval(() => {
  void rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM inbound_deliveries WHERE workspace_id = ${workspaceId}::uuid AND channel_id = ${channelId}::uuid AND status = 'processed'`)
    .then(([r]) => console.log(`PROCESSED ${r!.n}`)).catch(() => undefined);
}, 250);
