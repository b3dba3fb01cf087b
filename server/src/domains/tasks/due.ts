// Day boundaries in a time zone, for the due windows of the task list and the badge counts. "Today" is the user's
// today: the web app sends its IANA zone (Intl.DateTimeFormat().resolvedOptions().timeZone); UTC without one.

const DAY_MS = 86_400_000;

/** The instants a due window spans: [from, to) for today and week; overdue is "before now and still open". */
export interface DueWindow {
  from?: Date;
  to?: Date;
  overdueAt?: Date;
}

/** The bounds of the due window `due` at `now`, with days as they are in the time zone `tz`. */
export function dueWindow(due: 'overdue' | 'today' | 'week', now: Date, tz = 'UTC'): DueWindow {
  if (due === 'overdue') return { overdueAt: now };
  const today = wallDate(now, tz);
  return { from: startOfDay(today, tz), to: startOfDay(addDays(today, due === 'today' ? 1 : 7), tz) };
}

/** Today's start and tomorrow's start in the time zone `tz`. */
export function todayIn(now: Date, tz = 'UTC'): { from: Date; to: Date } {
  const today = wallDate(now, tz);
  return { from: startOfDay(today, tz), to: startOfDay(addDays(today, 1), tz) };
}

interface YMD { y: number; m: number; d: number }

function parts(at: Date, tz: string): Record<string, number> {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  return Object.fromEntries(fmt.formatToParts(at).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
}

function wallDate(at: Date, tz: string): YMD {
  const p = parts(at, tz);
  return { y: p.year!, m: p.month!, d: p.day! };
}

// Wall-clock time minus UTC at an instant, in ms (+3,600,000 for Berlin in winter).
function offsetAt(at: Date, tz: string): number {
  const p = parts(at, tz);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

function addDays(day: YMD, n: number): YMD {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d) + n * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

// Midnight of a calendar day in the zone. The second pass corrects the offset when a DST change lies between the
// UTC guess and the real instant.
function startOfDay(day: YMD, tz: string): Date {
  const wall = Date.UTC(day.y, day.m - 1, day.d);
  let t = wall - offsetAt(new Date(wall), tz);
  t = wall - offsetAt(new Date(t), tz);
  return new Date(t);
}
