/**
 * Deterministic rules, run before probabilistic matching: the same verified e-mail, the same phone in E.164 or the
 * same sign-on subject is the same person, with no score needed.
 */
import { normalizeEmail, normalizePhone } from './normalize.ts';
import type { DeterministicMatch, DeterministicRule, IdentityRecord } from './types.ts';

const RULES: readonly { rule: DeterministicRule; values(r: IdentityRecord): string[] }[] = [
  { rule: 'signOnSubject', values: (r) => (r.signOnSubjects ?? []).map((s) => s.trim()).filter(Boolean) },
  { rule: 'verifiedEmail', values: (r) => (r.verifiedEmails ?? []).map(normalizeEmail).filter(Boolean) },
  // Only full international numbers: a national number without its country could be anyone's.
  { rule: 'phone', values: (r) => (r.phones ?? []).map(normalizePhone).filter((p) => /^\+\d{7,15}$/.test(p)) },
];

/**
 * Pairs that a deterministic rule links: across `left` and `right` when `right` is given, else within `left`.
 * Each pair once, under the first rule that links it (sign-on subject, then verified e-mail, then phone).
 */
export function findDeterministicMatches(left: readonly IdentityRecord[], right?: readonly IdentityRecord[]): DeterministicMatch[] {
  const others = right ?? left;
  const out: DeterministicMatch[] = [];
  const seen = new Set<string>();
  for (const { rule, values } of RULES) {
    const byValue = new Map<string, number[]>();
    for (const [j, r] of others.entries()) {
      for (const v of new Set(values(r))) {
        const list = byValue.get(v);
        if (list) list.push(j);
        else byValue.set(v, [j]);
      }
    }
    for (const [i, r] of left.entries()) {
      for (const v of new Set(values(r))) {
        for (const j of byValue.get(v) ?? []) {
          // Within one list, each unordered pair once.
          if (!right && j <= i) continue;
          const key = `${r.id}\u0000${others[j]!.id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ a: r.id, b: others[j]!.id, rule, value: v });
        }
      }
    }
  }
  return out;
}
