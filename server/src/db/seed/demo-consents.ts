/** Consents of the demo: a ledger a real workspace would have (newsletter double opt-ins, withdrawals, agents' records). */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { newId } from '../../lib/ids.ts';
import type { Executor } from '../client.ts';
import { consentPurposes, consentRecords, consentStates, events, timelineEntries } from '../schema.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
];

type Step = { key: string; action: 'request' | 'grant' | 'withdraw'; source: string; afterDays: number; agent?: boolean };

// One person in 30 of each pattern (people with an e-mail address): about a fifth of them have a ledger.
const PATTERNS: readonly (readonly Step[])[] = [
  [{ key: 'newsletter', action: 'request', source: 'form', afterDays: 2 }, { key: 'newsletter', action: 'grant', source: 'form', afterDays: 2.1 }],
  [{ key: 'newsletter', action: 'request', source: 'form', afterDays: 5 }, { key: 'newsletter', action: 'grant', source: 'form', afterDays: 5.4 },
    { key: 'tracking', action: 'grant', source: 'form', afterDays: 5 }, { key: 'profiling', action: 'grant', source: 'form', afterDays: 5 }],
  [{ key: 'newsletter', action: 'request', source: 'agent', afterDays: 1, agent: true }],
  [{ key: 'newsletter', action: 'request', source: 'form', afterDays: 3 }, { key: 'newsletter', action: 'grant', source: 'form', afterDays: 3.2 },
    { key: 'newsletter', action: 'withdraw', source: 'email_link', afterDays: 40 }],
  [{ key: 'social_enrichment', action: 'grant', source: 'agent', afterDays: 4, agent: true }],
  [{ key: 'tracking', action: 'grant', source: 'form', afterDays: 1 }, { key: 'profiling', action: 'grant', source: 'form', afterDays: 1 },
    { key: 'profiling', action: 'withdraw', source: 'agent', afterDays: 20, agent: true }],
];

/**
 * Writes the demo's consents: the ledger, current states, and their events and timeline entries, directly (as the
 * consent service and the timeline handler would) so that seeding queues no jobs. Returns how many entries.
 */
export async function seedDemoConsents(tx: Executor, workspaceId: string, people: readonly { id?: string; email?: string | null; createdAt?: Date }[], agentIds: readonly string[], now: Date): Promise<number> {
  const purposes = new Map((await tx.select().from(consentPurposes).where(and(eq(consentPurposes.workspaceId, workspaceId)))).map((p) => [p.key, p]));
  const records: (typeof consentRecords.$inferInsert)[] = [];
  const states = new Map<string, typeof consentStates.$inferInsert>();
  const history: (typeof events.$inferInsert)[] = [];
  const timeline: (typeof timelineEntries.$inferInsert)[] = [];
  people.forEach((c, i) => {
    const pattern = PATTERNS[i % 30];
    if (!pattern || !c.email || !c.id || !c.createdAt) return;
    const requests = new Map<string, string>();
    for (const step of pattern) {
      const purpose = purposes.get(step.key);
      if (!purpose) continue;
      const at = new Date(Math.min(c.createdAt.getTime() + step.afterDays * DAY, now.getTime() - (pattern.length - pattern.indexOf(step)) * HOUR));
      const id = newId();
      const actorId = step.agent && agentIds.length ? agentIds[i % agentIds.length]! : null;
      const click = { ipHash: createHash('sha256').update(`demo-ip-${i}`).digest('hex'), userAgent: USER_AGENTS[i % USER_AGENTS.length]! };
      const proof: Record<string, unknown> =
        step.action === 'request' ? { sentTo: c.email }
          : step.source === 'email_link' ? click
            : step.action === 'grant' && requests.has(step.key) ? { requestId: requests.get(step.key), sentTo: c.email, confirmedAt: at.toISOString(), ...click }
              : {};
      if (step.action === 'request') requests.set(step.key, id);
      records.push({ workspaceId, id, contactId: c.id, purposeId: purpose.id, action: step.action, legalBasis: purpose.legalBasis, source: step.source, wordingVersion: 1, proof, actorId, at });
      const status = step.action === 'request' ? 'pending' : step.action === 'grant' ? 'granted' : 'withdrawn';
      states.set(`${c.id}:${purpose.id}`, { workspaceId, contactId: c.id, purposeId: purpose.id, status, recordId: id, since: at });
      const eventId = newId();
      const type = step.action === 'request' ? 'consent.requested' : step.action === 'grant' ? 'consent.granted' : 'consent.withdrawn';
      const after = { purposeKey: step.key, status, action: step.action, source: step.source, legalBasis: purpose.legalBasis, wordingVersion: 1, recordId: id };
      history.push({
        workspaceId, id: eventId, type, actorId, actorKind: actorId ? 'user' : 'system', subjectType: 'consent_record', subjectId: id,
        payload: { purposeKey: step.key, contactId: c.id, after, related: [{ type: 'contact', id: c.id }] }, at,
      });
      timeline.push({ workspaceId, eventId, recordType: 'contact', recordId: c.id, kind: type, actorId, data: { snapshot: after }, at });
    }
  });
  for (const [table, list] of [[consentRecords, records], [consentStates, [...states.values()]], [events, history], [timelineEntries, timeline]] as const) {
    for (let i = 0; i < list.length; i += 500) await tx.insert(table).values(list.slice(i, i + 500) as never);
  }
  return records.length;
}
