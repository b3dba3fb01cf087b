import type {
  BusinessCalendar, BusinessCalendarInput, BusinessCalendarPatch, ConversationSla, SlaPolicy, SlaPolicyInput, SlaPolicyPatch,
} from '@parley/contracts/sla';
import { BusinessCalendarInput as CalendarSchema, SlaPolicyInput as PolicySchema } from '@parley/contracts/sla';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound, Validation, isUniqueViolation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import type { BusinessCalendar as BusinessHours } from './business-hours.ts';
import * as clocks from './clocks.ts';
import { presentCalendar, presentPolicy } from './presenter.ts';
import * as repo from './repo.ts';

/** Business-hours arithmetic (pure), for routing's business-hours condition and the experts' OLA. */
export { addBusinessMinutes, businessMinutesBetween, isOpenAt } from './business-hours.ts';
export type { BusinessCalendar as BusinessHours } from './business-hours.ts';
/** Due times and countdowns in open minutes (null calendar: round the clock), for the experts' OLA. */
export { dueAfter, openMinutesLeft } from './clocks.ts';

/** The SLA of a conversation as the inbox shows it (its clock row and its policy's calendar, read with the conversation). */
export function presentConversationSla(row: clocks.ClockRow | null | undefined, calendar: Pick<repo.CalendarRow, 'timezone' | 'weekly' | 'holidays'> | null | undefined, now = new Date()): ConversationSla | null {
  return row ? clocks.presentSla(row, calendar ? repo.toCalendar(calendar) : null, now) : null;
}

/** The workspace's default business hours, for other domains (routing's business-hours condition). */
export async function defaultCalendar(db: Executor, workspaceId: string) {
  return repo.defaultCalendar(db, workspaceId);
}

/** A calendar with its id and name, as other domains record and show which business hours counted. */
export interface NamedCalendar { id: string; name: string; calendar: BusinessHours }

/**
 * The business hours a team works in: the calendar of the first of these teams whose own SLA policy names one, else
 * the workspace's default calendar; null when there is neither (counted round the clock). For the experts' OLA.
 */
export async function calendarForTeams(db: Executor, workspaceId: string, teamIds: readonly string[]): Promise<NamedCalendar | null> {
  const byTeam = await repo.teamPolicyCalendars(db, workspaceId, teamIds);
  const row = teamIds.map((t) => byTeam.get(t)).find((c) => c !== undefined) ?? (await repo.defaultCalendarRow(db, workspaceId));
  return row ? { id: row.id, name: row.name, calendar: repo.toCalendar(row) } : null;
}

/** Calendars of the workspace by id (deleted ones are absent): what a stored due time was counted in. */
export async function calendarsById(db: Executor, workspaceId: string, ids: readonly string[]): Promise<Map<string, NamedCalendar>> {
  const rows = await repo.calendarsByIds(db, workspaceId, ids);
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, calendar: repo.toCalendar(r) }]));
}

// ---- calendars ----

/** Business-hours calendars of the workspace. */
export async function listCalendars(deps: Deps, actor: Actor): Promise<{ items: BusinessCalendar[] }> {
  authorize(actor, 'sla:read');
  return { items: (await repo.listCalendars(deps.db, actor.workspaceId)).map(presentCalendar) };
}

async function conflictOnName<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict('sla_name_taken', 'This name is taken already');
    throw err;
  }
}

/** Creates a calendar (the default one replaces the previous default). */
export async function createCalendar(deps: Deps, actor: Actor, input: BusinessCalendarInput): Promise<BusinessCalendar> {
  authorize(actor, 'sla:manage');
  const v = CalendarSchema.parse(input);
  return conflictOnName(() => deps.db.transaction(async (tx) => {
    if (v.isDefault) await repo.clearDefaultCalendar(tx, actor.workspaceId);
    const row = await repo.insertCalendar(tx, { workspaceId: actor.workspaceId, id: newId(), ...v, holidays: [...new Set(v.holidays)].sort() });
    await emit(tx, deps.queue, actor, { type: 'business_calendar.created', subject: { type: 'business_calendar', id: row.id }, payload: { after: { name: row.name, timezone: row.timezone } } });
    return presentCalendar(row);
  }));
}

/** Changes a calendar; clocks already running keep their due times, new ones count in the new hours. */
export async function updateCalendar(deps: Deps, actor: Actor, id: string, patch: BusinessCalendarPatch): Promise<BusinessCalendar> {
  authorize(actor, 'sla:manage');
  return conflictOnName(() => deps.db.transaction(async (tx) => {
    const before = await repo.findCalendar(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('calendar_not_found', 'No such business-hours calendar');
    if (patch.isDefault) await repo.clearDefaultCalendar(tx, actor.workspaceId);
    const set = { ...patch, ...(patch.holidays ? { holidays: [...new Set(patch.holidays)].sort() } : {}) };
    const row = (await repo.updateCalendar(tx, actor.workspaceId, id, set))!;
    await emit(tx, deps.queue, actor, { type: 'business_calendar.updated', subject: { type: 'business_calendar', id }, payload: { before: { name: before.name, timezone: before.timezone }, after: { name: row.name, timezone: row.timezone } } });
    return presentCalendar(row);
  }));
}

/** Deletes a calendar (policies counting in it count round the clock from then on). */
export async function deleteCalendar(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'sla:manage');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.deleteCalendar(tx, actor.workspaceId, id))) throw new NotFound('calendar_not_found', 'No such business-hours calendar');
    await emit(tx, deps.queue, actor, { type: 'business_calendar.deleted', subject: { type: 'business_calendar', id }, payload: {} });
  });
}

// ---- policies ----

/** SLA policies of the workspace: the default first. */
export async function listPolicies(deps: Deps, actor: Actor): Promise<{ items: SlaPolicy[] }> {
  authorize(actor, 'sla:read');
  return { items: (await repo.listPolicies(deps.db, actor.workspaceId)).map(presentPolicy) };
}

async function checkReferences(tx: Executor, workspaceId: string, v: { teamId?: string | null; calendarId?: string | null; escalateToTeamId?: string | null }): Promise<void> {
  if (v.teamId && !(await repo.teamExists(tx, workspaceId, v.teamId))) throw new Validation('team_not_found', 'No such team', { field: 'teamId' });
  if (v.escalateToTeamId && !(await repo.teamExists(tx, workspaceId, v.escalateToTeamId))) throw new Validation('team_not_found', 'No such team', { field: 'escalateToTeamId' });
  if (v.calendarId && !(await repo.findCalendar(tx, workspaceId, v.calendarId))) throw new Validation('calendar_not_found', 'No such business-hours calendar', { field: 'calendarId' });
}

async function conflictOnTeam<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict('sla_policy_exists', 'This team (or the workspace default) has a policy already');
    throw err;
  }
}

/** Creates the SLA policy of a team (teamId null: the workspace's default). */
export async function createPolicy(deps: Deps, actor: Actor, input: SlaPolicyInput): Promise<SlaPolicy> {
  authorize(actor, 'sla:manage');
  const v = PolicySchema.parse(input);
  return conflictOnTeam(() => deps.db.transaction(async (tx) => {
    await checkReferences(tx, actor.workspaceId, v);
    const row = await repo.insertPolicy(tx, { workspaceId: actor.workspaceId, id: newId(), ...v });
    await emit(tx, deps.queue, actor, { type: 'sla_policy.created', subject: { type: 'sla_policy', id: row.id }, payload: { after: presentPolicy(row) } });
    return presentPolicy(row);
  }));
}

/** Changes a policy; clocks already running keep their due times, new ones use the new targets. */
export async function updatePolicy(deps: Deps, actor: Actor, id: string, patch: SlaPolicyPatch): Promise<SlaPolicy> {
  authorize(actor, 'sla:manage');
  return conflictOnTeam(() => deps.db.transaction(async (tx) => {
    const before = await repo.findPolicy(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('sla_policy_not_found', 'No such SLA policy');
    const merged = { ...before, ...patch };
    if (merged.warnBeforeMinutes !== null && merged.warnPercent !== null) {
      throw new Validation('validation_failed', 'Warn either minutes before or at a percentage', { field: 'warnPercent' });
    }
    await checkReferences(tx, actor.workspaceId, patch);
    const row = (await repo.updatePolicy(tx, actor.workspaceId, id, patch))!;
    await emit(tx, deps.queue, actor, { type: 'sla_policy.updated', subject: { type: 'sla_policy', id }, payload: { before: presentPolicy(before), after: presentPolicy(row) } });
    return presentPolicy(row);
  }));
}

/** Deletes a policy and the clocks it ran. */
export async function deletePolicy(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'sla:manage');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.deletePolicy(tx, actor.workspaceId, id))) throw new NotFound('sla_policy_not_found', 'No such SLA policy');
    await emit(tx, deps.queue, actor, { type: 'sla_policy.deleted', subject: { type: 'sla_policy', id }, payload: {} });
  });
}
