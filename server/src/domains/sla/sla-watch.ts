import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import type { EventHandler } from '../../events/registry.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { sendMail } from '../../lib/mail.ts';
import { systemActor } from '../../policies/actor.ts';
import { assignConversation } from '../routing/service.ts';
import { emitSla } from './clock-service.ts';
import * as clocks from './clocks.ts';
import * as repo from './repo.ts';

// The breach watch: once a minute, one indexed query finds the clocks whose warning or due time has come
// (conversation_slas.next_check_at), announces each warning and breach once (`notified` remembers it per running clock),
// and escalates a breach as its policy says: re-assign to the escalation team, name the managers to notify
// (`sla.escalated`), and mail them when the policy asks (a handler of that event, so a mail failure is retried alone).

export const SLA_WATCH_QUEUE = 'sla.watch';
const BATCH = 200;

/** The scheduled queue of the breach watch (every minute, once across processes). */
export function slaWatchQueue(deps: Deps): QueueDef {
  return {
    name: SLA_WATCH_QUEUE, schedule: '* * * * *', concurrency: 1, batchSize: 1, retryLimit: 1, expireInSeconds: 300,
    handler: (async () => { await runSlaWatch(deps); }) as QueueDef['handler'],
  };
}

/** Announces and escalates what is due at `now` (of one workspace, or all); returns how many warnings and breaches it announced. */
export async function runSlaWatch(deps: Deps, now = new Date(), opts: { workspaceId?: string } = {}): Promise<{ warnings: number; breaches: number }> {
  const total = { warnings: 0, breaches: 0 };
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const due = await repo.clocksToCheck(tx, now, BATCH, opts.workspaceId);
      for (const row of due) {
        // Each clock in a savepoint of its own: one that fails (a bug, an escalation team deleted meanwhile) is logged and
        // looked at again in five minutes, and never holds up the others.
        try {
          const counted = await tx.transaction((sp) => checkClock(deps, sp, row, now));
          total.warnings += counted.warnings;
          total.breaches += counted.breaches;
        } catch (err) {
          deps.log.error({ err, workspaceId: row.workspaceId, conversationId: row.conversationId }, 'SLA watch: checking a clock failed; retried in 5 minutes');
          await repo.saveClock(tx, { ...row, nextCheckAt: new Date(now.getTime() + RETRY_MS), updatedAt: now });
        }
      }
      return due.length;
    });
    if (n < BATCH) return total;
  }
}

const RETRY_MS = 5 * 60_000;

async function checkClock(deps: Deps, tx: Executor, row: clocks.ClockRow, now: Date): Promise<{ warnings: number; breaches: number }> {
  const counted = { warnings: 0, breaches: 0 };
  const [conversation] = await repo.conversationFacts(tx, row.workspaceId, [row.conversationId]);
  if (!conversation) {
    // The conversation is gone (erased): so are its clocks.
    await repo.deleteClock(tx, row.workspaceId, row.conversationId);
    return counted;
  }
  const set = await repo.policySet(tx, row.workspaceId);
  const policy = set.policies.find((p) => p.id === row.policyId);
  const notified = [...row.notified];
  const breached = [...row.breached];
  for (const { kind, notice, dueAt } of clocks.dueNotices(row, now)) {
    if (notice === 'warning') {
      notified.push(`warning:${kind}`);
      counted.warnings++;
      await emitSla(tx, deps, row.workspaceId, 'sla.warning', row.conversationId, { kind, dueAt: dueAt.toISOString(), policyId: row.policyId });
      continue;
    }
    notified.push(`breached:${kind}`, `warning:${kind}`);
    if (!breached.includes(kind)) breached.push(kind);
    counted.breaches++;
    await emitSla(tx, deps, row.workspaceId, 'sla.breached', row.conversationId, { kind, dueAt: dueAt.toISOString(), policyId: row.policyId });
    if (policy) await escalate(deps, tx, row.workspaceId, conversation, policy, kind);
  }
  await repo.saveClock(tx, clocks.settle({ ...row, notified: [...new Set(notified)], breached }, now));
  return counted;
}

async function escalate(deps: Deps, tx: Executor, workspaceId: string, conversation: repo.ConversationFacts, policy: clocks.PolicyRow, kind: string): Promise<void> {
  const fromTeamId = conversation.teamId;
  const toTeamId = policy.escalateToTeamId;
  let reassigned = false;
  if (toTeamId && toTeamId !== fromTeamId) {
    // A re-assignment that cannot happen (the team was deleted since) must not keep the breach from being announced.
    try {
      await tx.transaction((sp) => assignConversation(deps, systemActor(workspaceId), conversation.id, { teamId: toTeamId }, sp));
      reassigned = true;
    } catch (err) {
      deps.log.warn({ err, workspaceId, conversationId: conversation.id, toTeamId }, 'SLA escalation: re-assigning failed');
    }
  }
  if (!policy.notifyManagers && !toTeamId) return;
  const teams = [fromTeamId, toTeamId].filter((t): t is string => t !== null);
  const managers = policy.notifyManagers ? await repo.managersOf(tx, workspaceId, teams) : [];
  await emitSla(tx, deps, workspaceId, 'sla.escalated', conversation.id, {
    kind, policyId: policy.id, fromTeamId, toTeamId: toTeamId ?? null, reassigned, notifyUserIds: managers.map((m) => m.id), mail: policy.notifyByMail && managers.length > 0,
  });
}

const KIND_NAMES: Record<string, { de: string; en: string }> = {
  first_response: { de: 'Erste Antwort', en: 'First response' },
  next_response: { de: 'Nächste Antwort', en: 'Next response' },
  resolution: { de: 'Lösung', en: 'Resolution' },
};

/** Mails the managers an escalation names (when its policy asked for mail), each in their language. */
export const slaEscalationMailHandler: EventHandler = {
  name: 'sla-escalation-mail',
  events: ['sla.escalated'],
  async handle(deps, event) {
    const p = event.payload as { kind?: string; notifyUserIds?: string[]; mail?: boolean };
    if (!p.mail || !p.notifyUserIds?.length) return;
    const managers = (await repo.managersOf(deps.db, event.workspaceId, [])).filter((m) => p.notifyUserIds!.includes(m.id));
    const url = `${deps.config.publicUrl.replace(/\/+$/, '')}/inbox/${event.subjectId}`;
    const kind = KIND_NAMES[p.kind ?? ''] ?? { de: p.kind ?? '', en: p.kind ?? '' };
    for (const m of managers) {
      const de = m.language === 'de';
      await sendMail(deps, {
        to: m.email,
        subject: de ? `SLA verletzt: ${kind.de} überfällig` : `SLA breached: ${kind.en} overdue`,
        text: de
          ? [`Hallo ${m.name},`, '', `in einer Konversation ist die Frist „${kind.de}“ überschritten. Sie wurde eskaliert.`, url].join('\n')
          : [`Hello ${m.name},`, '', `a conversation missed its "${kind.en}" target and was escalated.`, url].join('\n'),
      });
    }
  },
};
