import type { Deps } from '../deps.ts';
import { IMPORT_QUEUE, runImport } from '../domains/contacts/import-service.ts';
import { webhookDeliveryQueue } from '../domains/webhooks/deliver.ts';
import { privacySweepQueue } from '../domains/identities/privacy-service.ts';
import { retentionQueue } from '../domains/identities/retention.ts';
import { consentMailQueue } from '../domains/identities/consent-mail.ts';
import { RESOLVE_WORKSPACE_QUEUE, resolveWorkspace } from '../domains/identities/resolution-service.ts';
import { ingestQueue } from '../domains/inbox/process.ts';
import { sendQueue } from '../domains/inbox/outbox.ts';
import { profileQueue } from '../domains/inbox/profiles.ts';
import { backfillQueues } from '../domains/inbox/backfill.ts';
import { snoozeQueue } from '../domains/inbox/snooze.ts';
import { olaQueue } from '../domains/experts/service.ts';
import { slaWatchQueue } from '../domains/sla/sla-watch.ts';
import { drainQueue } from '../domains/routing/queue-drain.ts';
import { fanoutQueue } from '../domains/notifications/deliver.ts';
import { notificationMailQueues } from '../domains/notifications/mail.ts';
import { followQueue } from '../domains/notifications/follow.ts';
import type { QueueDef } from './queue.ts';

/** The queues of jobs that are not event handlers (imports, webhook deliveries, schedules). */
export function jobQueues(deps: Deps): QueueDef[] {
  return [
    // Imports run one at a time per process and may take long; a killed one resumes where it stopped.
    { name: IMPORT_QUEUE, concurrency: 1, batchSize: 1, expireInSeconds: 4 * 3600, retryLimit: 10, handler: ((data: { workspaceId: string; importId: string }) => runImport(deps, data)) as QueueDef['handler'] },
    webhookDeliveryQueue(deps),
    // GDPR: the daily retention run (scheduled) and the follow-up scrubs of an erasure.
    retentionQueue(deps),
    privacySweepQueue(deps),
    consentMailQueue(deps),
    // A workspace's resolution run reads up to 200,000 people into memory: one at a time per process.
    // The ingestion pipeline: one job per stored webhook delivery.
    ingestQueue(deps),
    // The outbox: one job per reply, sent by the channel's connector with retries and backoff.
    // Woken by NOTIFY when a reply is queued: a reply reaches the network within a second (bench/reply-latency.ts).
    { ...sendQueue(deps), notify: true },
    // Polling backfills (Bluesky, LinkedIn): a minute schedule enqueues one poll per due channel.
    ...backfillQueues(deps),
    // Experts: every minute, open consults past their OLA are marked overdue (once) and reported.
    olaQueue(deps),
    // SLA: every minute, clocks past their warning or due time are announced (once) and escalated.
    slaWatchQueue(deps),
    // Routing: every minute, conversations waiting in team queues go to agents who came online or have room.
    drainQueue(deps),
    profileQueue(deps),
    // Snoozed conversations wake at their time (a job per snooze, and a sweep every minute).
    snoozeQueue(deps),
    // Notifications: team mentions fan out in a job; mails at once (a job each) and the daily digest.
    fanoutQueue(deps),
    // …and so do a record's followers (one job per event that changed it).
    followQueue(deps),
    ...notificationMailQueues(deps),
    { name: RESOLVE_WORKSPACE_QUEUE, concurrency: 1, batchSize: 1, expireInSeconds: 3600, retryLimit: 2, handler: (async (data: { workspaceId: string }) => { await resolveWorkspace(deps, data.workspaceId); }) as QueueDef['handler'] },
  ];
}
