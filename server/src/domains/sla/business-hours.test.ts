import { describe, expect, test } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, isOpenAt, type BusinessCalendar } from './business-hours.js';

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));

// Mo–Fr 08:00–18:00 Berlin; 2026-10-03 (Tag der Deutschen Einheit) is a Saturday, so use 2026-12-25 (Friday).
const berlin: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  weekly: weekdays('08:00', '18:00'),
  holidays: ['2026-12-25', '2026-04-03'],
};

// Every day 09:00–12:00 and 13:00–17:00 (lunch break), Berlin.
const split: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  weekly: [0, 1, 2, 3, 4, 5, 6].flatMap((day) => [
    { day, start: '09:00', end: '12:00' },
    { day, start: '13:00', end: '17:00' },
  ]),
  holidays: [],
};

// A night shift: Friday 22:00 until Saturday 06:00, New York.
const night: BusinessCalendar = { timezone: 'America/New_York', weekly: [{ day: 5, start: '22:00', end: '06:00' }], holidays: [] };

// Round the clock every day, Berlin: DST days have 23 and 25 hours.
const allDay: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  weekly: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' })),
  holidays: [],
};

const empty: BusinessCalendar = { timezone: 'UTC', weekly: [], holidays: [] };
const overlapping: BusinessCalendar = {
  timezone: 'UTC',
  weekly: [{ day: 1, start: '08:00', end: '12:00' }, { day: 1, start: '10:00', end: '14:00' }],
  holidays: [],
};

const d = (iso: string) => new Date(iso);

describe('isOpenAt', () => {
  test.each([
    ['Monday 08:00 local (CET, UTC+1)', berlin, '2026-12-07T07:00:00Z', true],
    ['Monday 07:59 local', berlin, '2026-12-07T06:59:00Z', false],
    ['Monday 17:59 local', berlin, '2026-12-07T16:59:00Z', true],
    ['Monday 18:00 local (end exclusive)', berlin, '2026-12-07T17:00:00Z', false],
    ['Saturday noon', berlin, '2026-12-05T11:00:00Z', false],
    ['holiday Friday (Christmas) noon', berlin, '2026-12-25T11:00:00Z', false],
    ['Good Friday noon (holiday, CEST)', berlin, '2026-04-03T10:00:00Z', false],
    ['summer Monday 08:00 local (CEST, UTC+2)', berlin, '2026-07-06T06:00:00Z', true],
    ['summer Monday 07:30 local', berlin, '2026-07-06T05:30:00Z', false],
    ['lunch break', split, '2026-12-07T11:30:00Z', false],
    ['afternoon interval', split, '2026-12-07T12:30:00Z', true],
    ['overnight: Friday 23:00 NY', night, '2026-12-05T04:00:00Z', true],
    ['overnight: Saturday 05:59 NY (interval of Friday)', night, '2026-12-05T10:59:00Z', true],
    ['overnight: Saturday 06:00 NY', night, '2026-12-05T11:00:00Z', false],
    ['overnight: Friday 21:59 NY', night, '2026-12-05T02:59:00Z', false],
    ['empty calendar', empty, '2026-12-07T12:00:00Z', false],
  ] as const)('%s', (_label, calendar, at, open) => {
    expect(isOpenAt(calendar, d(at))).toBe(open);
  });
});

describe('addBusinessMinutes', () => {
  test.each([
    ['inside hours', berlin, '2026-12-07T08:00:00Z', 30, '2026-12-07T08:30:00Z'],
    ['before opening starts at 08:00', berlin, '2026-12-07T05:00:00Z', 60, '2026-12-07T08:00:00Z'],
    ['rolls over the evening into the next morning', berlin, '2026-12-07T16:30:00Z', 60, '2026-12-08T07:30:00Z'],
    ['Friday evening to Monday', berlin, '2026-12-04T16:30:00Z', 60, '2026-12-07T07:30:00Z'],
    ['skips the holiday Friday (Christmas)', berlin, '2026-12-24T16:00:00Z', 120, '2026-12-28T08:00:00Z'],
    ['a whole business day is 600 minutes', berlin, '2026-12-07T07:00:00Z', 600, '2026-12-07T17:00:00Z'],
    ['exactly to closing, not next morning', berlin, '2026-12-07T16:00:00Z', 60, '2026-12-07T17:00:00Z'],
    ['zero minutes', berlin, '2026-12-05T11:00:00Z', 0, '2026-12-05T11:00:00Z'],
    // Spring forward: Friday 2026-03-27 17:00 CET -> Monday 2026-03-30 09:00 CEST (07:00Z).
    ['over the spring DST weekend', berlin, '2026-03-27T16:00:00Z', 120, '2026-03-30T07:00:00Z'],
    // Fall back: Friday 2026-10-23 17:00 CEST -> Monday 2026-10-26 09:00 CET (08:00Z).
    ['over the autumn DST weekend', berlin, '2026-10-23T15:00:00Z', 120, '2026-10-26T08:00:00Z'],
    // 2026-03-29 has only 23 hours in Berlin: 24 open hours from Saturday midnight end Monday 01:00 CEST.
    ['24/7 across the short day', allDay, '2026-03-28T23:00:00Z', 24 * 60, '2026-03-29T23:00:00Z'],
    ['24/7 across the long day', allDay, '2026-10-24T22:00:00Z', 24 * 60, '2026-10-25T22:00:00Z'],
    ['lunch break is skipped', split, '2026-12-07T10:30:00Z', 60, '2026-12-07T12:30:00Z'],
    ['overnight interval', night, '2026-12-05T02:00:00Z', 120, '2026-12-05T05:00:00Z'],
    ['overnight to next week', night, '2026-12-05T10:00:00Z', 120, '2026-12-12T04:00:00Z'],
    ['empty calendar counts wall-clock time', empty, '2026-12-05T10:00:00Z', 90, '2026-12-05T11:30:00Z'],
  ] as const)('%s', (_label, calendar, from, minutes, expected) => {
    expect(addBusinessMinutes(calendar, d(from), minutes).toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe('businessMinutesBetween', () => {
  test.each([
    ['same day', berlin, '2026-12-07T08:00:00Z', '2026-12-07T09:30:00Z', 90],
    ['over a night', berlin, '2026-12-07T16:00:00Z', '2026-12-08T08:00:00Z', 120],
    ['over a weekend', berlin, '2026-12-04T16:00:00Z', '2026-12-07T08:00:00Z', 120],
    ['over Christmas', berlin, '2026-12-24T16:00:00Z', '2026-12-28T08:00:00Z', 120],
    ['reversed is zero', berlin, '2026-12-07T10:00:00Z', '2026-12-07T09:00:00Z', 0],
    ['24/7 spring day has 23 hours', allDay, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 23 * 60],
    ['24/7 autumn day has 25 hours', allDay, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 25 * 60],
    ['split day', split, '2026-12-07T07:00:00Z', '2026-12-07T17:00:00Z', 7 * 60],
    ['overlapping intervals are counted once', overlapping, '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z', 6 * 60],
  ] as const)('%s', (_label, calendar, from, to, minutes) => {
    expect(businessMinutesBetween(calendar, d(from), d(to))).toBe(minutes);
  });

  test('is the inverse of addBusinessMinutes', () => {
    const from = d('2026-12-03T15:17:00Z');
    for (const minutes of [1, 59, 600, 1234, 5000]) {
      const due = addBusinessMinutes(berlin, from, minutes);
      expect(businessMinutesBetween(berlin, from, due)).toBe(minutes);
    }
  });
});
