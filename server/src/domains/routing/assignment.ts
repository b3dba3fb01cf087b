import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Forbidden, NotFound, Validation } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { presenceOf } from '../presence/service.ts';
import { pickAgent, type AssignmentPolicy, type Candidate } from './policy.ts';
import * as repo from './repo.ts';

// Assignment (issue 3): who works a conversation and in which team's queue it is. Managers and admins assign anyone;
// agents take a conversation themselves, hand it to a team-mate, or pass it to a team; the system (routing rules, SLA
// escalation) does anything. Naming a team without a user lets the team's policy pick an agent (round-robin or
// least-load, among members who are online, under capacity and have the skills); when nobody fits, it waits in the
// team's queue unassigned.

/** Default capacity of an agent without a profile. */
export const DEFAULT_CAPACITY = 10;

/** How the assignment came about (recorded in the event); `take_over`: an expert took a consulted conversation over. */
export type AssignedBy = 'manual' | 'policy' | 'rule' | 'take_over';

/**
 * Assigns a conversation to a user (null: nobody) and/or a team (null: none); a team alone assigns by the team's
 * policy. Authorizes, updates the conversation and emits `conversation.assigned` with before and after.
 */
export async function assignConversation(deps: Deps, actor: Actor, conversationId: string, to: { userId?: string | null; teamId?: string | null }, tx?: Executor): Promise<void> {
  authorize(actor, 'inbox:assign');
  const by: AssignedBy = actor.kind === 'system' ? 'rule' : 'manual';
  if (tx) await assignIn(tx, deps, actor, conversationId, to, by);
  else await deps.db.transaction((t) => assignIn(t, deps, actor, conversationId, to, by));
}

/**
 * assignConversation inside a transaction, naming how it came about; returns the assignee after. `skipBusyTeam`: a team
 * whose row another transaction holds is not waited for (the conversation goes to its queue unassigned; called back).
 */
export async function assignIn(tx: Executor, deps: Deps, actor: Actor, conversationId: string, to: { userId?: string | null; teamId?: string | null }, by: AssignedBy,
  opts: { skipBusyTeam?: () => void } = {}): Promise<string | null> {
  const ws = actor.workspaceId;
  const c = await repo.lockConversation(tx, ws, conversationId);
  if (!c) throw new NotFound('conversation_not_found', 'No such conversation');
  const teamId = to.teamId === undefined ? c.teamId : to.teamId;
  if (to.teamId && !(await repo.findTeam(tx, ws, to.teamId))) throw new Validation('team_not_found', 'No such team', { field: 'teamId' });
  let assigneeId = to.userId === undefined ? c.assigneeId : to.userId;
  let how: AssignedBy = by;
  if (to.userId) {
    if (!(await repo.findAssignable(tx, ws, to.userId))) throw new Validation('assignee_not_assignable', 'This user cannot be assigned conversations', { field: 'userId' });
  } else if (to.userId === undefined && to.teamId) {
    // A team alone: its policy picks (or nobody, and the conversation waits in the team's queue).
    const picked = await pickByPolicy(tx, ws, to.teamId, c, opts.skipBusyTeam !== undefined);
    if (picked === 'busy') opts.skipBusyTeam!();
    assigneeId = picked === 'busy' ? null : picked;
    if (assigneeId) how = 'policy';
  }
  await mayAssign(tx, actor, assigneeId, c.assigneeId, to.userId !== undefined);
  if (assigneeId === c.assigneeId && teamId === c.teamId) return assigneeId;
  await writeAssignment(tx, deps, actor, c, { assigneeId, teamId }, how);
  return assigneeId;
}

/**
 * An expert takes a consulted conversation over: they become its assignee, its team stays. The experts domain has
 * checked that the consult is addressed to them; this is the same write and the same `conversation.assigned` (`by:
 * 'take_over'`, with the consult's id) as every other assignment, so notifications, activity and the SLA clocks follow
 * alike. Experts become assignees this way only; capacity is not enforced (it never is for a named user). Returns false
 * when the actor was the assignee already (nothing written, no event).
 */
export async function takeOverConversation(tx: Executor, deps: Deps, actor: Actor, conversationId: string, consultId: string): Promise<boolean> {
  authorize(actor, 'experts:answer');
  const ws = actor.workspaceId;
  const c = await repo.lockConversation(tx, ws, conversationId);
  if (!c) throw new NotFound('conversation_not_found', 'No such conversation');
  if (!actor.userId || !(await repo.findTakeOverAssignee(tx, ws, actor.userId))) {
    throw new Validation('assignee_not_assignable', 'This user cannot be assigned conversations', { field: 'userId' });
  }
  if (c.assigneeId === actor.userId) return false;
  await writeAssignment(tx, deps, actor, c, { assigneeId: actor.userId, teamId: c.teamId }, 'take_over', { consultId });
  return true;
}

// The one write of every assignment (manual, policy, rule, take-over): the conversation's assignee and team, and
// `conversation.assigned` with before and after in the same transaction, which notifications, activity and SLA follow.
async function writeAssignment(tx: Executor, deps: Deps, actor: Actor, c: repo.ConversationRoutingView, to: { assigneeId: string | null; teamId: string | null },
  by: AssignedBy, extra: Record<string, unknown> = {}): Promise<void> {
  await repo.setAssignment(tx, actor.workspaceId, c.id, to);
  await emit(tx, deps.queue, actor, {
    type: 'conversation.assigned', subject: { type: 'conversation', id: c.id },
    payload: {
      before: { assigneeId: c.assigneeId, teamId: c.teamId }, after: { assigneeId: to.assigneeId, teamId: to.teamId }, by, ...extra,
      related: c.contactId ? [{ type: 'contact', id: c.contactId }] : [],
    },
  });
}

// Agents assign themselves, or a team-mate; anyone with inbox:assign may pass a conversation to a team's queue.
async function mayAssign(tx: Executor, actor: Actor, assigneeId: string | null, before: string | null, namedUser: boolean): Promise<void> {
  if (actor.role !== 'agent' || !namedUser || assigneeId === null || assigneeId === actor.userId || assigneeId === before) return;
  const mine = new Set(await repo.teamsOf(tx, actor.workspaceId, actor.userId ?? ''));
  const theirs = await repo.teamsOf(tx, actor.workspaceId, assigneeId);
  if (!theirs.some((t) => mine.has(t))) throw new Forbidden('assign_outside_team', 'Agents assign conversations only to themselves and their team-mates');
}

/**
 * A team's state for picking, read once per transaction: the team's row stays locked until the transaction ends, so no
 * other policy assignment in the team runs meanwhile, and the picks of one transaction (an ingestion batch routing many
 * new conversations) count on from it — each pick moves the cursor and adds one to the agent's load — instead of
 * locking and reading members, presence and loads again for every conversation.
 */
interface TeamSnapshot { policy: AssignmentPolicy; respectSkills: boolean; cursor: string | null; candidates: Candidate[]; busy?: boolean }
const snapshots = new WeakMap<object, Map<string, TeamSnapshot>>();

async function teamSnapshot(tx: Executor, workspaceId: string, teamId: string, skipBusy: boolean): Promise<TeamSnapshot> {
  let perTx = snapshots.get(tx);
  const hit = perTx?.get(`${workspaceId}|${teamId}`);
  if (hit && !(hit.busy && !skipBusy)) return hit;
  const state = await repo.lockTeamRouting(tx, workspaceId, teamId, { skipLocked: skipBusy });
  if (!state) {
    // Another transaction assigns in this team now: this one leaves its conversations in the team's queue.
    const busy: TeamSnapshot = { policy: 'manual', respectSkills: false, cursor: null, candidates: [], busy: true };
    if (!perTx) snapshots.set(tx, (perTx = new Map()));
    perTx.set(`${workspaceId}|${teamId}`, busy);
    return busy;
  }
  const policy = state.policy as AssignmentPolicy;
  const members = policy === 'manual' ? [] : await repo.teamCandidates(tx, workspaceId, teamId);
  const ids = members.map((m) => m.userId);
  const presence = ids.length ? await presenceOf(tx, workspaceId, ids) : new Map<string, string>();
  const load = ids.length ? await repo.loads(tx, workspaceId, ids) : new Map<string, number>();
  const snap: TeamSnapshot = {
    policy, respectSkills: state.respectSkills, cursor: state.cursorUserId,
    candidates: members.map((m) => ({
      userId: m.userId, presence: (presence.get(m.userId) ?? 'offline') as Candidate['presence'], load: load.get(m.userId) ?? 0,
      capacity: m.profile?.capacity ?? DEFAULT_CAPACITY, skills: m.profile?.skills ?? [], languages: m.profile?.languages ?? [],
    })),
  };
  if (!perTx) snapshots.set(tx, (perTx = new Map()));
  perTx.set(`${workspaceId}|${teamId}`, snap);
  return snap;
}

/**
 * The member the team's policy picks for the conversation (null: manual policy, or nobody fits). Locks the team's state;
 * with `skipBusy` (ingestion) it does not wait for another transaction assigning in the team: it answers 'busy' and the
 * conversation waits in the team's queue for the drain after the batch (queue-drain.ts).
 */
export async function pickByPolicy(tx: Executor, workspaceId: string, teamId: string, c: { language: string | null; labels: string[] }, skipBusy = false): Promise<string | null | 'busy'> {
  const snap = await teamSnapshot(tx, workspaceId, teamId, skipBusy);
  if (snap.busy) return 'busy';
  if (snap.policy === 'manual' || snap.candidates.length === 0) return null;
  // Product skills: the conversation's labels that are someone's skill in this team (a rule labels it "Wärmepumpe").
  const known = new Set(snap.candidates.flatMap((m) => m.skills.map((s) => s.toLowerCase())));
  const skills = c.labels.filter((l) => known.has(l.toLowerCase()));
  const picked = pickAgent(snap.policy, snap.candidates, { cursor: snap.cursor, respectSkills: snap.respectSkills, needs: { language: c.language, skills } });
  if (picked) {
    await repo.setCursor(tx, workspaceId, teamId, picked);
    snap.cursor = picked;
    const agent = snap.candidates.find((m) => m.userId === picked);
    if (agent) agent.load += 1;
  }
  return picked;
}
