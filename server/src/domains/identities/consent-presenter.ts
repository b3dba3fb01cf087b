import type { ConsentAction, ConsentProof, ConsentPurpose, ConsentRecord, ConsentSource, LegalBasis } from '@parley/contracts/consent';
import type { PurposeWithWording, RecordWithNames, VersionWithAuthor } from './consent-repo.ts';

/** Every field of a purpose that may leave the server; with `versions` for the single read. */
export function presentPurpose(p: PurposeWithWording, versions?: VersionWithAuthor[]): ConsentPurpose {
  return {
    id: p.id,
    key: p.key,
    legalBasis: p.legalBasis as LegalBasis,
    doubleOptIn: p.doubleOptIn,
    currentVersion: p.currentVersion,
    title: { de: p.title.de, en: p.title.en },
    wording: { de: p.wording.de, en: p.wording.en },
    archivedAt: p.archivedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    ...(versions ? {
      versions: versions.map((v) => ({
        version: v.version,
        title: { de: v.title.de, en: v.title.en },
        wording: { de: v.wording.de, en: v.wording.en },
        createdBy: v.createdBy ? { id: v.createdBy, name: v.creatorName ?? '—' } : null,
        createdAt: v.createdAt.toISOString(),
      })),
    } : {}),
  };
}

const PROOF_STRINGS = ['method', 'requestId', 'sentTo', 'confirmedAt', 'ipHash', 'userAgent', 'formId', 'importId', 'providerId', 'accountId', 'note'] as const;

/** The known fields of a proof; anything else a caller stored stays on the server. */
export function presentProof(proof: Record<string, unknown>): ConsentProof {
  const out: ConsentProof = {};
  for (const k of PROOF_STRINGS) if (typeof proof[k] === 'string') out[k] = proof[k] as string;
  if (typeof proof.emailVerified === 'boolean') out.emailVerified = proof.emailVerified;
  return out;
}

/** One ledger entry as it may leave the server. */
export function presentRecord(r: RecordWithNames): ConsentRecord {
  return {
    id: r.id,
    purpose: { id: r.purposeId, key: r.purposeKey },
    action: r.action as ConsentAction,
    legalBasis: r.legalBasis as LegalBasis,
    source: r.source as ConsentSource,
    wordingVersion: r.wordingVersion,
    proof: presentProof(r.proof),
    actor: r.actorId ? { id: r.actorId, name: r.actorName ?? '—' } : null,
    at: r.at.toISOString(),
  };
}
