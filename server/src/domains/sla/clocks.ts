import type { ConversationSla, SlaKind } from '@parley/contracts/sla';
import type { conversationSlas, slaPolicies } from '../../db/schema.ts';
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from './business-hours.ts';

// The SLA clocks of one conversation as pure functions over its row: what starts, stops, pauses and restarts a clock.
// The callers (ingestion stage, event handlers, breach watch) read the row, apply one of these, and write it back.
//   first_response: from the customer's first message until the first agent response
//   next_response:  from a customer message that follows an agent response until the next agent response
//   resolution:     from the first message (or a reopening) until resolved/closed
// An agent response counts at the reply's own time (when the agent queued it), once it is queued or sent.
// waiting_customer stops every running clock until the customer answers or an agent reopens it; the time in between
// does not count. Without a calendar a policy counts round the clock.

export type ClockRow = typeof conversationSlas.$inferSelect;
export type PolicyRow = typeof slaPolicies.$inferSelect;

/** The policy targets (in business minutes) for one conversation, with its calendar. */
export interface ClockPolicy {
  id: string;
  calendar: BusinessCalendar | null;
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  warnBeforeMinutes: number | null;
  warnPercent: number | null;
}

/** The targets of a policy for a conversation of this priority (priority-specific targets win where given). */
export function clockPolicy(policy: PolicyRow, calendar: BusinessCalendar | null, priority: string): ClockPolicy {
  const special = policy.priorityTargets[priority] ?? {};
  const pick = (k: 'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes') => (special[k] !== undefined ? special[k] ?? null : policy[k]);
  return {
    id: policy.id, calendar,
    firstResponseMinutes: pick('firstResponseMinutes'), nextResponseMinutes: pick('nextResponseMinutes'), resolutionMinutes: pick('resolutionMinutes'),
    warnBeforeMinutes: policy.warnBeforeMinutes, warnPercent: policy.warnPercent,
  };
}

function add(cal: BusinessCalendar | null, from: Date, minutes: number): Date {
  return cal ? addBusinessMinutes(cal, from, minutes) : new Date(from.getTime() + minutes * 60_000);
}

function between(cal: BusinessCalendar | null, from: Date, to: Date): number {
  return cal ? businessMinutesBetween(cal, from, to) : Math.max(0, (to.getTime() - from.getTime()) / 60_000);
}

// Due and warning time of a clock started at `start` with `target` minutes (null target: the clock does not run).
function schedule(p: ClockPolicy, start: Date, target: number | null): { due: Date | null; warn: Date | null } {
  if (target === null) return { due: null, warn: null };
  const due = add(p.calendar, start, target);
  const before = p.warnBeforeMinutes !== null ? Math.max(0, target - p.warnBeforeMinutes)
    : p.warnPercent !== null ? Math.floor((target * p.warnPercent) / 100) : null;
  return { due, warn: before === null ? null : add(p.calendar, start, before) };
}

const withoutKind = (notified: string[], kind: SlaKind) => notified.filter((n) => !n.endsWith(`:${kind}`));

/** The clocks of a conversation whose customer wrote first at `at`. */
export function startClocks(p: ClockPolicy, workspaceId: string, conversationId: string, at: Date): ClockRow {
  const first = schedule(p, at, p.firstResponseMinutes);
  const resolution = schedule(p, at, p.resolutionMinutes);
  return {
    workspaceId, conversationId, policyId: p.id, state: 'ok', startedAt: at,
    firstResponseDueAt: first.due, firstResponseWarnAt: first.warn, firstRespondedAt: null,
    nextResponseStartedAt: null, nextResponseDueAt: null, nextResponseWarnAt: null, lastRespondedAt: null,
    resolutionStartedAt: at, resolutionDueAt: resolution.due, resolutionWarnAt: resolution.warn, resolvedAt: null,
    pausedAt: null, nextDueAt: null, nextDueKind: null, nextCheckAt: null, notified: [], breached: [], updatedAt: at,
  };
}

/** The due times of the clocks that run (not stopped); paused clocks are listed too. */
export function runningClocks(r: ClockRow): Array<{ kind: SlaKind; due: Date; warn: Date | null }> {
  if (r.resolvedAt) return [];
  const out: Array<{ kind: SlaKind; due: Date; warn: Date | null }> = [];
  if (r.firstResponseDueAt && !r.firstRespondedAt) out.push({ kind: 'first_response', due: r.firstResponseDueAt, warn: r.firstResponseWarnAt });
  if (r.nextResponseDueAt) out.push({ kind: 'next_response', due: r.nextResponseDueAt, warn: r.nextResponseWarnAt });
  if (r.resolutionDueAt) out.push({ kind: 'resolution', due: r.resolutionDueAt, warn: r.resolutionWarnAt });
  return out;
}

/** Recomputes the derived columns (state, next due, next check) as of `now`. */
export function settle(r: ClockRow, now: Date): ClockRow {
  const running = runningClocks(r);
  const t = now.getTime();
  let state: ClockRow['state'];
  if (running.length === 0) state = 'met';
  else if (r.pausedAt) state = 'paused';
  else if (running.some((c) => c.due.getTime() <= t)) state = 'breached';
  else if (running.some((c) => c.warn && c.warn.getTime() <= t)) state = 'warning';
  else state = 'ok';
  const active = r.pausedAt ? [] : running;
  const next = active.reduce<(typeof active)[number] | null>((m, c) => (!m || c.due < m.due ? c : m), null);
  const checks = active.flatMap((c) => [
    ...(c.warn && !r.notified.includes(`warning:${c.kind}`) && !r.notified.includes(`breached:${c.kind}`) ? [c.warn] : []),
    ...(!r.notified.includes(`breached:${c.kind}`) ? [c.due] : []),
  ]);
  const nextCheck = checks.reduce<Date | null>((m, d) => (!m || d < m ? d : m), null);
  return { ...r, state, nextDueAt: next?.due ?? null, nextDueKind: next?.kind ?? null, nextCheckAt: nextCheck, updatedAt: now };
}

/** An agent responded at `at`: stops the first/next response clock that was running by then. */
export function respond(r: ClockRow, at: Date): ClockRow {
  if (r.resolvedAt) return r;
  const out = { ...r };
  if (!out.firstRespondedAt && at >= out.startedAt) out.firstRespondedAt = at;
  if (out.nextResponseDueAt && out.nextResponseStartedAt && at >= out.nextResponseStartedAt) {
    out.nextResponseDueAt = null;
    out.nextResponseWarnAt = null;
  }
  if (!out.lastRespondedAt || at > out.lastRespondedAt) out.lastRespondedAt = at;
  return out;
}

/** The customer wrote at `at`: reopens a resolved conversation, resumes a paused one, starts the next-response clock. */
export function customerWrote(r: ClockRow, p: ClockPolicy, at: Date): ClockRow {
  if (r.resolvedAt) return reopen(r, p, at);
  let out = r.pausedAt ? resume(r, p, at) : r;
  const answered = out.firstRespondedAt !== null;
  const waiting = out.nextResponseDueAt !== null;
  const afterResponse = !out.lastRespondedAt || at >= out.lastRespondedAt;
  if (answered && !waiting && afterResponse && p.nextResponseMinutes !== null) {
    const s = schedule(p, at, p.nextResponseMinutes);
    out = { ...out, nextResponseStartedAt: at, nextResponseDueAt: s.due, nextResponseWarnAt: s.warn, notified: withoutKind(out.notified, 'next_response') };
  }
  return out;
}

/** The conversation now waits on the customer: running clocks stand still from `at`. */
export function pause(r: ClockRow, at: Date): ClockRow {
  if (r.pausedAt || r.resolvedAt) return r;
  return { ...r, pausedAt: at };
}

/** Waiting on the customer ended at `at`: each running clock keeps the open time it had left when paused. */
export function resume(r: ClockRow, p: ClockPolicy, at: Date): ClockRow {
  if (!r.pausedAt) return r;
  const from = r.pausedAt;
  const shift = (d: Date | null) => (d ? add(p.calendar, at, between(p.calendar, from, d)) : null);
  const out: ClockRow = { ...r, pausedAt: null };
  if (r.firstResponseDueAt && !r.firstRespondedAt) {
    out.firstResponseDueAt = shift(r.firstResponseDueAt);
    out.firstResponseWarnAt = shift(r.firstResponseWarnAt);
  }
  out.nextResponseDueAt = shift(r.nextResponseDueAt);
  out.nextResponseWarnAt = shift(r.nextResponseWarnAt);
  out.resolutionDueAt = shift(r.resolutionDueAt);
  out.resolutionWarnAt = shift(r.resolutionWarnAt);
  return out;
}

/** Resolved or closed at `at`: every clock stops. */
export function resolve(r: ClockRow, at: Date): ClockRow {
  if (r.resolvedAt) return r;
  return { ...r, resolvedAt: at, pausedAt: null, nextResponseDueAt: null, nextResponseWarnAt: null };
}

/** Reopened at `at` (by the customer or an agent): resolution restarts, and the response clock the customer waits on. */
export function reopen(r: ClockRow, p: ClockPolicy, at: Date): ClockRow {
  const resolution = schedule(p, at, p.resolutionMinutes);
  const out: ClockRow = {
    ...r, resolvedAt: null, pausedAt: null, resolutionStartedAt: at, resolutionDueAt: resolution.due, resolutionWarnAt: resolution.warn,
    notified: withoutKind(r.notified, 'resolution'),
  };
  if (!out.firstRespondedAt) {
    const first = schedule(p, at, p.firstResponseMinutes);
    return { ...out, startedAt: at, firstResponseDueAt: first.due, firstResponseWarnAt: first.warn, notified: withoutKind(out.notified, 'first_response') };
  }
  const next = schedule(p, at, p.nextResponseMinutes);
  return { ...out, nextResponseStartedAt: next.due ? at : null, nextResponseDueAt: next.due, nextResponseWarnAt: next.warn, notified: withoutKind(out.notified, 'next_response') };
}

/** Another policy applies (team or priority changed): running clocks are counted again from their starts with its targets. */
export function retarget(r: ClockRow, p: ClockPolicy): ClockRow {
  const out: ClockRow = { ...r, policyId: p.id };
  if (!r.firstRespondedAt) {
    const s = schedule(p, r.startedAt, p.firstResponseMinutes);
    out.firstResponseDueAt = s.due;
    out.firstResponseWarnAt = s.warn;
  }
  if (r.nextResponseDueAt && r.nextResponseStartedAt) {
    const s = schedule(p, r.nextResponseStartedAt, p.nextResponseMinutes);
    out.nextResponseDueAt = s.due;
    out.nextResponseWarnAt = s.warn;
  }
  if (!r.resolvedAt) {
    const s = schedule(p, r.resolutionStartedAt ?? r.startedAt, p.resolutionMinutes);
    out.resolutionDueAt = s.due;
    out.resolutionWarnAt = s.warn;
  }
  return out;
}

/** What the breach watch must announce for a row at `now`: warnings and breaches not announced yet. */
export function dueNotices(r: ClockRow, now: Date): Array<{ kind: SlaKind; notice: 'warning' | 'breached'; dueAt: Date }> {
  if (r.pausedAt) return [];
  const out: Array<{ kind: SlaKind; notice: 'warning' | 'breached'; dueAt: Date }> = [];
  for (const c of runningClocks(r)) {
    if (c.due <= now) {
      if (!r.notified.includes(`breached:${c.kind}`)) out.push({ kind: c.kind, notice: 'breached', dueAt: c.due });
    } else if (c.warn && c.warn <= now && !r.notified.includes(`warning:${c.kind}`)) {
      out.push({ kind: c.kind, notice: 'warning', dueAt: c.due });
    }
  }
  return out;
}

/** The conversation's SLA as the API shows it, as of `now` (the countdown counts open time only). */
export function presentSla(r: ClockRow, calendar: BusinessCalendar | null, now: Date): ConversationSla {
  const s = settle(r, now);
  const left = s.nextDueAt ? openMinutesLeft(calendar, now, s.nextDueAt) : null;
  return {
    policyId: s.policyId, state: s.state as ConversationSla['state'], nextDueAt: s.nextDueAt?.toISOString() ?? null,
    nextDueKind: s.nextDueKind as SlaKind | null, breached: s.breached as SlaKind[], businessMinutesLeft: left,
  };
}

/** Open minutes from `now` until `due` (negative: overdue), rounded up; null calendar: round the clock. */
export function openMinutesLeft(calendar: BusinessCalendar | null, now: Date, due: Date): number {
  // Beyond a month the countdown counts calendar time: a list of long-forgotten items stays cheap to show.
  const cal = Math.abs(due.getTime() - now.getTime()) > 31 * 86_400_000 ? null : calendar;
  return due >= now ? Math.ceil(between(cal, now, due)) : -Math.ceil(between(cal, due, now));
}

/** The instant reached after `minutes` of open time from `from` (null calendar: round the clock). */
export function dueAfter(calendar: BusinessCalendar | null, from: Date, minutes: number): Date {
  return add(calendar, from, minutes);
}
