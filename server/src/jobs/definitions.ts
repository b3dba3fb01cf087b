import type { Deps } from '../deps.ts';
import { IMPORT_QUEUE, runImport } from '../domains/contacts/import-service.ts';
import { webhookDeliveryQueue } from '../domains/webhooks/deliver.ts';
import type { QueueDef } from './queue.ts';

/** The queues of jobs that are not event handlers (imports, webhook deliveries, schedules). */
export function jobQueues(deps: Deps): QueueDef[] {
  return [
    // Imports run one at a time per process and may take long; a killed one resumes where it stopped.
    { name: IMPORT_QUEUE, concurrency: 1, expireInSeconds: 4 * 3600, retryLimit: 10, handler: ((data: { workspaceId: string; importId: string }) => runImport(deps, data)) as QueueDef['handler'] },
    webhookDeliveryQueue(deps),
  ];
}
