import { describe, expect, test } from 'vitest';
import type { BusinessCalendar } from './business-hours.ts';
import { customerWrote, dueNotices, pause, presentSla, reopen, resolve, respond, resume, retarget, settle, startClocks, type ClockPolicy } from './clocks.ts';

const berlin: BusinessCalendar = { timezone: 'Europe/Berlin', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })), holidays: [] };
const policy: ClockPolicy = {
  id: 'p1', calendar: berlin, firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 600, warnBeforeMinutes: 15, warnPercent: null,
};
const d = (s: string) => new Date(s);
const iso = (x: Date | null | undefined) => x?.toISOString() ?? null;
// Monday 2026-12-07 09:00 in Berlin (CET).
const start = () => startClocks(policy, 'w', 'c', d('2026-12-07T08:00:00Z'));

describe('clocks', () => {
  test('a new conversation runs first response and resolution in business hours', () => {
    const r = settle(start(), d('2026-12-07T08:10:00Z'));
    expect(iso(r.firstResponseDueAt)).toBe('2026-12-07T09:00:00.000Z');
    expect(iso(r.firstResponseWarnAt)).toBe('2026-12-07T08:45:00.000Z');
    expect(iso(r.resolutionDueAt)).toBe('2026-12-08T08:00:00.000Z'); // 600 min: 9 h Monday, 1 h Tuesday
    expect(r).toMatchObject({ state: 'ok', nextDueKind: 'first_response' });
    expect(iso(r.nextCheckAt)).toBe('2026-12-07T08:45:00.000Z');
  });

  test.each([
    ['before the warning', '2026-12-07T08:44:00Z', 'ok', []],
    ['at the warning', '2026-12-07T08:45:00Z', 'warning', ['warning:first_response']],
    ['past the due time', '2026-12-07T09:00:00Z', 'breached', ['breached:first_response']],
  ] as const)('state and notices %s', (_label, now, state, notices) => {
    expect(settle(start(), d(now)).state).toBe(state);
    expect(dueNotices(start(), d(now)).map((n) => `${n.notice}:${n.kind}`)).toEqual(notices);
  });

  test('notices already given are not given again, and the next check moves on', () => {
    const r = settle({ ...start(), notified: ['warning:first_response', 'breached:first_response'] }, d('2026-12-07T09:01:00Z'));
    expect(dueNotices(r, d('2026-12-07T09:01:00Z'))).toEqual([]);
    expect(iso(r.nextCheckAt)).toBe('2026-12-08T07:45:00.000Z'); // the resolution warning
  });

  test('a response stops the first response; the customer\'s answer starts the next one; a late reply does not stop it', () => {
    let r = respond(start(), d('2026-12-07T08:30:00Z'));
    expect(iso(r.firstRespondedAt)).toBe('2026-12-07T08:30:00.000Z');
    r = customerWrote(r, policy, d('2026-12-07T16:30:00Z'));
    expect(iso(r.nextResponseDueAt)).toBe('2026-12-08T08:30:00.000Z'); // 30 min Monday, 90 min Tuesday (09:30 CET)
    expect(respond(r, d('2026-12-07T16:00:00Z')).nextResponseDueAt).not.toBeNull();
    r = respond(r, d('2026-12-07T16:40:00Z'));
    expect(r.nextResponseDueAt).toBeNull();
    expect(settle(r, d('2026-12-07T16:41:00Z')).nextDueKind).toBe('resolution');
  });

  test('waiting on the customer pauses; the open time left is kept across the night', () => {
    // Paused Monday 17:30 (30 open minutes left of first response), resumed Tuesday 10:00: due Tuesday 10:30.
    let r = pause(start(), d('2026-12-07T16:30:00Z'));
    r = { ...r, firstResponseDueAt: d('2026-12-07T17:00:00Z'), firstResponseWarnAt: null };
    const paused = settle(r, d('2026-12-07T20:00:00Z'));
    expect(paused).toMatchObject({ state: 'paused', nextDueAt: null, nextCheckAt: null });
    expect(presentSla(paused, berlin, d('2026-12-07T20:00:00Z'))).toMatchObject({ state: 'paused', nextDueAt: null, businessMinutesLeft: null });
    r = resume(r, policy, d('2026-12-08T09:00:00Z'));
    expect(r.pausedAt).toBeNull();
    expect(iso(r.firstResponseDueAt)).toBe('2026-12-08T09:30:00.000Z');
  });

  test('resolving stops all clocks; reopening restarts resolution and the response the customer waits for', () => {
    let r = respond(start(), d('2026-12-07T08:30:00Z'));
    r = resolve(r, d('2026-12-07T09:00:00Z'));
    expect(settle(r, d('2026-12-09T09:00:00Z'))).toMatchObject({ state: 'met', nextDueAt: null, nextCheckAt: null });
    r = reopen({ ...r, notified: ['breached:resolution', 'breached:first_response'] }, policy, d('2026-12-09T09:00:00Z'));
    expect(r.resolvedAt).toBeNull();
    expect(iso(r.resolutionDueAt)).toBe('2026-12-10T09:00:00.000Z'); // 8 h Wednesday, 2 h Thursday
    expect(iso(r.nextResponseDueAt)).toBe('2026-12-09T11:00:00.000Z');
    expect(r.notified).toEqual(['breached:first_response']);
  });

  test('another policy counts the running clocks again from their starts', () => {
    const r = retarget(start(), { ...policy, id: 'p2', firstResponseMinutes: 15, calendar: null, warnBeforeMinutes: null });
    expect(r.policyId).toBe('p2');
    expect(iso(r.firstResponseDueAt)).toBe('2026-12-07T08:15:00.000Z');
    expect(r.firstResponseWarnAt).toBeNull();
  });

  test('the countdown counts open minutes: Friday evening to Monday morning is one hour, not a weekend', () => {
    const r = startClocks(policy, 'w', 'c', d('2026-12-04T16:30:00Z')); // Friday 17:30: 30 min left, 30 more on Monday
    expect(presentSla(r, berlin, d('2026-12-05T12:00:00Z'))).toMatchObject({ state: 'ok', nextDueKind: 'first_response', businessMinutesLeft: 30 });
    expect(presentSla(r, berlin, d('2026-12-07T09:00:00Z'))).toMatchObject({ state: 'breached', businessMinutesLeft: -90 });
  });
});
