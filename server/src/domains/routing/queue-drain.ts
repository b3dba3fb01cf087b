import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { collectJobs } from '../../events/emit.ts';
import { systemActor } from '../../policies/actor.ts';
import { assignIn } from './assignment.ts';
import * as repo from './repo.ts';

// The teams' queues are worked off every minute: conversations nobody could take when they came in (everyone offline,
// away or at capacity) go to the members who came online or have room now, by the team's policy, oldest first.

export const DRAIN_QUEUE = 'routing.drain';
/** Conversations assigned per team and run, so one big backlog does not hold the job for long. */
const PER_TEAM = 50;

/** The minute schedule that drains the team queues (and the wake-ups of ingestion for a workspace's busy teams). */
export function drainQueue(deps: Deps): QueueDef {
  return {
    name: DRAIN_QUEUE, schedule: '* * * * *', concurrency: 1, batchSize: 1, retryLimit: 2, notify: true,
    handler: (async (data: { workspaceId?: string } | undefined) => { await drainTeamQueues(deps, data?.workspaceId); }) as QueueDef['handler'],
  };
}

// Ingestion skips a team another batch is assigning in (assignment.ts, skipBusy): its conversations wait in the team's
// queue, and a drain of the workspace is asked for — at most once a second per workspace and process, after the
// batch has committed (a drain that comes too early finds nothing; the minute schedule makes it up).
const WAKE_MS = 1000;

/** Asks for a drain of the workspace's team queues soon (debounced per process). */
export function wakeDrain(deps: Deps, workspaceId: string): void {
  deps.queue.sendSoon(DRAIN_QUEUE, workspaceId, { workspaceId }, WAKE_MS);
}

/** Assigns waiting conversations of every team with a policy (or of one workspace); returns how many were assigned. */
export async function drainTeamQueues(deps: Deps, workspaceId?: string): Promise<number> {
  const teams = await rows<{ workspace_id: string; team_id: string }>(deps.db, sql`
    SELECT DISTINCT c.workspace_id, c.team_id FROM conversations c
    JOIN team_routing r ON r.workspace_id = c.workspace_id AND r.team_id = c.team_id AND r.policy <> 'manual'
    WHERE c.assignee_id IS NULL AND c.team_id IS NOT NULL AND c.status NOT IN ('resolved', 'closed')
      ${workspaceId ? sql`AND c.workspace_id = ${workspaceId}::uuid` : sql``}`);
  let assigned = 0;
  for (const t of teams) {
    const actor = systemActor(t.workspace_id);
    // One transaction per team and run: the team's row first (the order no ingestion waits in: it skips a busy team),
    // then its waiting conversations oldest first, picked in memory and announced with one job per handler.
    assigned += await deps.db.transaction((tx) => collectJobs(tx, deps.queue, async () => {
      await repo.lockTeamRouting(tx, t.workspace_id, t.team_id);
      let n = 0;
      for (const id of await repo.queueIds(tx, t.workspace_id, t.team_id, PER_TEAM)) {
        const c = await repo.lockConversation(tx, t.workspace_id, id);
        // Taken, moved or resolved since the queue was read: not this run's to assign.
        if (!c || c.assigneeId || c.teamId !== t.team_id || c.status === 'resolved' || c.status === 'closed') continue;
        const to = await assignIn(tx, deps, actor, id, { teamId: t.team_id }, 'policy');
        if (to === null) break;
        n++;
      }
      return n;
    }));
  }
  return assigned;
}
