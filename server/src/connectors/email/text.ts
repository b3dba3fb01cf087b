// Plain-text helpers of the e-mail connector: what a customer newly wrote (quoted history and signature cut off), the
// subject without reply and forward prefixes, and whether a mail was written by a machine (auto-reply, bounce).

// Lines that open the quoted history, in the forms German and English mail programs write them. "On … wrote:" and
// "Am … schrieb …:" may wrap onto a second line; Outlook writes a header block ("Von: … Gesendet: …") instead.
const ATTRIBUTION = [
  /^On\b.{0,300}\bwrote:\s*$/i,
  /^Am\b.{0,300}\bschrieb\b.{0,300}:\s*$/i,
  /^Le\b.{0,300}\ba écrit\s*:\s*$/i,
];
const SEPARATOR = /^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Originalnachricht|Forwarded message|Weitergeleitete Nachricht)\s*-{2,}\s*$/i;
const OUTLOOK_FROM = /^\s*\*?(Von|From)\s*:\*?\s/i;
const OUTLOOK_NEXT = /^\s*\*?(Gesendet|Sent|Datum|Date|An|To|Betreff|Subject)\s*:\*?\s/i;
const UNDERSCORES = /^\s*_{10,}\s*$/;

/**
 * The part of a mail's text the sender newly wrote: everything above the quoted history (a `>` block at the end, an
 * attribution line, an Outlook header block or separator) and above the signature delimiter `-- `. Returns the whole
 * text trimmed when cutting would leave nothing (a mail that is only a forward).
 */
export function newlyWritten(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // The signature delimiter is exactly "-- " (RFC 3676); many programs drop the space.
    if (line === '-- ' || line === '--') { cut = i; break; }
    if (SEPARATOR.test(line) || (UNDERSCORES.test(line) && OUTLOOK_FROM.test(lines[i + 1] ?? ''))) { cut = i; break; }
    if (OUTLOOK_FROM.test(line) && OUTLOOK_NEXT.test(lines[i + 1] ?? '')) { cut = i; break; }
    if (ATTRIBUTION.some((r) => r.test(line))) { cut = i; break; }
    // An attribution wrapped onto two lines: "Am 3. Dez. 2026 um 10:12 schrieb Anna" / "<anna@example.com>:".
    const joined = `${line} ${lines[i + 1] ?? ''}`;
    if (/^(On|Am)\b/i.test(line) && ATTRIBUTION.some((r) => r.test(joined)) && /:\s*$/.test(lines[i + 1] ?? '')) { cut = i; break; }
    // A block of quoted lines that runs to the end (or to the signature) is the history.
    if (/^\s*>/.test(line) && lines.slice(i).every((l) => /^\s*>/.test(l) || l.trim() === '')) { cut = i; break; }
  }
  const kept = lines.slice(0, cut).join('\n').trim();
  return kept.length > 0 ? kept : text.trim();
}

// Reply and forward prefixes of German and English programs (Re, AW, Antw, Fwd, Fw, WG, Wtr), repeated or counted ("Re[2]:").
const PREFIX = /^\s*((re|aw|antw|antwort|fwd?|wg|wtr|sv|vs)(\[\d+\]|\(\d+\))?\s*:\s*)+/i;

/** The subject without reply and forward prefixes, whitespace folded: the key of the subject fallback of threading. */
export function normalizeSubject(subject: string | null | undefined): string {
  let s = (subject ?? '').replace(/\s+/g, ' ').trim();
  // Prefixes may come back after a tag such as "[Ticket #12] Re: …": strip until nothing changes.
  for (let i = 0; i < 5; i++) {
    const next = s.replace(PREFIX, '').trim();
    if (next === s) break;
    s = next;
  }
  return s;
}

/** The subject of an answer: "Re: " once before the original subject. */
export function replySubject(subject: string | null | undefined): string {
  const s = normalizeSubject(subject);
  return s ? `Re: ${s}` : 'Re: Ihre Nachricht';
}

/** What wrote a mail when no person did: an auto-reply (out of office), a bounce, or bulk mail; null for a person. */
export type Automated = 'auto_reply' | 'bounce' | 'bulk' | null;

/** Reads the headers that mark machine-written mail (RFC 3834 Auto-Submitted, the de-facto X-Autoreply and Precedence, DSNs). */
export function automatedKind(headers: ReadonlyMap<string, unknown> | Record<string, unknown>, from: string | null): Automated {
  const get = (name: string): string => {
    const v = headers instanceof Map ? headers.get(name) : (headers as Record<string, unknown>)[name];
    if (typeof v === 'string') return v.toLowerCase();
    if (v && typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value).toLowerCase();
    return '';
  };
  const local = (from ?? '').split('@')[0]!.toLowerCase();
  const contentType = get('content-type');
  // multipart/report carries delivery status notifications (bounces) and read receipts: neither is a person writing.
  if (local === 'mailer-daemon' || local === 'postmaster' || contentType.startsWith('multipart/report')) return 'bounce';
  const autoSubmitted = get('auto-submitted');
  if ((autoSubmitted && autoSubmitted !== 'no') || get('x-autoreply') || get('x-autorespond') || get('x-auto-response-suppress').includes('all')) return 'auto_reply';
  const precedence = get('precedence');
  if (precedence === 'auto_reply') return 'auto_reply';
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list' || get('list-id')) return 'bulk';
  return null;
}
