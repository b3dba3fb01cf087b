import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';

/** Opening hours of a team: weekly intervals in one IANA time zone, minus public holidays. */
export interface BusinessCalendar {
  timezone: string;
  /** day 0 = Sunday; start/end 'HH:MM' local time; end <= start means the interval runs past midnight; '24:00' ends at midnight. */
  weekly: Array<{ day: number; start: string; end: string }>;
  /** YYYY-MM-DD in the calendar's zone; an interval starting on such a day does not open. */
  holidays: string[];
}

const MINUTE = 60_000;
// Safety net so a calendar that never opens (or a nonsense request) cannot loop forever: ten years of days.
const MAX_DAYS = 3_700;

interface LocalDay {
  y: number;
  m: number;
  d: number;
  weekday: number;
  key: string;
}

function parseHm(hm: string): [number, number] {
  const [h, m] = hm.split(':').map((part) => Number(part));
  return [h ?? 0, m ?? 0];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// Calendar-date arithmetic only (no instants): a UTC Date is used as a plain y/m/d counter.
function localDay(y: number, m: number, d: number): LocalDay {
  const c = new Date(Date.UTC(y, m, d));
  const yy = c.getUTCFullYear();
  const mm = c.getUTCMonth();
  const dd = c.getUTCDate();
  return { y: yy, m: mm, d: dd, weekday: c.getUTCDay(), key: `${yy}-${pad(mm + 1)}-${pad(dd)}` };
}

function localDayOf(calendar: BusinessCalendar, at: Date): LocalDay {
  const z = new TZDate(at.getTime(), calendar.timezone);
  return localDay(z.getFullYear(), z.getMonth(), z.getDate());
}

// A calendar's holidays as a set and its days' intervals, computed once per calendar object (TZDate's zone arithmetic
// is what an SLA clock costs: a conversation opened on a Saturday night walks to Monday for each of its clocks).
const memo = new WeakMap<BusinessCalendar, { holidays: Set<string>; days: Map<string, Array<[number, number]>> }>();
function memoOf(calendar: BusinessCalendar): { holidays: Set<string>; days: Map<string, Array<[number, number]>> } {
  let m = memo.get(calendar);
  if (!m) memo.set(calendar, (m = { holidays: new Set(calendar.holidays), days: new Map() }));
  return m;
}

// The open intervals (epoch ms, end exclusive) that START on one local day, sorted by start.
// TZDate turns local wall times into instants, so DST days are 23 or 25 hours long as they should be.
function intervalsStarting(calendar: BusinessCalendar, day: LocalDay): Array<[number, number]> {
  const m = memoOf(calendar);
  let hit = m.days.get(day.key);
  if (!hit) {
    if (m.days.size > 5_000) m.days.clear();
    m.days.set(day.key, (hit = computeIntervals(calendar, day, m.holidays)));
  }
  return hit;
}

function computeIntervals(calendar: BusinessCalendar, day: LocalDay, holidays: Set<string>): Array<[number, number]> {
  if (holidays.has(day.key)) return [];
  const out: Array<[number, number]> = [];
  for (const slot of calendar.weekly) {
    if (slot.day !== day.weekday) continue;
    const [sh, sm] = parseHm(slot.start);
    const [eh, em] = parseHm(slot.end);
    const start = new TZDate(day.y, day.m, day.d, sh, sm, 0, 0, calendar.timezone).getTime();
    const overnight = eh * 60 + em <= sh * 60 + sm;
    const endDay = overnight ? localDay(day.y, day.m, day.d + 1) : day;
    const end = new TZDate(endDay.y, endDay.m, endDay.d, eh, em, 0, 0, calendar.timezone).getTime();
    if (end > start) out.push([start, end]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

function hasOpenHours(calendar: BusinessCalendar): boolean {
  return calendar.weekly.length > 0;
}

// Walks the open intervals in start order from the local day before `from` (an overnight interval of the
// previous day may still be open). Intervals may overlap; callers clip against a moving cursor.
function* openIntervals(calendar: BusinessCalendar, from: Date): Generator<[number, number]> {
  const first = localDayOf(calendar, from);
  for (let i = -1; i < MAX_DAYS; i++) {
    const day = localDay(first.y, first.m, first.d + i);
    yield* intervalsStarting(calendar, day);
  }
}

/** Whether the calendar is open at the instant `at`. */
export function isOpenAt(calendar: BusinessCalendar, at: Date): boolean {
  const t = at.getTime();
  const today = localDayOf(calendar, at);
  for (const offset of [-1, 0]) {
    const day = localDay(today.y, today.m, today.d + offset);
    for (const [start, end] of intervalsStarting(calendar, day)) {
      if (start <= t && t < end) return true;
    }
  }
  return false;
}

/** The instant reached after `minutes` of open time, counted from `from` (a calendar with no hours counts as always open). */
export function addBusinessMinutes(calendar: BusinessCalendar, from: Date, minutes: number): Date {
  if (!hasOpenHours(calendar)) return new Date(from.getTime() + minutes * MINUTE);
  let remaining = Math.max(0, minutes) * MINUTE;
  let cursor = from.getTime();
  if (remaining === 0) return new Date(cursor);
  for (const [start, end] of openIntervals(calendar, from)) {
    const s = Math.max(start, cursor);
    if (end <= s) continue;
    const available = end - s;
    if (remaining <= available) return new Date(s + remaining);
    remaining -= available;
    cursor = end;
  }
  // Unreachable for any calendar with weekly hours; fall back to wall-clock time rather than never.
  return addDays(from, MAX_DAYS);
}

/** Minutes of open time between two instants (0 when `to` is not after `from`); may be fractional. */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const f = from.getTime();
  const t = to.getTime();
  if (t <= f) return 0;
  if (!hasOpenHours(calendar)) return (t - f) / MINUTE;
  let total = 0;
  let cursor = f;
  for (const [start, end] of openIntervals(calendar, from)) {
    if (start >= t) break;
    const s = Math.max(start, cursor);
    const e = Math.min(end, t);
    if (e > s) {
      total += e - s;
      cursor = e;
    }
    cursor = Math.max(cursor, Math.min(end, t));
  }
  return total / MINUTE;
}
