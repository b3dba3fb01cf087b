/**
 * Social identities of the demo: people's accounts on Facebook, Instagram, X, LinkedIn, Mastodon, Bluesky and their
 * Google sign-on, linked with the evidence a real workspace would have (sign-on, verified e-mail, agents' decisions,
 * probabilistic matches), plus authors Parley does not know yet, which the resolution run after seeding proposes.
 */
import { newId } from '../../lib/ids.ts';
import { foldText } from '../../lib/text.ts';
import type { Executor } from '../client.ts';
import { events, identityLinks, socialIdentities, timelineEntries } from '../schema.ts';

const DAY = 86_400_000;
const INSTANCES = ['mastodon.social', 'chaos.social', 'norden.social', 'troet.cafe'];
const BIOS = [
  'Hausbesitzer, Heimwerker, Kaffeetrinker.', 'Energieberaterin. Wärmepumpen-Fan.', 'Dad, cyclist, tinkerer.',
  'SHK-Meister aus Leidenschaft', 'Solar & heat pumps since 2012', 'Lebt im Altbau und friert nicht mehr.',
];

interface DemoPerson { id?: string; firstName?: string | null; lastName?: string | null; email?: string | null; companyName?: string | null; createdAt?: Date; addresses?: { city?: string | null }[] }

type Network = 'facebook' | 'instagram' | 'x' | 'linkedin' | 'mastodon' | 'bluesky' | 'google';

function digits(seed: number, n: number): string {
  let s = '';
  let x = seed * 2654435761 % 4294967296;
  while (s.length < n) { x = (x * 1103515245 + 12345) % 2147483648; s += String(x % 10); }
  return s.replace(/^0/, '1');
}

function handleOf(p: DemoPerson, i: number, sep: string): string {
  const fold = (s: string | null | undefined) => foldText(s ?? '').replace(/[^a-z0-9]+/g, '');
  return [fold(p.firstName), fold(p.lastName)].filter(Boolean).join(sep) + (i % 3 === 0 ? String(i % 97) : '');
}

function identityFor(network: Network, p: DemoPerson, i: number): { externalId: string; handle: string | null; profileUrl: string | null; profile: Record<string, unknown> } {
  const city = p.addresses?.[0]?.city ?? null;
  const profile: Record<string, unknown> = { followers: i % 41 === 0 ? 12_000 + i * 7 : 40 + (i * 37) % 900, ...(city ? { location: city } : {}), bio: BIOS[i % BIOS.length] };
  switch (network) {
    case 'facebook': return { externalId: digits(i, 16), handle: null, profileUrl: null, profile };
    case 'instagram': { const h = handleOf(p, i, '.'); return { externalId: `1784140${digits(i + 1, 10)}`, handle: h, profileUrl: `https://www.instagram.com/${h}/`, profile }; }
    case 'x': { const h = handleOf(p, i, '_'); return { externalId: digits(i + 2, 19), handle: h, profileUrl: `https://x.com/${h}`, profile }; }
    case 'linkedin': return {
      externalId: `urn:li:person:${digits(i + 3, 10)}`, handle: null, profileUrl: null,
      profile: { ...profile, ...(p.companyName ? { employer: p.companyName } : {}) },
    };
    case 'mastodon': { const h = `${handleOf(p, i, '')}@${INSTANCES[i % INSTANCES.length]}`; return { externalId: digits(i + 4, 18), handle: h, profileUrl: `https://${INSTANCES[i % INSTANCES.length]}/@${h.split('@')[0]}`, profile }; }
    case 'bluesky': { const h = `${handleOf(p, i, '')}.bsky.social`; return { externalId: `did:plc:${digits(i + 5, 24)}`, handle: h, profileUrl: `https://bsky.app/profile/${h}`, profile }; }
    case 'google': return { externalId: digits(i + 6, 21), handle: null, profileUrl: null, profile: { email: p.email, emailVerified: true } };
  }
}

/**
 * Writes the demo's identities, their links with evidence, and the events and timeline entries of the links,
 * directly (as the identities service and the timeline handler would) so seeding queues no jobs. Returns how many
 * identities.
 */
export async function seedDemoIdentities(tx: Executor, workspaceId: string, people: readonly DemoPerson[], agentIds: readonly string[], now: Date): Promise<number> {
  const identities: (typeof socialIdentities.$inferInsert)[] = [];
  const links: (typeof identityLinks.$inferInsert)[] = [];
  const history: (typeof events.$inferInsert)[] = [];
  const timeline: (typeof timelineEntries.$inferInsert)[] = [];
  const networks: Network[] = ['facebook', 'instagram', 'x', 'linkedin', 'mastodon', 'bluesky'];
  people.forEach((p, i) => {
    if (!p.id || !p.createdAt || !p.lastName || i % 9 !== 0) return;
    const name = [p.firstName, p.lastName].filter(Boolean).join(' ');
    const own: Network[] = [networks[i % networks.length]!, ...(i % 4 === 0 ? [networks[(i + 3) % networks.length]!] : []), ...(i % 5 === 0 && p.email ? ['google' as const] : [])];
    // For one in 12 of these people, the first account is one Parley has seen but not linked yet: the resolution run
    // after seeding proposes it for review.
    const unlinked = i % 108 === 0;
    own.forEach((network, k) => {
      const seen = new Date(Math.min(p.createdAt!.getTime() + (3 + k * 11 + (i % 30)) * DAY, now.getTime() - (k + 1) * DAY));
      const id = newId();
      const { externalId, handle, profileUrl, profile } = identityFor(network, p, i);
      const linkedNow = !(unlinked && k === 0);
      identities.push({
        workspaceId, id, network, externalId, handle, displayName: network === 'google' ? name : i % 7 === 0 ? p.firstName ?? name : name,
        profileUrl, profile, contactId: linkedNow ? p.id : null, firstSeenAt: seen, lastSeenAt: new Date(Math.min(seen.getTime() + 40 * DAY, now.getTime())), createdAt: seen, updatedAt: seen,
      });
      if (!linkedNow) return;
      const agent = agentIds.length ? agentIds[i % agentIds.length]! : null;
      const how = network === 'google'
        ? { method: 'sign_on', score: null, actorId: null, evidence: { issuer: 'https://accounts.google.com', sub: externalId, emailVerified: true } }
        : k === 1 || (i / 9) % 3 !== 1
          ? { method: 'agent', score: null, actorId: agent, evidence: { note: i % 2 ? 'Hat sich im Chat mit Kundennummer gemeldet' : 'Confirmed on the phone' } }
          : { method: 'probabilistic', score: 0.991 + (i % 8) / 1000, actorId: null, evidence: { fields: [
            { comparison: 'identifierName', level: 'exact', weight: 9.4, values: [name, name] },
            ...(p.addresses?.[0]?.city ? [{ comparison: 'address', level: 'same town', weight: 4.1, values: [p.addresses[0].city, p.addresses[0].city] }] : []),
          ] } };
      const linkId = newId();
      links.push({ workspaceId, id: linkId, identityId: id, contactId: p.id!, method: how.method, score: how.score, evidence: how.evidence, actorId: how.actorId, createdAt: seen });
      const eventId = newId();
      const after = { contactId: p.id, method: how.method, evidence: how.evidence };
      history.push({
        workspaceId, id: eventId, type: 'identity.linked', actorId: how.actorId, actorKind: how.actorId ? 'user' : 'system', subjectType: 'identity', subjectId: id,
        payload: { linkId, method: how.method, score: how.score, network, handle, before: { contactId: null }, after, related: [{ type: 'contact', id: p.id! }] }, at: seen,
      });
      timeline.push({ workspaceId, eventId, recordType: 'contact', recordId: p.id!, kind: 'identity.linked', actorId: how.actorId, data: { snapshot: after }, at: seen });
    });
  });
  for (const [table, list] of [[socialIdentities, identities], [identityLinks, links], [events, history], [timelineEntries, timeline]] as const) {
    for (let i = 0; i < list.length; i += 500) await tx.insert(table).values(list.slice(i, i + 500) as never);
  }
  return identities.length;
}
