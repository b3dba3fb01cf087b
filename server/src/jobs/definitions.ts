import type { Deps } from '../deps.ts';
import type { QueueDef } from './queue.ts';

/** The queues of jobs that are not event handlers (imports, webhook deliveries, schedules). */
export function jobQueues(_deps: Deps): QueueDef[] {
  return [];
}
