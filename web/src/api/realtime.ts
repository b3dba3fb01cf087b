import type { PresenceEntry, PresenceList, PresenceStatus, StreamMessage, ViewerList } from '@parley/contracts/realtime';
import { REALTIME_LIMITS } from '@parley/contracts/realtime';
import { useMutation, useQuery, useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './client.ts';

export type { PresenceEntry, PresenceStatus, StreamMessage };
export type Viewer = ViewerList['items'][number];

// One EventSource for the whole app (GET /api/stream, the session cookie authenticates it), shared by every component
// through a listener set. The browser reconnects it by itself (the server's `retry:` hint); after a reconnect, or when
// the server says `stream.resync`, everything is refetched, since events sent meanwhile are lost.

type Listener = (m: StreamMessage) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;
let users = 0;
let connected = false;
const connectionListeners = new Set<(up: boolean) => void>();

function setConnected(up: boolean) {
  if (up === connected) return;
  connected = up;
  for (const fn of connectionListeners) fn(up);
}

function open() {
  const es = new EventSource('/api/stream', { withCredentials: true });
  let wasDown = false;
  es.onmessage = (e: MessageEvent<string>) => {
    let m: StreamMessage;
    try {
      m = JSON.parse(e.data) as StreamMessage;
    } catch {
      return;
    }
    if (m.type === 'stream.ready') {
      setConnected(true);
      // A reconnect: what happened while the stream was down is unknown, so every listener refetches.
      if (wasDown) m = { type: 'stream.resync' };
      wasDown = false;
    }
    for (const fn of listeners) fn(m);
  };
  es.onerror = () => {
    wasDown = true;
    setConnected(false);
  };
  return es;
}

/** Keeps the app's stream open while mounted (the signed-in shell mounts it once); closes it with the last user. */
export function useRealtimeConnection(): void {
  const qc = useQueryClient();
  useEffect(() => {
    users++;
    source ??= open();
    const stop = subscribe(invalidator(qc));
    // Without an open stream (a proxy that cuts it, a reconnect loop) the user's presence still needs a heartbeat.
    const beat = setInterval(() => {
      if (!connected) void api.post('/api/presence/heartbeat').catch(() => undefined);
    }, REALTIME_LIMITS.presenceHeartbeatMs);
    return () => {
      clearInterval(beat);
      stop();
      if (--users === 0) {
        source?.close();
        source = null;
        setConnected(false);
      }
    };
  }, [qc]);
}

/** Adds a listener to the app's stream; returns the function that removes it. */
export function subscribe(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Calls `fn` for each message of the stream while the component is mounted. */
export function useRealtime(fn: Listener): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => subscribe((m) => ref.current(m)), []);
}

/** True while the stream is open. */
export function useRealtimeConnected(): boolean {
  const [up, setUp] = useState(connected);
  useEffect(() => {
    setUp(connected);
    connectionListeners.add(setUp);
    return () => { connectionListeners.delete(setUp); };
  }, []);
  return up;
}

// Queries that show someone's presence (a presence change refetches them): the team list, viewers, routing's agents.
const PRESENCE_KEYS: readonly (readonly string[])[] = [['presence'], ['viewers'], ['routing', 'agents']];

// Generic on purpose: any query whose key names the record or conversation is refetched, so new features get live
// updates by putting ids in their query keys. A conversation's change also refreshes every conversation list (its place
// and preview change), not other open conversations.
/** Whether a stream message concerns a cached query, by the query's key. */
export function concerns(m: StreamMessage, key: readonly unknown[]): boolean {
  if (m.type === 'stream.resync') return true;
  if (m.type === 'presence.changed') return PRESENCE_KEYS.some((k) => k.every((part, i) => key[i] === part));
  if (m.type === 'viewers.changed') return key[0] === 'viewers' && key[1] === m.conversationId;
  // A reply held for approval, approved or rejected: the managers' approvals queue and its count.
  if (/^reply\.(held|approved|rejected)$/.test(m.type) && key[0] === 'approvals') return true;
  // Activity streams (issue 5): any domain event may be a new activity of a stream on screen.
  if (key[0] === 'streams') return true;
  // A room's notices (posts, documents, notes, members, comments in it) name the room: its feed, documents, notes and
  // members refetch (['rooms', roomId, …]).
  const ids = [m.conversationId, m.subject?.id, m.roomId].filter(Boolean);
  if (key.some((part) => ids.includes(part as string))) return true;
  // The lists of the record's kind: `canned_reply` → ['canned-replies', …], `company` → ['companies', …].
  const kind = (m.subject?.type ?? m.type.split('.')[0]!).replaceAll('_', '-');
  const lists = key[0] === (kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`) && key[1] !== 'one';
  if (m.conversationId) return lists || (key[0] === 'conversations' && key[1] !== 'one');
  return lists;
}

// Invalidations are gathered for a moment, so a burst of events (a busy sandbox) refetches each query once.
const BATCH_MS = 150;

function invalidator(qc: QueryClient): Listener {
  let pending: StreamMessage[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  return (m) => {
    if (m.type === 'stream.ready') return;
    pending.push(m);
    timer ??= setTimeout(() => {
      const batch = pending;
      pending = [];
      timer = null;
      void qc.invalidateQueries({ predicate: (q: Query) => batch.some((x) => concerns(x, q.queryKey)) });
    }, BATCH_MS);
  };
}

/** Everyone in the workspace with their presence; pushed changes refetch it. */
export function usePresence() {
  return useQuery({
    queryKey: ['presence'],
    queryFn: ({ signal }) => api.get<PresenceList>('/api/presence', undefined, signal).then((r) => r.items),
    // Going offline by silence is not pushed (nobody is there to say it): look again now and then.
    refetchInterval: REALTIME_LIMITS.presenceStaleMs / 3,
  });
}

/** The presence of one user (offline while unknown). */
export function usePresenceOf(userId: string | null | undefined): PresenceStatus {
  const presence = usePresence();
  return presence.data?.find((p) => p.userId === userId)?.status ?? 'offline';
}

/** Sets the signed-in user's presence. */
export function useSetPresence() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (status: PresenceStatus) => api.put<PresenceEntry>('/api/presence', { status }),
    onSuccess: (me) => {
      qc.setQueryData<PresenceEntry[]>(['presence'], (list) => list?.map((p) => (p.userId === me.userId ? me : p)));
      void qc.invalidateQueries({ queryKey: ['presence'] });
    },
  });
}

/** Announces the signed-in user as a viewer of the conversation while mounted (and repeats it while open). */
export function useViewingAnnouncement(conversationId: string): void {
  useEffect(() => {
    const announce = (active: boolean) => api.post(`/api/conversations/${conversationId}/viewing`, { active }).catch(() => undefined);
    void announce(true);
    const timer = setInterval(() => void announce(true), REALTIME_LIMITS.viewingHeartbeatMs);
    return () => {
      clearInterval(timer);
      void announce(false);
    };
  }, [conversationId]);
}

/** Who has the conversation open (the signed-in user included), and who of them is typing. */
export function useViewers(conversationId: string) {
  return useQuery({
    queryKey: ['viewers', conversationId],
    queryFn: ({ signal }) => api.get<ViewerList>(`/api/conversations/${conversationId}/viewers`, undefined, signal).then((r) => r.items),
    // "is typing" ends by silence, and a closed tab leaves by silence: look again a little more often than they expire.
    refetchInterval: REALTIME_LIMITS.typingStaleMs,
  });
}

/** A function to call on every keystroke in a reply or note: it tells the others at most every few seconds, and says
 * "stopped" a moment after the last keystroke or when `stop` is called (sent, cleared). */
export function useTypingSignal(conversationId: string): { typing: () => void; stop: () => void } {
  const last = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const post = useCallback((active: boolean) => api.post(`/api/conversations/${conversationId}/typing`, { active }).catch(() => undefined), [conversationId]);
  const stop = useCallback(() => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (last.current) {
      last.current = 0;
      void post(false);
    }
  }, [post]);
  const typing = useCallback(() => {
    const now = Date.now();
    if (now - last.current > REALTIME_LIMITS.typingThrottleMs) {
      last.current = now;
      void post(true);
    }
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(stop, REALTIME_LIMITS.typingStaleMs - 1_000);
  }, [post, stop]);
  useEffect(() => stop, [stop]);
  return { typing, stop };
}
