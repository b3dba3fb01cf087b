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
