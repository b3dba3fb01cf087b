import pg from 'pg';
import type { Database } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';
import { needsScope, RoomScopes } from './room-scope.ts';

/** The one NOTIFY channel of Parley: domain events (by the `events` trigger, migration 0011) and ephemeral signals. */
export const REALTIME_CHANNEL = 'parley_realtime';

/** What travels on the channel: ids and type only (NOTIFY payloads must stay under 8000 bytes). */
export interface Notice {
  kind: 'event' | 'signal';
  workspaceId: string;
  type: string;
  /** Event id (domain events). */
  id?: string;
  actorId?: string | null;
  subjectType?: string;
  subjectId?: string;
  conversationId?: string | null;
  /** The user a signal is about (presence, viewing, typing). */
  userId?: string | null;
  /** Added by the hub (room-scope.ts), never sent by the database: the room a room notice or comment belongs to. */
  roomId?: string | null;
  /** …and who may hear of it. */
  room?: RoomOfNotice | null;
  /** …and the record a comment is on. */
  record?: { type: string; id: string } | null;
}

/** What the filter needs to know of a notice's room: public or not, its members, and one more user (a removed member). */
export interface RoomOfNotice { public: boolean; members: ReadonlySet<string>; also?: string | null }

export type NoticeListener = (notice: Notice) => void;

/** The application_name of this process's listening connection. */
export function listenerName(): string {
  return `parley-realtime:${process.pid}`;
}

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 10_000;
const LINGER_MS = 5_000;

/**
 * The process's one listener on the channel, shared by every open stream: it LISTENs on a dedicated PostgreSQL
 * connection (on PGlite, on the embedded instance) while at least one subscriber is connected, fans each notice out
 * in memory to the subscribers of its workspace, and reconnects with backoff after losing the connection (subscribers
 * then get a `stream.resync` signal: notices sent while it was away are lost, the browser refetches).
 */
export class RealtimeHub {
  private readonly byWorkspace = new Map<string, Set<NoticeListener>>();
  private subscribers = 0;
  private client: pg.Client | null = null;
  private unlistenPglite: (() => Promise<void>) | null = null;
  private starting: Promise<void> | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoff = BACKOFF_MIN_MS;
  private closed = false;
  /** Notices dispatched since start (for tests and the bench). */
  dispatched = 0;
  /** Rooms' visibility and members, resolved once per notice for every stream of the process. */
  readonly rooms: RoomScopes;
  // Notices are handed on in the order they came; one waiting for its room holds back those after it.
  private ordered: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly database: Database, private readonly log: Logger) {
    this.rooms = new RoomScopes(database.db);
  }

  /** Adds a listener for a workspace's notices; resolves once the database listener is active. */
  async subscribe(workspaceId: string, fn: NoticeListener): Promise<() => void> {
    if (this.closed) throw new Error('realtime hub closed');
    if (this.lingerTimer) { clearTimeout(this.lingerTimer); this.lingerTimer = null; }
    let set = this.byWorkspace.get(workspaceId);
    if (!set) this.byWorkspace.set(workspaceId, (set = new Set()));
    set.add(fn);
    this.subscribers++;
    let done = false;
    const unsubscribe = () => {
      if (done) return;
      done = true;
      set.delete(fn);
      if (set.size === 0 && this.byWorkspace.get(workspaceId) === set) this.byWorkspace.delete(workspaceId);
      this.subscribers--;
      // A reload closes and reopens the stream within a second: keep the connection a moment instead of churning it.
      if (this.subscribers === 0 && !this.closed) this.lingerTimer = setTimeout(() => void this.stopListening(), LINGER_MS).unref();
    };
    try {
      await this.ensureListening();
    } catch (err) {
      unsubscribe();
      throw err;
    }
    return unsubscribe;
  }

  /** Number of connected subscribers in this process. */
  get size(): number {
    return this.subscribers;
  }

  /** Stops listening and drops every subscriber (app shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.byWorkspace.clear();
    this.subscribers = 0;
    await this.starting?.catch(() => undefined);
    await this.stopListening();
  }

  private listening(): boolean {
    return this.client !== null || this.unlistenPglite !== null;
  }

  private ensureListening(): Promise<void> {
    if (this.listening()) return Promise.resolve();
    this.starting ??= this.startListening().finally(() => { this.starting = null; });
    return this.starting;
  }

  private async startListening(): Promise<void> {
    if (this.database.kind === 'pglite') {
      this.unlistenPglite = await this.database.pglite!.listen(REALTIME_CHANNEL, (payload) => this.dispatch(payload));
      return;
    }
    // Named, so an operator (and a test) tells this process's listener apart in pg_stat_activity.
    const client = new pg.Client({ connectionString: this.database.pool!.options.connectionString, keepAlive: true, application_name: listenerName() });
    client.on('notification', (msg) => { if (msg.channel === REALTIME_CHANNEL && msg.payload) this.dispatch(msg.payload); });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    await client.connect();
    await client.query(`LISTEN ${REALTIME_CHANNEL}`);
    this.client = client;
    this.backoff = BACKOFF_MIN_MS;
  }

  private async stopListening(): Promise<void> {
    this.lingerTimer = null;
    if (this.subscribers > 0 && !this.closed) return;
    // Not listening, changes of rooms go unheard: start afresh next time.
    this.rooms.clear();
    const client = this.client;
    this.client = null;
    const unlisten = this.unlistenPglite;
    this.unlistenPglite = null;
    if (client) {
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
    if (unlisten) await unlisten().catch(() => undefined);
  }

  // The listening connection died (PostgreSQL restarted, network): reconnect with backoff while anyone listens.
  private lost(client: pg.Client, err: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.closed || this.subscribers === 0) return;
    this.log.warn({ err, retryInMs: this.backoff }, 'realtime listener lost its connection; reconnecting');
    const retry = () => {
      this.retryTimer = null;
      if (this.closed || this.subscribers === 0) return;
      this.ensureListening().then(
        () => {
          this.rooms.clear();
          this.broadcast({ kind: 'signal', workspaceId: '', type: 'stream.resync' });
        },
        (e: unknown) => {
          this.log.warn({ err: e, retryInMs: this.backoff }, 'realtime listener could not reconnect');
          this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
          this.retryTimer = setTimeout(retry, this.backoff).unref();
        },
      );
    };
    this.retryTimer = setTimeout(retry, this.backoff).unref();
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
  }

  private dispatch(payload: string): void {
    let notice: Notice;
    try {
      notice = JSON.parse(payload) as Notice;
    } catch {
      return; // not ours
    }
    if (typeof notice?.workspaceId !== 'string' || typeof notice.type !== 'string') return;
    // Only the hub says which room a notice is of and who may hear of it.
    delete notice.room;
    delete notice.roomId;
    delete notice.record;
    this.rooms.observe(notice);
    if (!this.byWorkspace.has(notice.workspaceId)) return;
    const scoped = needsScope(notice);
    if (!scoped && this.waiting === 0) return this.handOn(notice);
    // One lookup per notice for every stream of the process; the lookups run at once, the hand-over keeps the order.
    const ready = scoped
      ? this.rooms.resolve(notice).catch((err: unknown) => {
        this.log.warn({ err, type: notice.type }, 'realtime: could not resolve the room of a notice; only admins get it');
        return notice;
      })
      : Promise.resolve(notice);
    this.waiting++;
    this.ordered = this.ordered.then(() => ready).then((n) => {
      this.waiting--;
      this.handOn(n);
    });
  }

  private handOn(notice: Notice): void {
    const set = this.byWorkspace.get(notice.workspaceId);
    if (!set) return;
    this.dispatched++;
    for (const fn of set) {
      try {
        fn(notice);
      } catch (err) {
        this.log.warn({ err, type: notice.type }, 'realtime: a stream failed to take a notice');
      }
    }
  }

  private broadcast(notice: Notice): void {
    for (const [workspaceId, set] of this.byWorkspace) for (const fn of set) fn({ ...notice, workspaceId });
  }
}
