import type { PresenceEntry, Viewer } from '@parley/contracts/realtime';
import type { PresenceRow, ViewerRow } from './repo.ts';

/** A user's presence as others see it; what they chose only for themselves. */
export function presentPresence(row: PresenceRow, viewerId: string | null): PresenceEntry {
  return {
    userId: row.userId, name: row.name, status: row.status,
    chosen: row.userId === viewerId ? row.chosen : null,
    lastSeenAt: row.lastSeenAt ? row.lastSeenAt.toISOString() : null,
  };
}

/** Someone viewing a conversation. */
export function presentViewer(row: ViewerRow): Viewer {
  return { userId: row.userId, name: row.name, typing: row.typing, status: row.status, since: row.since.toISOString() };
}
