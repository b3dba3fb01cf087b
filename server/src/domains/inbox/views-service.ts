import { BUILTIN_VIEWS, ORGANIZE_LIMITS } from '@parley/contracts/inbox-views';
import type { InboxFilters, SavedView, SavedViewInput, SavedViewPatch, ViewCounts } from '@parley/contracts/inbox-views';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, Forbidden, NotFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize, can } from '../../policies/authorize.ts';
import { countConversations } from './repo.ts';
import { resolveFilters } from './service.ts';
import { presentView } from './views-presenter.ts';
import * as views from './views-repo.ts';

// Saved views of the inbox: five built in (not stored, the same for everyone), those a manager shares with the whole
// workspace, and each user's own. Agents use shared views but may not change them.

/** The built-in views' filters; their names are the web app's translations. */
export const BUILTIN_FILTERS: Record<(typeof BUILTIN_VIEWS)[number], InboxFilters> = {
  mine: { assignee: 'me', status: ['open', 'pending', 'waiting_customer', 'waiting_expert'] },
  unassigned: { assignee: 'unassigned', status: ['open', 'pending'] },
  open: { status: ['open'] },
  snoozed: { snoozed: 'only' },
  resolved: { status: ['resolved', 'closed'] },
};

function builtinViews(): SavedView[] {
  return BUILTIN_VIEWS.map((b, i) => ({ id: b, builtin: b, name: b, shared: true, filters: BUILTIN_FILTERS[b], position: i, editable: false }));
}

function mayEdit(actor: Actor, v: views.ViewRow): boolean {
  return v.ownerId === null ? can(actor, 'inbox_views:share') : v.ownerId === actor.userId;
}

/** The views the actor sees: built-in, shared, then their own. */
export async function listViews(deps: Deps, actor: Actor): Promise<{ items: SavedView[] }> {
  authorize(actor, 'inbox:read');
  const stored = await views.listViews(deps.db, actor.workspaceId, actor.userId);
  return { items: [...builtinViews(), ...stored.map((v) => presentView(v, mayEdit(actor, v)))] };
}

/** Saves a view: personal, or shared with the workspace (managers and admins). */
export async function createView(deps: Deps, actor: Actor, input: z.output<typeof SavedViewInput>): Promise<SavedView> {
  authorize(actor, 'inbox:read');
  if (input.shared) authorize(actor, 'inbox_views:share');
  if (!input.shared && !actor.userId) throw new Forbidden('forbidden', 'Only a user has personal views');
  return deps.db.transaction(async (tx) => {
    if (!input.shared && (await views.countOwnViews(tx, actor.workspaceId, actor.userId!)) >= ORGANIZE_LIMITS.viewsPerUser) {
      throw new Conflict('too_many_views', `At most ${ORGANIZE_LIMITS.viewsPerUser} views per person`);
    }
    const existing = input.position ?? (await views.listViews(tx, actor.workspaceId, input.shared ? null : actor.userId)).length;
    const row = await views.insertView(tx, {
      workspaceId: actor.workspaceId, id: newId(), ownerId: input.shared ? null : actor.userId, name: input.name, filters: input.filters,
      position: existing, createdBy: actor.userId,
    });
    await emit(tx, deps.queue, actor, { type: 'inbox_view.created', subject: { type: 'inbox_view', id: row.id }, payload: { after: { name: row.name, shared: input.shared, filters: input.filters } } });
    return presentView(row, true);
  });
}

async function editableView(deps: Deps, actor: Actor, id: string): Promise<views.ViewRow> {
  authorize(actor, 'inbox:read');
  const v = await views.findView(deps.db, actor.workspaceId, id);
  // Someone else's personal view does not exist for the actor.
  if (!v || (v.ownerId !== null && v.ownerId !== actor.userId)) throw new NotFound('view_not_found', 'No such view');
  if (v.ownerId === null) authorize(actor, 'inbox_views:share');
  return v;
}

/** Renames a view, changes its filters or moves it. */
export async function updateView(deps: Deps, actor: Actor, id: string, patch: z.output<typeof SavedViewPatch>): Promise<SavedView> {
  const before = await editableView(deps, actor, id);
  return deps.db.transaction(async (tx) => {
    const row = (await views.updateView(tx, actor.workspaceId, id, patch))!;
    await emit(tx, deps.queue, actor, { type: 'inbox_view.updated', subject: { type: 'inbox_view', id },
      payload: { before: { name: before.name, filters: before.filters }, after: { name: row.name, filters: row.filters } } });
    return presentView(row, true);
  });
}

/** Deletes a view. */
export async function deleteView(deps: Deps, actor: Actor, id: string): Promise<void> {
  const before = await editableView(deps, actor, id);
  await deps.db.transaction(async (tx) => {
    await views.deleteView(tx, actor.workspaceId, id);
    await emit(tx, deps.queue, actor, { type: 'inbox_view.deleted', subject: { type: 'inbox_view', id }, payload: { before: { name: before.name, shared: before.ownerId === null } } });
  });
}

/** How many conversations each of the actor's views shows, capped (a count stops at the cap instead of scanning on). */
export async function countViews(deps: Deps, actor: Actor): Promise<ViewCounts> {
  const { items } = await listViews(deps, actor);
  const cap = ORGANIZE_LIMITS.countCap;
  const counts: Record<string, number> = {};
  for (const v of items) counts[v.id] = await countConversations(deps.db, actor.workspaceId, resolveFilters(actor, v.filters), cap);
  return { counts, cap };
}
