import type { Consult, ConsultInput, ConsultList, ConsultListQuery, ConsultPatch, ConsultSettings } from '@parley/contracts/experts';
import { EXPERT_LIMITS } from '@parley/contracts/experts';
import { eq, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { consults } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { emit } from '../../events/emit.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { systemActor, type Actor } from '../../policies/actor.ts';
import { authorize, can } from '../../policies/authorize.ts';
import { calendarForTeams, calendarsById, dueAfter, openMinutesLeft, type NamedCalendar } from '../sla/service.ts';
import { takeOverConversation } from '../routing/service.ts';
import { presentConsult, type ConsultListRow } from './presenter.ts';
import * as repo from './repo.ts';
import { authorizeInbox } from './visibility.ts';

// Expert visibility, for the inbox's read and write paths (other domains import the experts domain through this file).
export { authorizeInbox, authorizeInboxMessage, consultedConversationIds, inboxScope } from './visibility.ts';
// For comments (issue 5): the same @mention resolution as internal notes.
export { resolveMentions } from './mentions.ts';
export { mentionTargets } from './repo.ts';
// Registers consults and internal notes as personal data of the conversation's customer (GDPR export and erasure).
import './personal-data.ts';

// Consults (issue 3, "Experts"): an agent asks an expert or a team of experts into a conversation with a question. The
// conversation waits on the expert (`waiting_expert`) until the consult is answered (a note or suggestion on it),
// cancelled or taken over; then it is open again — unless someone set another status meanwhile. The OLA is the time the
// expert has to answer; a scheduled job marks open consults past it overdue, once, and emits `consult.overdue`.

export const OLA_QUEUE = 'experts.ola';

/**
 * The business hours an OLA counts in: the expert team's (a consult to one expert: their teams', by name), else the
 * workspace's default calendar; null: round the clock. Read through the SLA service, which owns the calendars.
 */
async function olaCalendar(db: Executor, workspaceId: string, to: { expertUserId?: string; expertTeamId?: string }): Promise<NamedCalendar | null> {
  const teamIds = to.expertTeamId ? [to.expertTeamId] : to.expertUserId ? await repo.teamIdsByName(db, workspaceId, to.expertUserId) : [];
  return calendarForTeams(db, workspaceId, teamIds);
}

/** Asks an expert or a team into a conversation; the conversation waits on the expert (the OLA counts in their business hours). */
export async function requestConsult(deps: Deps, actor: Actor, conversationId: string, input: ConsultInput, now = new Date()): Promise<Consult> {
  authorize(actor, 'experts:consult');
  await authorizeInbox(deps.db, actor, 'inbox:read', conversationId);
  if (input.expertUserId && !(await repo.findActiveUser(deps.db, actor.workspaceId, input.expertUserId))) {
    throw new Validation('expert_not_found', 'The expert is not an active user of this workspace', { field: 'expertUserId' });
  }
  if (input.expertTeamId && !(await repo.findTeam(deps.db, actor.workspaceId, input.expertTeamId))) {
    throw new Validation('team_not_found', 'No such team', { field: 'expertTeamId' });
  }
  const olaMinutes = input.olaMinutes ?? (await repo.defaultOlaMinutes(deps.db, actor.workspaceId)) ?? EXPERT_LIMITS.defaultOlaMinutes;
  const calendar = await olaCalendar(deps.db, actor.workspaceId, input);
  const olaDueAt = dueAfter(calendar?.calendar ?? null, now, olaMinutes);
  const id = await deps.db.transaction(async (tx) => {
    const c = await repo.findConversation(tx, actor.workspaceId, conversationId, true);
    if (!c) throw new NotFound('conversation_not_found', 'No such conversation');
    const consultId = newId();
    await repo.insertConsult(tx, {
      workspaceId: actor.workspaceId, id: consultId, conversationId, askedBy: actor.userId, expertUserId: input.expertUserId ?? null,
      expertTeamId: input.expertTeamId ?? null, question: input.question, status: 'open', olaMinutes, olaDueAt,
      olaCalendarId: calendar?.id ?? null, createdAt: now, updatedAt: now,
    });
    await setStatus(tx, deps, actor, c, 'waiting_expert');
    await emit(tx, deps.queue, actor, {
      type: 'consult.requested', subject: { type: 'consult', id: consultId },
      payload: { conversationId, after: { expertUserId: input.expertUserId ?? null, expertTeamId: input.expertTeamId ?? null, olaMinutes, olaDueAt: olaDueAt.toISOString(), olaCalendarId: calendar?.id ?? null } },
    });
    return consultId;
  });
  return getConsult(deps.db, actor, id);
}

/** Consults of the actor: as expert (to them or their teams) and as asker; or every consult of one conversation. */
export async function listConsults(deps: Deps, actor: Actor, q: ConsultListQuery): Promise<ConsultList> {
  authorize(actor, 'experts:answer');
  const me = actor.userId ?? '00000000-0000-0000-0000-000000000000';
  const teamIds = actor.userId ? await repo.teamIdsOf(deps.db, actor.workspaceId, me) : [];
  const addressed = repo.addressedTo(me, teamIds);
  const asked = eq(consults.askedBy, me);
  let where;
  if (q.conversationId) {
    await authorizeInbox(deps.db, actor, 'inbox:read', q.conversationId);
    // In a thread an agent sees every consult on it; an expert only those addressed to them.
    where = actor.role === 'expert' ? addressed : undefined;
  } else {
    where = actor.role === 'expert' || q.role === 'expert' ? addressed : q.role === 'asker' ? asked : undefined;
    if (!where) where = or(addressed, asked);
  }
  const list = await repo.listConsults(deps.db, { workspaceId: actor.workspaceId, where, status: q.status, conversationId: q.conversationId });
  return { items: await present(deps.db, actor, list, teamIds) };
}

/** Cancels an open consult or closes an answered one; a conversation no longer waiting on any expert is open again. */
export async function updateConsult(deps: Deps, actor: Actor, id: string, patch: ConsultPatch): Promise<Consult> {
  authorize(actor, 'experts:consult');
  await deps.db.transaction(async (tx) => {
    const k = await repo.findConsult(tx, actor.workspaceId, id, true);
    if (!k) throw new NotFound('consult_not_found', 'No such consult');
    if (patch.status === 'cancelled' && k.status !== 'open') throw new Conflict('consult_not_open', 'Only an open consult can be cancelled');
    if (patch.status === 'closed' && k.status !== 'open' && k.status !== 'answered') throw new Conflict('consult_not_active', 'This consult is over already');
    await repo.updateConsult(tx, actor.workspaceId, id, { status: patch.status, closedAt: new Date() });
    await releaseConversation(tx, deps, actor, k.conversationId);
    await emit(tx, deps.queue, actor, {
      type: patch.status === 'cancelled' ? 'consult.cancelled' : 'consult.closed', subject: { type: 'consult', id },
      payload: { conversationId: k.conversationId, before: { status: k.status }, after: { status: patch.status } },
    });
  });
  return getConsult(deps.db, actor, id);
}

/** The expert takes the thread over: they become its assignee (and may reply there), the consult is done. */
export async function takeOver(deps: Deps, actor: Actor, id: string): Promise<Consult> {
  authorize(actor, 'experts:answer');
  const k = await repo.findConsult(deps.db, actor.workspaceId, id);
  if (!k || !actor.userId || !(await addressedToActor(deps.db, actor, k))) throw new NotFound('consult_not_found', 'No such consult');
  await deps.db.transaction(async (tx) => {
    const now = (await repo.findConsult(tx, actor.workspaceId, id, true))!;
    if (now.status !== 'open' && now.status !== 'answered') throw new Conflict('consult_not_active', 'This consult is over already');
    const c = await repo.findConversation(tx, actor.workspaceId, k.conversationId, true);
    if (!c) throw new NotFound('consult_not_found', 'No such consult');
    await repo.updateConsult(tx, actor.workspaceId, id, { status: 'taken_over', closedAt: new Date() });
    // Through routing's assignment, like every assignment: one conversation.assigned, the same notifications, activity and SLA.
    await takeOverConversation(tx, deps, actor, c.id, id);
    await releaseConversation(tx, deps, actor, c.id);
    await emit(tx, deps.queue, actor, {
      type: 'consult.taken_over', subject: { type: 'consult', id },
      payload: { conversationId: c.id, before: { status: now.status }, after: { status: 'taken_over', assigneeId: actor.userId } },
    });
  });
  return getConsult(deps.db, actor, id);
}

/** The workspace's consult settings (the default OLA). */
export async function getSettings(deps: Deps, actor: Actor): Promise<ConsultSettings> {
  authorize(actor, 'experts:answer');
  return { defaultOlaMinutes: (await repo.defaultOlaMinutes(deps.db, actor.workspaceId)) ?? EXPERT_LIMITS.defaultOlaMinutes };
}

/** Sets the default OLA of new consults. */
export async function saveSettings(deps: Deps, actor: Actor, input: ConsultSettings): Promise<ConsultSettings> {
  authorize(actor, 'experts:settings');
  await repo.saveDefaultOlaMinutes(deps.db, actor.workspaceId, input.defaultOlaMinutes);
  return input;
}

/** The OLA job: marks open consults past their OLA overdue, each once, and emits `consult.overdue` for each. */
export async function markOverdueConsults(deps: Deps, now = new Date()): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const marked = await repo.markOverdue(tx, now);
    for (const k of marked) {
      await emit(tx, deps.queue, systemActor(k.workspaceId), {
        type: 'consult.overdue', subject: { type: 'consult', id: k.id },
        payload: {
          conversationId: k.conversationId, olaDueAt: k.olaDueAt.toISOString(), olaCalendarId: k.olaCalendarId, expertUserId: k.expertUserId, expertTeamId: k.expertTeamId, askedBy: k.askedBy,
        },
      });
    }
    return marked.length;
  });
}

/** The OLA job's queue: every minute, once across all processes. */
export function olaQueue(deps: Deps): QueueDef {
  return { name: OLA_QUEUE, schedule: '* * * * *', concurrency: 1, batchSize: 1, retryLimit: 2, handler: (async () => { await markOverdueConsults(deps); }) as QueueDef['handler'] };
}

// ---- shared with the notes ----

/** True when the consult is addressed to the actor or one of their teams. */
export async function addressedToActor(db: Executor, actor: Actor, k: repo.ConsultRow): Promise<boolean> {
  if (!actor.userId) return false;
  if (k.expertUserId === actor.userId) return true;
  return k.expertTeamId !== null && (await repo.teamIdsOf(db, actor.workspaceId, actor.userId)).includes(k.expertTeamId);
}

/**
 * Sets the conversation back to open when it waits on an expert and no consult on it is open any more (an agent who set
 * another status meanwhile keeps it).
 */
export async function releaseConversation(tx: Executor, deps: Deps, actor: Actor, conversationId: string): Promise<void> {
  const c = await repo.findConversation(tx, actor.workspaceId, conversationId, true);
  if (!c || c.status !== 'waiting_expert') return;
  const open = await repo.listConsults(tx, { workspaceId: actor.workspaceId, where: eq(consults.status, 'open'), conversationId });
  if (open.length === 0) await setStatus(tx, deps, actor, c, 'open');
}

async function setStatus(tx: Executor, deps: Deps, actor: Actor, c: { id: string; status: string; contactId: string | null }, status: string): Promise<void> {
  if (c.status === status) return;
  await repo.setConversation(tx, actor.workspaceId, c.id, { status });
  await emit(tx, deps.queue, actor, {
    type: 'conversation.updated', subject: { type: 'conversation', id: c.id },
    payload: { before: { status: c.status }, after: { status }, related: c.contactId ? [{ type: 'contact', id: c.contactId }] : [] },
  });
}

async function getConsult(db: Executor, actor: Actor, id: string): Promise<Consult> {
  const teamIds = actor.userId ? await repo.teamIdsOf(db, actor.workspaceId, actor.userId) : [];
  const k = await repo.findConsult(db, actor.workspaceId, id);
  if (!k) throw new NotFound('consult_not_found', 'No such consult');
  const [row] = await repo.listConsults(db, { workspaceId: actor.workspaceId, where: eq(consults.id, id) });
  return (await present(db, actor, [row!], teamIds))[0]!;
}

async function present(db: Executor, actor: Actor, list: ConsultListRow[], teamIds: string[], now = new Date()): Promise<Consult[]> {
  const n = await repo.names(db, actor.workspaceId, list.flatMap((r) => [r.k.askedBy, r.k.expertUserId]), list.map((r) => r.k.expertTeamId));
  const calendars = await calendarsById(db, actor.workspaceId, list.map((r) => r.k.olaCalendarId).filter((x): x is string => x !== null));
  const mayConsult = can(actor, 'experts:consult');
  return list.map((r) => {
    // The countdown in the calendar's open minutes (a deleted calendar: the stored due time, counted round the clock).
    const cal = r.k.olaCalendarId ? calendars.get(r.k.olaCalendarId) ?? null : null;
    const left = r.k.status === 'open' ? openMinutesLeft(cal?.calendar ?? null, now, r.k.olaDueAt) : null;
    return presentConsult(r, n, mayConsult,
      !!actor.userId && (r.k.expertUserId === actor.userId || (r.k.expertTeamId !== null && teamIds.includes(r.k.expertTeamId))),
      { calendar: cal ? { id: cal.id, name: cal.name } : null, minutesLeft: left });
  });
}
