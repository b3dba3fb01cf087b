import type { Actor } from './actor.ts';

// Who sees which task. Every role with tasks:read sees every task of its workspace, except experts: they work only
// the threads they are asked into and must not browse the back office, so they see only their own tasks — the ones
// assigned to them or created by them — in lists, counts, search and by id (another task's id answers 404).

/** The user whose own tasks are all the actor may see, or null when the actor sees every task of the workspace. */
export function taskScope(actor: Actor): { ownerId: string } | null {
  if (actor.role !== 'expert') return null;
  // An expert acting without a user (cannot happen today) would see nothing rather than everything.
  return { ownerId: actor.userId ?? '00000000-0000-0000-0000-000000000000' };
}

/** True when the actor may see this task (the caller has already authorized tasks:read). */
export function canSeeTask(actor: Actor, task: { workspaceId: string; assigneeId: string | null; createdBy: string | null }): boolean {
  if (task.workspaceId !== actor.workspaceId) return false;
  const scope = taskScope(actor);
  return !scope || task.assigneeId === scope.ownerId || task.createdBy === scope.ownerId;
}
