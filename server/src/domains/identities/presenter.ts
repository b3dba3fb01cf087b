import type { Identity, IdentityLink, LinkMethod, Network } from '@parley/contracts/identities';
import type { IdentityRow, LinkWithNames } from './repo.ts';

/** Networks whose profiles name an employer (B2B). */
const EMPLOYER_NETWORKS = new Set(['linkedin', 'xing']);

/** The employer a LinkedIn/Xing identity names: from its public profile, or from enrichment while that is allowed. */
export function employerOf(r: IdentityRow, enrichmentAllowed: boolean): string | null {
  if (!EMPLOYER_NETWORKS.has(r.network)) return null;
  const pick = (o: Record<string, unknown> | null) => (o && typeof o.employer === 'string' && o.employer.trim() ? o.employer.trim() : null);
  return pick(r.profile) ?? (enrichmentAllowed ? pick(r.enrichment) : null);
}

/** Every field of a link that may leave the server. */
export function presentLink(l: LinkWithNames): IdentityLink {
  return {
    id: l.id,
    contactId: l.contactId,
    method: l.method as LinkMethod,
    score: l.score,
    evidence: l.evidence,
    by: l.actorId ? { id: l.actorId, name: l.byName ?? '—' } : null,
    at: l.createdAt.toISOString(),
    undoneAt: l.undoneAt?.toISOString() ?? null,
    undoneBy: l.undoneBy ? { id: l.undoneBy, name: l.undoneByName ?? '—' } : null,
    undoReason: l.undoReason,
  };
}

/**
 * Every field of an identity that may leave the server. `enrichmentAllowed` is whether the linked person grants
 * `social_enrichment` now: without it fetched data is never shown, even in the moment before the job removing it ran.
 */
export function presentIdentity(r: IdentityRow, links: LinkWithNames[], enrichmentAllowed: boolean, employer: Identity['employer'] = null): Identity {
  return {
    id: r.id,
    network: r.network as Network,
    externalId: r.externalId,
    handle: r.handle,
    displayName: r.displayName,
    profileUrl: r.profileUrl,
    avatarUrl: r.avatarUrl,
    profile: r.profile,
    enrichment: enrichmentAllowed ? r.enrichment : null,
    enrichedAt: enrichmentAllowed ? r.enrichedAt?.toISOString() ?? null : null,
    contactId: r.contactId,
    employer,
    firstSeenAt: r.firstSeenAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    links: links.filter((l) => l.identityId === r.id).map(presentLink),
  };
}
