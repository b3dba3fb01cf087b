import { RETENTION_DEFAULTS, RETENTION_KINDS, type RetentionKind, type RetentionRule, type RetentionRulesBody } from '@parley/contracts/privacy';
import { and, eq, lt } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { auditLog, events, retentionRules, workspaces } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { Validation } from '../../lib/errors.ts';
import { systemActor, type Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { registerRetention, retentionKind } from '../../privacy/registry.ts';
// Loads the retention kinds the other domains register with their personal data (contacts: uploaded import files).
import '../contacts/service.ts';
import './personal-data.ts';

/** The daily job that applies every workspace's retention rules. */
export const RETENTION_QUEUE = 'privacy.retention';
/** Every day at 03:15 UTC, when few people work; a run missed while Parley was down is made up once at start. */
export const RETENTION_SCHEDULE = '15 3 * * *';

/**
 * The audit log and the outbox events it came from, past the chosen age: both keep snapshots of people's data as it
 * was changed. Off unless an admin turns it on (the audit log is also the proof of who did what, erasures included).
 */
registerRetention({
  kind: 'audit_log',
  async apply({ ex, workspaceId }, cutoff) {
    const gone = await ex.delete(auditLog).where(and(eq(auditLog.workspaceId, workspaceId), lt(auditLog.at, cutoff))).returning({ id: auditLog.eventId });
    await ex.delete(events).where(and(eq(events.workspaceId, workspaceId), lt(events.at, cutoff)));
    return gone.length;
  },
});

type RuleRow = typeof retentionRules.$inferSelect;

function present(kind: RetentionKind, row: RuleRow | undefined): RetentionRule {
  const d = RETENTION_DEFAULTS[kind];
  return {
    kind, months: d.fixed ? d.months : (row?.months ?? d.months), enabled: d.fixed ? true : (row?.enabled ?? d.enabled), fixed: d.fixed, minMonths: d.minMonths,
    lastRunAt: row?.lastRunAt?.toISOString() ?? null, lastRunRemoved: row?.lastRunRemoved ?? null,
  };
}

async function loadRules(ex: Executor, workspaceId: string): Promise<RetentionRule[]> {
  const stored = await ex.select().from(retentionRules).where(eq(retentionRules.workspaceId, workspaceId));
  return RETENTION_KINDS.map((k) => present(k, stored.find((r) => r.kind === k)));
}

/** The workspace's retention rules, every kind (defaults where none was set). */
export async function listRetentionRules(deps: Deps, actor: Actor): Promise<RetentionRule[]> {
  authorize(actor, 'retention:manage');
  return loadRules(deps.db, actor.workspaceId);
}

/** The rule of one kind as it applies now (the erasure tells when import files go). */
export async function retentionRule(ex: Executor, workspaceId: string, kind: RetentionKind): Promise<RetentionRule> {
  return (await loadRules(ex, workspaceId)).find((r) => r.kind === kind)!;
}

/** Changes the rules sent; emits retention_rule.updated for each that changed. Fixed kinds cannot be changed. */
export async function updateRetentionRules(deps: Deps, actor: Actor, body: RetentionRulesBody): Promise<RetentionRule[]> {
  authorize(actor, 'retention:manage');
  for (const [i, r] of body.rules.entries()) {
    const d = RETENTION_DEFAULTS[r.kind];
    if (d.fixed && (r.months !== d.months || !r.enabled)) {
      throw new Validation('retention_rule_fixed', `"${r.kind}" is removed once expired and cannot be changed`, { field: `rules.${i}` });
    }
    if (r.months < d.minMonths) {
      throw new Validation('retention_too_short', `"${r.kind}" must be kept at least ${d.minMonths} months`, { field: `rules.${i}.months` });
    }
  }
  return deps.db.transaction(async (tx) => {
    const before = await loadRules(tx, actor.workspaceId);
    for (const r of body.rules) {
      if (RETENTION_DEFAULTS[r.kind].fixed) continue;
      const old = before.find((b) => b.kind === r.kind)!;
      if (old.months === r.months && old.enabled === r.enabled) continue;
      await tx.insert(retentionRules).values({ workspaceId: actor.workspaceId, kind: r.kind, months: r.months, enabled: r.enabled })
        .onConflictDoUpdate({ target: [retentionRules.workspaceId, retentionRules.kind], set: { months: r.months, enabled: r.enabled } });
      await emit(tx, deps.queue, actor, {
        type: 'retention_rule.updated', subject: { type: 'workspace', id: actor.workspaceId },
        payload: { kind: r.kind, before: { kind: r.kind, months: old.months, enabled: old.enabled }, after: { kind: r.kind, months: r.months, enabled: r.enabled } },
      });
    }
    return loadRules(tx, actor.workspaceId);
  });
}

/** Applies the workspace's rules now (an admin's "run now"); the daily job does the same for every workspace. */
export async function runRetentionNow(deps: Deps, actor: Actor): Promise<{ removed: Record<string, number>; rules: RetentionRule[] }> {
  authorize(actor, 'retention:manage');
  const removed = await applyRetention(deps, actor.workspaceId);
  return { removed, rules: await loadRules(deps.db, actor.workspaceId) };
}

/**
 * Applies a workspace's retention rules: each enabled kind removes what is older than its period, in its own
 * transaction, and records when it ran and how much it removed. Emits retention.applied with the counts when
 * anything was removed. A kind that fails does not stop the others; the error is raised after them (the job retries).
 */
export async function applyRetention(deps: Deps, workspaceId: string, now = new Date()): Promise<Record<string, number>> {
  const rules = await loadRules(deps.db, workspaceId);
  const removed: Record<string, number> = {};
  let failure: unknown;
  for (const rule of rules) {
    const kind = retentionKind(rule.kind);
    if (!rule.enabled || !kind) continue;
    const cutoff = new Date(now);
    cutoff.setUTCMonth(cutoff.getUTCMonth() - rule.months);
    try {
      removed[rule.kind] = await deps.db.transaction(async (tx) => {
        const n = await kind.apply({ ex: tx, workspaceId, dataDir: deps.config.dataDir, now }, cutoff);
        await tx.insert(retentionRules)
          .values({ workspaceId, kind: rule.kind, months: rule.months, enabled: rule.enabled, lastRunAt: now, lastRunRemoved: n })
          .onConflictDoUpdate({ target: [retentionRules.workspaceId, retentionRules.kind], set: { lastRunAt: now, lastRunRemoved: n } });
        return n;
      });
    } catch (err) {
      deps.log.error({ err, workspaceId, kind: rule.kind }, 'retention rule failed; the others went on');
      failure ??= err;
    }
  }
  if (Object.values(removed).some((n) => n > 0)) {
    await deps.db.transaction((tx) => emit(tx, deps.queue, systemActor(workspaceId), {
      type: 'retention.applied', subject: { type: 'workspace', id: workspaceId }, payload: { after: { removed } },
    }));
  }
  if (failure) throw failure;
  return removed;
}

/** The scheduled queue: every day, every workspace's rules. Idempotent: a second run finds nothing more to remove. */
export function retentionQueue(deps: Deps): QueueDef {
  return {
    name: RETENTION_QUEUE,
    concurrency: 1,
    expireInSeconds: 4 * 3600,
    retryLimit: 3,
    retryDelay: 300,
    schedule: RETENTION_SCHEDULE,
    handler: (async () => {
      let failure: unknown;
      for (const w of await deps.db.select({ id: workspaces.id }).from(workspaces)) {
        try {
          await applyRetention(deps, w.id);
        } catch (err) {
          failure ??= err;
        }
      }
      if (failure) throw failure;
    }) as QueueDef['handler'],
  };
}
