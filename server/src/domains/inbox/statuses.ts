import type {
  CustomStatus, CustomStatusInput, CustomStatusPatch, InboxLabel, InboxLabelInput, InboxLabelPatch,
} from '@parley/contracts/inbox-views';
import type { ConversationPatch } from '@parley/contracts/inbox';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, isUniqueViolation, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { presentCustomStatus, presentLabel } from './views-presenter.ts';
import * as views from './views-repo.ts';

// Custom statuses and managed labels: the workspace's vocabulary for organizing conversations. Managers keep them;
// everyone who reads the inbox reads them (the list draws chips and menus from them).

/** The workspace's custom statuses in menu order. */
export async function listCustomStatuses(deps: Deps, actor: Actor): Promise<{ items: CustomStatus[] }> {
  authorize(actor, 'inbox:read');
  return { items: (await views.listStatuses(deps.db, actor.workspaceId)).map(presentCustomStatus) };
}

/** Adds a custom status under a base status. */
export async function createCustomStatus(deps: Deps, actor: Actor, input: z.output<typeof CustomStatusInput>): Promise<CustomStatus> {
  authorize(actor, 'inbox_settings:manage');
  return deps.db.transaction(async (tx) => {
    const position = input.position ?? (await views.listStatuses(tx, actor.workspaceId)).length;
    const row = await views.insertStatus(tx, { workspaceId: actor.workspaceId, id: newId(), baseStatus: input.baseStatus, nameDe: input.nameDe, nameEn: input.nameEn, color: input.color, position });
    await emit(tx, deps.queue, actor, { type: 'conversation_status.created', subject: { type: 'conversation_status', id: row.id }, payload: { after: presentCustomStatus(row) } });
    return presentCustomStatus(row);
  });
}

/** Renames, recolours, moves a custom status, or puts it under another base status (conversations of another base lose it). */
export async function updateCustomStatus(deps: Deps, actor: Actor, id: string, patch: z.output<typeof CustomStatusPatch>): Promise<CustomStatus> {
  authorize(actor, 'inbox_settings:manage');
  return deps.db.transaction(async (tx) => {
    const before = await views.findStatus(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('custom_status_not_found', 'No such custom status');
    const row = (await views.updateStatus(tx, actor.workspaceId, id, patch))!;
    if (patch.baseStatus && patch.baseStatus !== before.baseStatus) await views.clearCustomStatus(tx, actor.workspaceId, id, patch.baseStatus);
    await emit(tx, deps.queue, actor, { type: 'conversation_status.updated', subject: { type: 'conversation_status', id }, payload: { before: presentCustomStatus(before), after: presentCustomStatus(row) } });
    return presentCustomStatus(row);
  });
}

/** Deletes a custom status; its conversations keep their base status. */
export async function deleteCustomStatus(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'inbox_settings:manage');
  await deps.db.transaction(async (tx) => {
    const before = await views.findStatus(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('custom_status_not_found', 'No such custom status');
    await views.clearCustomStatus(tx, actor.workspaceId, id);
    await views.deleteStatus(tx, actor.workspaceId, id);
    await emit(tx, deps.queue, actor, { type: 'conversation_status.deleted', subject: { type: 'conversation_status', id }, payload: { before: presentCustomStatus(before) } });
  });
}

/** The workspace's managed labels, by name. */
export async function listLabels(deps: Deps, actor: Actor): Promise<{ items: InboxLabel[] }> {
  authorize(actor, 'inbox:read');
  return { items: (await views.listLabels(deps.db, actor.workspaceId)).map(presentLabel) };
}

/** Adds a managed label (names are unique regardless of case). */
export async function createLabel(deps: Deps, actor: Actor, input: z.output<typeof InboxLabelInput>): Promise<InboxLabel> {
  authorize(actor, 'inbox_settings:manage');
  try {
    return await deps.db.transaction(async (tx) => {
      const row = await views.insertLabel(tx, { workspaceId: actor.workspaceId, id: newId(), name: input.name, color: input.color });
      await emit(tx, deps.queue, actor, { type: 'inbox_label.created', subject: { type: 'inbox_label', id: row.id }, payload: { after: presentLabel(row) } });
      return presentLabel(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict('label_exists', 'A label with this name exists');
    throw err;
  }
}

/** Renames (on every conversation too) or recolours a managed label. */
export async function updateLabel(deps: Deps, actor: Actor, id: string, patch: z.output<typeof InboxLabelPatch>): Promise<InboxLabel> {
  authorize(actor, 'inbox_settings:manage');
  try {
    return await deps.db.transaction(async (tx) => {
      const before = await views.findLabel(tx, actor.workspaceId, id);
      if (!before) throw new NotFound('label_not_found', 'No such label');
      const row = (await views.updateLabel(tx, actor.workspaceId, id, patch))!;
      if (patch.name && patch.name !== before.name) await views.renameLabelOnConversations(tx, actor.workspaceId, before.name, patch.name);
      await emit(tx, deps.queue, actor, { type: 'inbox_label.updated', subject: { type: 'inbox_label', id }, payload: { before: presentLabel(before), after: presentLabel(row) } });
      return presentLabel(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict('label_exists', 'A label with this name exists');
    throw err;
  }
}

/** Deletes a managed label; conversations keep it as a free (uncoloured) label until someone removes it. */
export async function deleteLabel(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'inbox_settings:manage');
  await deps.db.transaction(async (tx) => {
    const before = await views.findLabel(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('label_not_found', 'No such label');
    await views.deleteLabel(tx, actor.workspaceId, id);
    await emit(tx, deps.queue, actor, { type: 'inbox_label.deleted', subject: { type: 'inbox_label', id }, payload: { before: presentLabel(before) } });
  });
}

/**
 * What a PATCH changes in ORGANIZE's columns, given the conversation as it is: a custom status sets its base status with
 * it; a base status alone clears a custom status of another base; labels are replaced, or added and removed.
 */
export async function organizeChanges(ex: Executor, workspaceId: string, before: { status: string; customStatusId: string | null; labels: string[] }, patch: ConversationPatch): Promise<{ status?: string; customStatusId?: string | null; labels?: string[] }> {
  const set: { status?: string; customStatusId?: string | null; labels?: string[] } = {};
  if (patch.customStatusId) {
    const custom = await views.findStatus(ex, workspaceId, patch.customStatusId);
    if (!custom) throw new Validation('custom_status_not_found', 'No such custom status', { field: 'customStatusId' });
    if (patch.status && patch.status !== custom.baseStatus) throw new Validation('custom_status_mismatch', `This custom status belongs to ${custom.baseStatus}`, { field: 'customStatusId' });
    set.status = custom.baseStatus;
    set.customStatusId = custom.id;
  } else if (patch.customStatusId === null) {
    set.customStatusId = null;
  } else if (patch.status && patch.status !== before.status && before.customStatusId) {
    const custom = await views.findStatus(ex, workspaceId, before.customStatusId);
    if (!custom || custom.baseStatus !== patch.status) set.customStatusId = null;
  }
  if (patch.labels || patch.addLabels || patch.removeLabels) {
    const remove = new Set((patch.removeLabels ?? []).map((l) => l.toLowerCase()));
    const next = [...(patch.labels ?? before.labels), ...(patch.addLabels ?? [])].filter((l) => !remove.has(l.toLowerCase()));
    // Case-insensitively once, in the spelling first given.
    const seen = new Set<string>();
    const labels = next.filter((l) => (seen.has(l.toLowerCase()) ? false : (seen.add(l.toLowerCase()), true)));
    if (labels.length > 30) throw new Validation('too_many_labels', 'A conversation carries at most 30 labels', { field: 'labels' });
    if (labels.join('\n') !== before.labels.join('\n')) set.labels = labels;
  }
  return set;
}
