import { REALTIME_LIMITS, type StreamMessage } from '@parley/contracts/realtime';
import type { Deps } from '../deps.ts';
import { consultedConversationIds } from '../domains/experts/visibility.ts';
import { heartbeat } from '../domains/presence/service.ts';
import { actorOf, type App } from '../http/types.ts';
import { mayReceive, toStreamMessage } from './filter.ts';
import { RealtimeHub, type Notice } from './hub.ts';

/**
 * GET /api/stream: server-sent events for the signed-in user (the session cookie, which EventSource sends on a
 * same-origin GET; no CSRF token is needed for a GET). One message per domain event or signal of the user's workspace
 * that `mayReceive` lets through, ids and type only. The open stream is the user's presence heartbeat. All streams of
 * this app share one database listener (the hub), closed with the app.
 */
export async function streamRoutes(app: App, deps: Deps): Promise<RealtimeHub> {
  const hub = new RealtimeHub(deps.database, deps.log);
  const open = new Set<() => void>();
  // Streams never end by themselves: close them before the server waits for its connections to finish (preClose),
  // then stop listening (onClose). The browsers reconnect to another process.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  app.addHook('onClose', async () => {
    await hub.close();
  });

  app.get('/api/stream', { schema: { tags: ['realtime'], summary: 'Server-sent events: what changed in the workspace (ids and type only), presence, viewing and typing' } },
    async (req, reply) => {
      const actor = actorOf(req);
      const raw = reply.raw;
      // Notices that arrive before the headers are written wait here (a write before writeHead would send default headers).
      let early: StreamMessage[] | null = [];
      const send = (m: StreamMessage) => {
        if (early) early.push(m);
        else raw.write(`${m.id ? `id: ${m.id}\n` : ''}data: ${JSON.stringify(m)}\n\n`);
      };
      // An expert's stream carries what concerns the conversations they were asked into: the set is read at connect and
      // again on every consult event of the workspace (a new consult may be theirs), before that event is judged.
      const expert = actor.role === 'expert' && actor.userId ? actor.userId : null;
      let consulted: Set<string> | null = expert ? new Set(await consultedConversationIds(deps.db, actor.workspaceId, expert)) : null;
      let refresh: Promise<void> = Promise.resolve();
      const judge = (notice: Notice) => {
        if (mayReceive(actor, notice, consulted)) send(toStreamMessage(notice));
      };
      // Subscribe first: if the database cannot be reached, the request fails with a normal error response.
      const unsubscribe = await hub.subscribe(actor.workspaceId, (notice) => {
        if (!expert) return judge(notice);
        // Keep the order of notices for an expert: each waits for the refresh before it.
        refresh = refresh.then(async () => {
          if (notice.type.startsWith('consult.')) {
            consulted = new Set(await consultedConversationIds(deps.db, actor.workspaceId, expert).catch(() => [...(consulted ?? [])]));
          }
          judge(notice);
        });
      });
      if (req.raw.destroyed) {
        unsubscribe();
        return reply.hijack();
      }
      reply.hijack();
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx: do not buffer the stream
      });
      raw.write(`retry: ${REALTIME_LIMITS.streamRetryMs}\n\n`);
      const queued = early;
      early = null;
      for (const m of queued) send(m);
      const beat = async () => {
        await heartbeat(deps, actor).catch((err: unknown) => deps.log.warn({ err }, 'presence heartbeat of a stream failed'));
      };
      await beat();
      send({ type: 'stream.ready', userId: actor.userId });
      const timer = setInterval(() => {
        raw.write(': ping\n\n');
        void beat();
      }, REALTIME_LIMITS.streamHeartbeatMs);
      timer.unref();
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(timer);
        unsubscribe();
        open.delete(end);
        if (!raw.writableEnded) raw.end();
      };
      open.add(end);
      req.raw.on('close', end);
      raw.on('error', end);
    });
  return hub;
}
