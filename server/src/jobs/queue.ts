import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type Job, type JobResult } from 'pg-boss';
import type { Database, Executor } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';

/** A job handler: gets the job's data (ids only) and re-reads what it needs. Must be idempotent. */
export type JobHandler<T extends object = Record<string, unknown>> = (data: T, job: Job<T>) => Promise<void>;

export interface QueueDef {
  name: string;
  handler: JobHandler<never>;
  retryLimit?: number;
  retryDelay?: number;
  concurrency?: number;
  expireInSeconds?: number;
  /** A worker that stops sending heartbeats (process killed) gets its job retried after this many seconds. */
  heartbeatSeconds?: number;
  /**
   * Jobs a worker slot fetches at once (default 5). While fetches come back full the slot fetches again at once
   * instead of waiting for the next poll, so a backlog drains at the handlers' speed; long-running jobs (imports,
   * outbound HTTP) take 1.
   */
  batchSize?: number;
  /** A cron expression (UTC): the queue gets a job on that schedule, once across all processes. */
  schedule?: string;
  /**
   * Handles a whole fetched batch at once (e.g. ingestion writes a batch with multi-row statements); answers one
   * outcome per job, in order: null = done, an Error = that job failed and is retried alone. Replaces `handler`'s loop.
   */
  handleBatch?: (jobs: Job<never>[]) => Promise<(Error | null)[]>;
  /** Wakes a worker by NOTIFY when a job is sent (PostgreSQL), instead of waiting for the next poll: latency-bound queues. */
  notify?: boolean;
  /**
   * pg-boss's queue policy (default `standard`): `short` keeps at most one job queued per singletonKey (wake-up jobs:
   * a second one while the first waits adds nothing). Fixed when the queue is created.
   */
  policy?: 'standard' | 'short';
  /** Sends the queue one job when this process starts working (a sweep over work left by the last run, e.g. due deliveries). */
  wakeOnStart?: boolean;
}

/** Intervals of the queue's own supervision (tests shorten them). */
export interface QueueTuning {
  superviseIntervalSeconds?: number;
  monitorIntervalSeconds?: number;
  /** The PostgreSQL schema of the queue's tables (default `pgboss`); tests give each file its own. */
  schema?: string;
  /**
   * Wakes the workers of every queue by NOTIFY when a job is sent, on PGlite too (tests: a job's effect is awaited
   * right after the request that queued it, not after the next 0.5 s poll of each queue on the way).
   */
  notifyAll?: boolean;
}

/** The durable job queue (pg-boss on the same database, PostgreSQL or PGlite). */
export class JobQueue {
  readonly boss: PgBoss;
  /** The PostgreSQL schema of the queue's tables. */
  readonly schema: string;
  private readonly defs = new Map<string, QueueDef>();
  private started = false;

  private readonly notifyAll: boolean;

  constructor(database: Database, private readonly log: Logger, { notifyAll = false, ...tuning }: QueueTuning = {}) {
    this.schema = tuning.schema ?? 'pgboss';
    this.notifyAll = notifyAll;
    this.boss = database.kind === 'pglite'
      ? new PgBoss({ db: fromPglite(database.pglite!), backend: 'pglite', schema: 'pgboss', ...(notifyAll ? { useListenNotify: true } : {}), ...tuning })
      // LISTEN/NOTIFY holds one connection and wakes the workers of `notify` queues at once (the outbox).
      : new PgBoss({ ...poolOptions(database), schema: 'pgboss', useListenNotify: true, ...tuning });
    this.boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
  }

  /** Declares a queue and its handler; call before start(). */
  define(def: QueueDef): void {
    this.defs.set(def.name, def);
  }

  /** Creates the queue tables and queues; with `work` also starts the workers. */
  async start(opts: { work: boolean }): Promise<void> {
    await this.boss.start();
    // createQueue leaves an existing queue as it is, and costs a statement and a reload of pg-boss's queue cache each:
    // only the missing ones are created (a restart, and every test file on a prepared database, creates none).
    const existing = new Map((await this.boss.getQueues([...this.defs.keys()])).map((q) => [q.name, q]));
    for (const def of this.defs.values()) {
      const notify = (def.notify ?? false) || this.notifyAll;
      if (!existing.has(def.name)) {
        await this.boss.createQueue(def.name, {
          retryLimit: def.retryLimit ?? 5,
          retryDelay: def.retryDelay ?? 2,
          retryBackoff: true,
          expireInSeconds: def.expireInSeconds ?? 900,
          heartbeatSeconds: def.heartbeatSeconds ?? 30,
          notify,
          policy: def.policy ?? 'standard',
        });
      // A queue that became latency-bound is switched over here.
      } else if (notify && !existing.get(def.name)!.notify) await this.boss.updateQueue(def.name, { notify: true });
      // An occurrence missed while no process ran (a deploy, a night switched off) is made up once, not skipped.
      if (def.schedule) await this.boss.schedule(def.name, def.schedule, {}, { tz: 'UTC', missed: 'once' });
      if (opts.work) {
        const batchSize = def.batchSize ?? 5;
        // Each job of a batch succeeds or fails on its own (perJobResults): one failing job is retried alone.
        await this.boss.work(def.name, {
          batchSize, localConcurrency: def.concurrency ?? 2, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5, burstWhenBatchFull: batchSize > 1, perJobResults: true,
        }, async (jobs) => {
          if (def.handleBatch) return this.runBatch(def, jobs);
          const results: JobResult[] = [];
          for (const job of jobs) {
            try {
              await (def.handler as JobHandler)(job.data as Record<string, unknown>, job as Job<Record<string, unknown>>);
              results.push({ id: job.id, status: 'completed' });
            } catch (err) {
              this.log.error({ err, queue: def.name, jobId: job.id }, 'job failed; the queue retries it with backoff');
              results.push({ id: job.id, status: 'failed', output: { message: err instanceof Error ? err.message : String(err) } });
            }
          }
          return results;
        });
      }
    }
    this.started = true;
    if (opts.work) for (const def of this.defs.values()) if (def.wakeOnStart) await this.boss.send(def.name, {});
  }

  private async runBatch(def: QueueDef, jobs: Job<unknown>[]): Promise<JobResult[]> {
    let outcomes: (Error | null)[];
    try {
      outcomes = await def.handleBatch!(jobs as Job<never>[]);
    } catch (err) {
      outcomes = jobs.map(() => (err instanceof Error ? err : new Error(String(err))));
    }
    return jobs.map((job, i) => {
      const err = outcomes[i];
      if (!err) return { id: job.id, status: 'completed' };
      this.log.error({ err, queue: def.name, jobId: job.id }, 'job failed; the queue retries it with backoff');
      return { id: job.id, status: 'failed', output: { message: err.message } };
    });
  }

  /** Enqueues many jobs of one queue with one statement; with `tx` they are part of that transaction. */
  async sendMany(name: string, data: object[], opts: { tx?: Executor } = {}): Promise<void> {
    if (!this.defs.has(name)) throw new Error(`unknown queue ${name}`);
    if (data.length === 0) return;
    await this.boss.insert(name, data.map((d) => ({ data: d })), opts.tx ? { db: fromDrizzle(opts.tx as never, sql as never) } : {});
  }

  /** Enqueues a job; with `tx` it becomes part of that transaction (rolled back with it). */
  async send(name: string, data: object, opts: { tx?: Executor; id?: string; singletonKey?: string; startAfter?: number | Date } = {}): Promise<string | null> {
    if (!this.defs.has(name)) throw new Error(`unknown queue ${name}`);
    const { tx, ...rest } = opts;
    return this.boss.send(name, data, { ...rest, ...(tx ? { db: fromDrizzle(tx as never, sql as never) } : {}) });
  }

  private readonly soon = new Set<string>();

  /**
   * A wake-up job, debounced: sends `data` to the queue `withinMs` from now unless a job of the same name and key is
   * already on its way from this process (many callers in a burst, one job). Sent outside any transaction, after the
   * caller's commit has had time to land; a failure is logged (the queue's schedule makes a lost wake-up good).
   */
  sendSoon(name: string, key: string, data: object, withinMs: number, opts: { singletonKey?: string } = {}): void {
    const k = `${name}|${key}`;
    if (this.soon.has(k)) return;
    this.soon.add(k);
    setTimeout(() => {
      this.soon.delete(k);
      this.send(name, data, opts).catch((err: unknown) => this.log.warn({ err, queue: name, key }, 'could not send a wake-up job'));
    }, withinMs);
  }

  async stop(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, timeout: 10_000 });
  }
}

function poolOptions(database: Database): { connectionString: string; max: number } {
  const opts = database.pool!.options as { connectionString?: string };
  return { connectionString: opts.connectionString!, max: 4 };
}
