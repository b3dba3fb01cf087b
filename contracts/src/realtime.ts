import { z } from 'zod';

/** Timings both sides agree on: how often clients refresh, and when a silent user or viewer counts as gone. */
export const REALTIME_LIMITS = {
  /** Comment line on the open stream, so proxies and the browser keep it open; also refreshes the user's presence. */
  streamHeartbeatMs: 20_000,
  /** What the browser waits before reconnecting a dropped stream (the SSE `retry:` hint). */
  streamRetryMs: 2_000,
  /** Presence heartbeat of a client without an open stream. */
  presenceHeartbeatMs: 30_000,
  /** A user not seen for this long is offline, whatever they chose. */
  presenceStaleMs: 90_000,
  /** A viewer re-announces an open conversation this often; one silent for `viewerStaleMs` is gone. */
  viewingHeartbeatMs: 15_000,
  viewerStaleMs: 40_000,
  /** "is typing" lasts this long after the last keystroke signal; clients signal at most every `typingThrottleMs`. */
  typingStaleMs: 6_000,
  typingThrottleMs: 2_500,
} as const;

export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const;
export const PresenceStatus = z.enum(PRESENCE_STATUSES);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

/** The status a user chooses (offline = appear offline). */
export const PresenceInput = z.object({ status: PresenceStatus });
export type PresenceInput = z.infer<typeof PresenceInput>;

/** A user's effective presence: the chosen status while recently seen, else offline. */
export const PresenceEntry = z.object({
  userId: z.uuid(),
  name: z.string(),
  status: PresenceStatus,
  /** What the user chose (only shown to the user themselves; others see `status`). */
  chosen: PresenceStatus.nullable(),
  lastSeenAt: z.string().nullable(),
});
export type PresenceEntry = z.infer<typeof PresenceEntry>;

export const PresenceList = z.object({ items: z.array(PresenceEntry) });
export type PresenceList = z.infer<typeof PresenceList>;

/** Opening (active) or leaving (inactive) a conversation. */
export const ViewingInput = z.object({ active: z.boolean().default(true) });
export type ViewingInput = z.infer<typeof ViewingInput>;

/** Typing (active) or stopped typing, in the reply box or a note. */
export const TypingInput = z.object({ active: z.boolean().default(true) });
export type TypingInput = z.infer<typeof TypingInput>;

/** Someone who has the conversation open right now (collision detection). */
export const Viewer = z.object({
  userId: z.uuid(),
  name: z.string(),
  typing: z.boolean(),
  status: PresenceStatus,
  since: z.string(),
});
export type Viewer = z.infer<typeof Viewer>;

export const ViewerList = z.object({ items: z.array(Viewer) });
export type ViewerList = z.infer<typeof ViewerList>;

/** Ephemeral signals: not domain events, never stored in the outbox. */
// notification.created goes only to the user it names (server/src/realtime/filter.ts).
// notification.removed: some of the user's notifications went (their comment was deleted).
export const SIGNAL_TYPES = ['presence.changed', 'viewers.changed', 'notification.created', 'notification.removed', 'activity.recorded'] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

/**
 * One message on the stream (`data:` of a server-sent event): ids and type only; the browser refetches through the
 * API, which enforces visibility. `stream.ready` opens the stream, `stream.resync` asks for a refetch of everything
 * (the server's listener reconnected and may have missed events).
 */
export interface StreamMessage {
  type: string;
  /** The event id (domain events only). */
  id?: string;
  subject?: { type: string; id: string };
  conversationId?: string | null;
  /** Who caused it (the actor of a domain event, the user of a signal). */
  userId?: string | null;
  /** The team room a room notice (post, document, note, member) or a comment in a room belongs to. */
  roomId?: string | null;
}
