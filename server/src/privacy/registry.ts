import type { Executor } from '../db/client.ts';

/**
 * Where personal data lives, kind by kind: every domain that keeps data about a person registers how to export and
 * how to erase it, at module load (as event handlers and linked-record movers do). The GDPR export and erasure
 * (domains/identities/privacy-service.ts) walk this list, so a new table of personal data is covered the moment its
 * domain registers it, and nothing here imports a domain. A later domain (messages, community posts) adds one
 * registration in its own personal-data.ts, imported by its service.ts; messages are anonymised rather than
 * deleted where the workspace chooses so (kept as written by "an erased person", without content).
 *
 * `contactIds` is the person followed by every record merged into them (hidden twins of the same person, kept for
 * undoing merges): what a domain holds about any of them is the person's.
 */
export interface PersonalDataKind {
  /** The key in the export document and in the erasure counts, e.g. `notes`. */
  kind: string;
  /** Everything of this kind about the person as plain JSON (no secrets, no hashes); omit for erase-only kinds. */
  export?(ex: Executor, workspaceId: string, contactIds: string[]): Promise<unknown>;
  /** Deletes (or anonymises) it inside the caller's transaction. */
  erase(ex: Executor, workspaceId: string, contactIds: string[]): Promise<Erased>;
  /** Kinds run by this order, lowest first (default 0): one that reads the person's row runs before it is deleted. */
  order?: number;
}

/**
 * What an erasure removed: how many rows, and the ids of removed records that events and audit entries may name as
 * their subject (notes, tasks, identities…), so their snapshots in the outbox and the audit log are scrubbed too.
 */
export interface Erased {
  count: number;
  subjects: string[];
  /** Files in the file store (keys below the workspace, lib/storage.ts) that held removed data: deleted after the commit. */
  files?: string[];
}

const kinds = new Map<string, PersonalDataKind>();

/** Registers a kind of personal data (at module load of the domain that owns it). */
export function registerPersonalData(k: PersonalDataKind): void {
  kinds.set(k.kind, k);
}

/** Every registered kind, by `order`, then in registration order. */
export function personalDataKinds(): PersonalDataKind[] {
  return [...kinds.values()].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
}

/**
 * A kind of data kept only for a while (e.g. identities no one is linked to, uploaded import files), removed by the
 * daily retention job (domains/identities/retention.ts) once older than the workspace's rule allows. `fixed` kinds
 * are always on and have their own limit (an expired sign-on attempt).
 */
export interface RetentionKind {
  kind: string;
  /** Removes what is older than `cutoff` (ignored by fixed kinds, which use their own expiry); returns how many. */
  apply(ctx: RetentionContext, cutoff: Date): Promise<number>;
}

/** What a retention kind runs with: the database, the data folder and the time of the run. */
export interface RetentionContext {
  ex: Executor;
  workspaceId: string;
  dataDir: string;
  now: Date;
}

const retention = new Map<string, RetentionKind>();

/** Registers how a kind of data is removed when its retention period is over. */
export function registerRetention(k: RetentionKind): void {
  retention.set(k.kind, k);
}

/** The registered retention kind with this key, if any. */
export function retentionKind(kind: string): RetentionKind | undefined {
  return retention.get(kind);
}
