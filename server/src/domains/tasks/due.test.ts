import { describe, expect, test } from 'vitest';
import { dueWindow, todayIn } from './due.ts';

describe('due windows', () => {
  test.each([
    // now (UTC)                 zone                  today starts              tomorrow starts
    ['2026-03-10T12:00:00Z', 'UTC', '2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z'],
    ['2026-03-10T12:00:00Z', 'Europe/Berlin', '2026-03-09T23:00:00.000Z', '2026-03-10T23:00:00.000Z'],
    // 23:30 UTC is already tomorrow in Berlin.
    ['2026-03-10T23:30:00Z', 'Europe/Berlin', '2026-03-10T23:00:00.000Z', '2026-03-11T23:00:00.000Z'],
    // The day clocks go forward in Berlin is 23 hours long; the day they go back, 25.
    ['2026-03-29T12:00:00Z', 'Europe/Berlin', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25T12:00:00Z', 'Europe/Berlin', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'],
    ['2026-03-10T03:00:00Z', 'America/New_York', '2026-03-09T04:00:00.000Z', '2026-03-10T04:00:00.000Z'],
    ['2026-03-10T12:00:00Z', 'Asia/Kolkata', '2026-03-09T18:30:00.000Z', '2026-03-10T18:30:00.000Z'],
  ])('at %s in %s today is [%s, %s)', (now, tz, from, to) => {
    const today = todayIn(new Date(now), tz);
    expect([today.from.toISOString(), today.to.toISOString()]).toEqual([from, to]);
    expect(dueWindow('today', new Date(now), tz)).toEqual(today);
  });

  test('a week is today and the six days after it; overdue is anything before now', () => {
    const now = new Date('2026-03-25T12:00:00Z');
    const week = dueWindow('week', now, 'Europe/Berlin');
    // Crosses the change to summer time on 29 March: 7 calendar days are 167 hours.
    expect([week.from?.toISOString(), week.to?.toISOString()]).toEqual(['2026-03-24T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    expect(dueWindow('overdue', now)).toEqual({ overdueAt: now });
  });
});
