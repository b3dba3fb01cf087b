// The nationwide public holidays of Germany (the states add their own; an admin adds those by hand). Easter Sunday by
// the anonymous Gregorian algorithm (Meeus/Jones/Butcher); the movable feasts follow from it.

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};

/** Easter Sunday of a year as [month, day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

/** Germany's nationwide public holidays of a year, with their German names, in date order. */
export function germanHolidays(year: number): Array<{ date: string; name: string }> {
  const [em, ed] = easterSunday(year);
  const easter = (offset: number) => ymd(year, em, ed + offset);
  return [
    { date: ymd(year, 1, 1), name: 'Neujahr' },
    { date: easter(-2), name: 'Karfreitag' },
    { date: easter(1), name: 'Ostermontag' },
    { date: ymd(year, 5, 1), name: 'Tag der Arbeit' },
    { date: easter(39), name: 'Christi Himmelfahrt' },
    { date: easter(50), name: 'Pfingstmontag' },
    { date: ymd(year, 10, 3), name: 'Tag der Deutschen Einheit' },
    { date: ymd(year, 12, 25), name: '1. Weihnachtstag' },
    { date: ymd(year, 12, 26), name: '2. Weihnachtstag' },
  ].sort((x, y) => x.date.localeCompare(y.date));
}
