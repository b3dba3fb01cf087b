import type { PresenceEntry, PresenceInput, PresenceList, ViewerList } from '@parley/contracts/realtime';
import type { Deps } from '../../deps.ts';
import { Forbidden, NotFound } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { publishSignal } from '../../realtime/publish.ts';
import { authorizeInbox } from '../experts/service.ts';
import { presentPresence, presentViewer } from './presenter.ts';
import * as repo from './repo.ts';

// Presence and "who is viewing / typing" are facts about staff at this moment: not domain events (no outbox row, no
// audit entry), pushed to the workspace's open streams as ephemeral signals through NOTIFY, so every process sees them.

function userOf(actor: Actor): string {
  if (!actor.userId) throw new Forbidden('user_required', 'Only a signed-in user has a presence');
  return actor.userId;
}

/** Everyone in the workspace with their effective presence. */

/** Effective presence of users (routing picks only online agents) and a heartbeat: the presence domain's interface to others. */
export { presenceOf, touchPresence } from './repo.ts';
export async function listPresence(deps: Deps, actor: Actor): Promise<PresenceList> {
  authorize(actor, 'users:read');
  const found = await repo.listPresence(deps.db, actor.workspaceId);
  return { items: found.map((r) => presentPresence(r, actor.userId)) };
}

/** Sets the signed-in user's chosen presence (online, away, appear offline); tells the workspace when it changed. */
export async function setMyPresence(deps: Deps, actor: Actor, input: PresenceInput): Promise<PresenceEntry> {
  authorize(actor, 'users:read');
  const userId = userOf(actor);
  const { before, after } = await repo.touchPresence(deps.db, actor.workspaceId, userId, input.status);
  if (before !== after) await publishSignal(deps.db, { workspaceId: actor.workspaceId, type: 'presence.changed', userId });
  const me = (await repo.listPresence(deps.db, actor.workspaceId)).find((r) => r.userId === userId);
  if (!me) throw new NotFound('user_not_found');
  return presentPresence(me, userId);
}

/** A heartbeat of the signed-in user (an open stream sends one by itself); a user coming back is announced. */
export async function heartbeat(deps: Deps, actor: Actor): Promise<void> {
  if (!actor.userId) return; // the system and tokens without a user have no presence
  const { before, after } = await repo.touchPresence(deps.db, actor.workspaceId, actor.userId);
  if (before !== after) await publishSignal(deps.db, { workspaceId: actor.workspaceId, type: 'presence.changed', userId: actor.userId });
}

// Whoever may read the conversation may say they view it: the inbox roles, and an expert consulted on it (404 otherwise).
async function viewable(deps: Deps, actor: Actor, conversationId: string): Promise<string> {
  await authorizeInbox(deps.db, actor, 'inbox:read', conversationId);
  const userId = userOf(actor);
  if (!(await repo.conversationExists(deps.db, actor.workspaceId, conversationId))) throw new NotFound('conversation_not_found', 'No such conversation');
  return userId;
}

/** The signed-in user opened (active) or left a conversation; others who have it open are told. */
export async function setViewing(deps: Deps, actor: Actor, conversationId: string, active: boolean): Promise<void> {
  const userId = await viewable(deps, actor, conversationId);
  const changed = active
    ? await repo.upsertViewer(deps.db, actor.workspaceId, conversationId, userId)
    : await repo.removeViewer(deps.db, actor.workspaceId, conversationId, userId);
  if (changed) await publishSignal(deps.db, { workspaceId: actor.workspaceId, type: 'viewers.changed', userId, conversationId });
}

/** The signed-in user is typing (or stopped) in a conversation; a start or stop is pushed, keystrokes in between are not. */
export async function setTyping(deps: Deps, actor: Actor, conversationId: string, active: boolean): Promise<void> {
  const userId = await viewable(deps, actor, conversationId);
  const changed = await repo.upsertViewer(deps.db, actor.workspaceId, conversationId, userId, active);
  if (changed) await publishSignal(deps.db, { workspaceId: actor.workspaceId, type: 'viewers.changed', userId, conversationId });
}

/** Who has the conversation open, and who of them is typing. */
export async function listViewers(deps: Deps, actor: Actor, conversationId: string): Promise<ViewerList> {
  await viewable(deps, actor, conversationId);
  return { items: (await repo.listViewers(deps.db, actor.workspaceId, conversationId)).map(presentViewer) };
}
