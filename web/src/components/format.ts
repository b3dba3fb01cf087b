import { locale } from '../i18n/index.ts';

// Intl formatters are costly to create; a table renders hundreds of dates, so each is made once per language.
const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(key: string, make: (loc: string) => T): T {
  const loc = locale();
  const k = `${loc}|${key}`;
  let f = cache.get(k) as T | undefined;
  if (!f) {
    f = make(loc);
    cache.set(k, f);
  }
  return f;
}

/** A date as the user reads it (e.g. 24.11.2026 / 24 Nov 2026). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return cached('date', (l) => new Intl.DateTimeFormat(l, { day: '2-digit', month: 'short', year: 'numeric' })).format(d);
}

/** A date and time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return cached('datetime', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' })).format(d);
}

/** A compact date for table cells (24.11.26 / 24/11/26). */
export function formatShortDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return cached('short', (l) => new Intl.DateTimeFormat(l, { day: '2-digit', month: '2-digit', year: '2-digit' })).format(d);
}

/** "vor 5 Minuten" / "5 minutes ago"; after a week the date (compact with `short`). */
export function formatRelative(iso: string | null | undefined, now = Date.now(), short = false): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.round((t - now) / 1000);
  const rtf = cached('relative', (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }));
  const abs = Math.abs(s);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(s / 86400), 'day');
  return short ? formatShortDate(iso) : formatDate(iso);
}

/** A whole number with the locale's grouping (10.000 / 10,000). */
export function formatNumber(n: number): string {
  return cached('number', (l) => new Intl.NumberFormat(l)).format(n);
}

/** A capped count: at the cap it reads "10.000+". */
export function formatCapped(n: number, capped: boolean): string {
  return capped ? `${formatNumber(n)}+` : formatNumber(n);
}

/** Initials of a name for an avatar. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return '?';
  const first = parts[0]!.charAt(0);
  const last = parts.length > 1 ? parts[parts.length - 1]!.charAt(0) : '';
  return (first + last).toUpperCase();
}

/** A stable Mantine colour for a string (avatars of people and companies). */
export function colorFor(s: string): string {
  const colors = ['indigo', 'violet', 'grape', 'cyan', 'teal', 'blue', 'orange', 'pink', 'lime'];
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return colors[Math.abs(h) % colors.length]!;
}
