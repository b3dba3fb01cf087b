// Durations as a manager types them into the SLA targets: "30m", "4h", "2d", "1h 30m", "1,5h" or a bare number of
// minutes; German unit words work too ("4 Std", "2 Tage"). A day is 24 hours of open time (the preview shows it in
// hours, since a business day is not 24 hours).

/** The longest target the API accepts, in minutes (SLA_LIMITS.targetMinutes: 365 days). */
export const MAX_TARGET_MINUTES = 525_600;

/** What a typed duration means: nothing typed, "-" (explicitly no target), a number of minutes, or why it is not one. */
export type ParsedDuration =
  | { kind: 'empty' }
  | { kind: 'none' }
  | { kind: 'minutes'; minutes: number }
  | { kind: 'invalid'; reason: 'format' | 'range' | 'fraction' };

const UNITS: Record<string, number> = {
  m: 1, min: 1, mins: 1, minute: 1, minutes: 1, minuten: 1,
  h: 60, hr: 60, hrs: 60, hour: 60, hours: 60, std: 60, stunde: 60, stunden: 60,
  d: 1440, day: 1440, days: 1440, t: 1440, tag: 1440, tage: 1440,
};
const PART = /(\d+(?:[.,]\d+)?)\s*([a-zäöü]+)?\.?/y;

/** Parses a typed duration into whole minutes. */
export function parseDuration(input: string): ParsedDuration {
  const text = input.trim().toLowerCase();
  if (text === '') return { kind: 'empty' };
  if (/^[-–—]$/.test(text)) return { kind: 'none' };
  let total = 0;
  let parts = 0;
  let bare = false;
  let pos = 0;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (!m) return { kind: 'invalid', reason: 'format' };
    const value = Number(m[1]!.replace(',', '.'));
    const unit = m[2];
    if (unit === undefined) bare = true;
    else if (!(unit in UNITS)) return { kind: 'invalid', reason: 'format' };
    total += value * (unit === undefined ? 1 : UNITS[unit]!);
    parts += 1;
    pos = PART.lastIndex;
    while (text[pos] === ' ') pos += 1;
  }
  // A bare number is minutes, but only alone: "1h 30" is more likely a typo than 1 h 30 min.
  if (bare && parts > 1) return { kind: 'invalid', reason: 'format' };
  if (Math.abs(total - Math.round(total)) > 1e-9) return { kind: 'invalid', reason: 'fraction' };
  const minutes = Math.round(total);
  if (minutes < 1 || minutes > MAX_TARGET_MINUTES) return { kind: 'invalid', reason: 'range' };
  return { kind: 'minutes', minutes };
}

/** Minutes as the input shows them: "30m", "4h", "1h 30m", "2d", "1d 2h". */
export function formatDuration(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : ''].filter(Boolean).join(' ') || '0m';
}
