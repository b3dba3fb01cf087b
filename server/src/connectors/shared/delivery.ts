import { createHash } from 'node:crypto';
import { CHANNEL_LIMITS, InboundEvent } from '@parley/contracts/channels';
import { AppError } from '../../lib/errors.ts';
import type { ParsedDelivery } from '../types.ts';

export const MALFORMED_REASONS = [
  'too_large', 'not_utf8', 'invalid_json', 'too_deep', 'wrong_shape', 'unsupported', 'channel_unknown', 'invalid_event',
] as const;
export type MalformedReason = (typeof MALFORMED_REASONS)[number];

/**
 * A delivery a connector cannot read. The pipeline keeps it as failed with this reason and goes on; it is the only
 * error parseDelivery may throw.
 */
export class MalformedDelivery extends AppError {
  constructor(
    readonly reason: MalformedReason,
    message: string,
    /** JSON Pointer to the offending part, when there is one. */
    readonly pointer: string | null = null,
  ) {
    super(422, 'delivery_malformed', message, { reason, pointer });
  }
}

/** `sha256:<hex>` of the raw bytes: the delivery key of networks that send no delivery id (a replay is byte-identical). */
export function bodyDigestKey(rawBody: Buffer): string {
  return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/**
 * Checks every event against the contract and drops repeats of an event key within the delivery (LinkedIn may batch a
 * notification twice; the first one wins). A mapper fed odd input may build an event the contract refuses: that makes
 * the delivery malformed, not the pipeline crash later.
 */
export function finishDelivery(deliveryKey: string, events: unknown[]): ParsedDelivery {
  if (events.length > CHANNEL_LIMITS.eventsPerDelivery) {
    throw new MalformedDelivery('too_large', `more than ${CHANNEL_LIMITS.eventsPerDelivery} events in one delivery`);
  }
  const seen = new Set<string>();
  const out: InboundEvent[] = [];
  for (const candidate of events) {
    const parsed = InboundEvent.safeParse(candidate);
    if (!parsed.success) {
      const pointer = (candidate as { rawPointer?: unknown }).rawPointer;
      const issue = parsed.error.issues[0];
      throw new MalformedDelivery(
        'invalid_event',
        `event does not fit the contract: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
        typeof pointer === 'string' ? pointer : null,
      );
    }
    if (seen.has(parsed.data.eventKey)) continue;
    seen.add(parsed.data.eventKey);
    out.push(parsed.data);
  }
  return { deliveryKey, events: out };
}
