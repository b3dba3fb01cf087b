import type { AddressEntry } from '../../api/types.ts';

/** Fields derived from others (e-mail from e-mails, …); shown only when nothing else changed. */
const DERIVED = new Set(['displayName', 'email', 'phone', 'city', 'contactCount', 'sortName']);
const HIDDEN = new Set(['id', 'updatedAt', 'createdAt', 'mergedInto', 'workspaceId']);

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** The changes of an update event, in a readable order, custom fields expanded one by one. */
export function listChanges(data: Record<string, unknown>): FieldChange[] {
  const changes = (data.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
  const out: FieldChange[] = [];
  for (const [field, c] of Object.entries(changes)) {
    if (HIDDEN.has(field) || !c || typeof c !== 'object') continue;
    if (field === 'custom') {
      const from = (c.from ?? {}) as Record<string, unknown>;
      const to = (c.to ?? {}) as Record<string, unknown>;
      for (const k of new Set([...Object.keys(from), ...Object.keys(to)])) {
        if (JSON.stringify(from[k]) !== JSON.stringify(to[k])) out.push({ field: `custom.${k}`, from: from[k] ?? null, to: to[k] ?? null });
      }
      continue;
    }
    out.push({ field, from: c.from, to: c.to });
  }
  const primary = out.filter((c) => !DERIVED.has(c.field));
  return primary.length ? primary : out;
}

/** One address on one line. */
export function formatAddress(a: Partial<AddressEntry>): string {
  return [a.street, a.extended, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country].filter(Boolean).join(', ');
}

/** A value of a change as short text (lists joined, objects by name or value). */
export function formatValue(v: unknown, yes: string, no: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? yes : no;
  if (Array.isArray(v)) return v.length ? v.map((x) => formatValue(x, yes, no)).join(', ') : '—';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string') return o.name;
    if (typeof o.value === 'string') return o.value;
    if ('street' in o || 'city' in o || 'postalCode' in o) return formatAddress(o as Partial<AddressEntry>) || '—';
    return JSON.stringify(v);
  }
  return String(v);
}

/** Tags (or other string lists) as what was added and what was removed. */
export function listDiff(from: unknown, to: unknown): { added: string[]; removed: string[] } | null {
  if (!Array.isArray(from) && !Array.isArray(to)) return null;
  const a = new Set((Array.isArray(from) ? from : []).map(String));
  const b = new Set((Array.isArray(to) ? to : []).map(String));
  if ([...a, ...b].some((x) => x.startsWith('[object'))) return null;
  return { added: [...b].filter((x) => !a.has(x)), removed: [...a].filter((x) => !b.has(x)) };
}

/** A message key and its values, translated where it is shown. */
export interface Phrase {
  key: string;
  values: Record<string, string | number>;
}

/** One field of a match explanation (the contract's MatchField). */
export interface ExplainedField {
  comparison: string;
  level: string;
  weight: number;
  values: [string, string];
}

/** The message key of a comparison level of the resolution engine ("jaro-winkler ≥ 0.92" → jaro_winkler_0_92). */
export function levelKey(level: string): string {
  return level.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'else';
}

/** A probability as a whole percentage; below certainty it never rounds up to 100. */
export function percentOf(p: number): number {
  const pct = Math.round(p * 100);
  return p < 1 && pct >= 100 ? 99 : Math.max(0, pct);
}

function isField(f: unknown): f is ExplainedField {
  const o = f as Partial<ExplainedField> | null;
  return !!o && typeof o.comparison === 'string' && typeof o.level === 'string' && typeof o.weight === 'number';
}

/** The fields of an explanation that spoke for the match, strongest first (at most `max`). */
export function strongestFields(fields: unknown, max = 4): ExplainedField[] {
  if (!Array.isArray(fields)) return [];
  return fields.filter(isField).filter((f) => f.weight > 0).sort((a, b) => b.weight - a.weight).slice(0, max);
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * What the evidence of an identity link says: a key under `identities.evidence` and its values, plus the fields that
 * weighed most for a probabilistic (or reviewed) match. Who decided is added where it is shown.
 */
export function describeEvidence(link: { method: string; score: number | null; evidence: Record<string, unknown> }): Phrase & { fields: ExplainedField[] } {
  const e = link.evidence;
  const score = typeof link.score === 'number' ? link.score : typeof e.probability === 'number' ? e.probability : null;
  const pct = score === null ? 0 : percentOf(score);
  switch (link.method) {
    case 'sign_on':
      return { key: 'signOn', values: { subject: str(e.sub), issuer: hostOf(str(e.issuer)) }, fields: [] };
    case 'email_match':
      return { key: e.verified === false ? 'emailMatch' : 'emailMatchVerified', values: { email: str(e.email) }, fields: [] };
    case 'phone_match':
      return { key: 'phoneMatch', values: { phone: str(e.phone) }, fields: [] };
    case 'agent':
      if (str(e.note)) return { key: 'agentNote', values: { note: str(e.note) }, fields: [] };
      if (e.reviewed) return { key: 'agentReviewed', values: { pct }, fields: strongestFields(e.fields) };
      return { key: 'agent', values: {}, fields: [] };
    case 'probabilistic':
      return { key: 'probabilistic', values: { pct }, fields: strongestFields(e.fields) };
    default:
      return { key: 'other', values: { method: link.method }, fields: [] };
  }
}

/** An identity event on a person's timeline, in parts to be put into words where it is shown. */
export interface IdentityEntry {
  title: 'linked' | 'movedAway' | 'unlinked' | 'enriched' | 'enrichmentRemoved';
  network: string | null;
  handle: string | null;
  /** The evidence of a new link (identity.linked). */
  evidence: (Phrase & { fields: ExplainedField[] }) | null;
  /** The person the identity is linked to now, when it moved away from this one. */
  otherContactId: string | null;
  /** Why a link was undone (identity.unlinked). */
  reason: string | null;
  /** The profile fields fetched (identity.enriched). */
  fields: string[];
}

const IDENTITY_TITLES: Record<string, IdentityEntry['title']> = {
  'identity.linked': 'linked', 'identity.unlinked': 'unlinked', 'identity.enriched': 'enriched', 'identity.enrichment_removed': 'enrichmentRemoved',
};

/**
 * Reads an identity event of a timeline (`data.snapshot` is the link after the change; the identity, the reason and
 * the fetched fields ride beside it). Null for other kinds.
 */
export function describeIdentityEntry(kind: string, data: Record<string, unknown>, recordId: string): IdentityEntry | null {
  let title = IDENTITY_TITLES[kind];
  if (!title) return null;
  const snap = (data.snapshot ?? {}) as Record<string, unknown>;
  const identity = (data.identity ?? {}) as Record<string, unknown>;
  const movedTo = title === 'linked' && typeof snap.contactId === 'string' && snap.contactId !== recordId ? snap.contactId : null;
  if (movedTo) title = 'movedAway';
  return {
    title,
    network: str(identity.network) || null,
    handle: str(identity.handle) || null,
    evidence: title === 'linked' && typeof snap.method === 'string'
      ? describeEvidence({ method: snap.method, score: typeof data.score === 'number' ? data.score : null, evidence: (snap.evidence ?? {}) as Record<string, unknown> })
      : null,
    otherContactId: movedTo,
    reason: str(data.reason) || null,
    fields: Array.isArray(data.fields) ? data.fields.filter((f): f is string => typeof f === 'string') : [],
  };
}
