import type { Network } from '@parley/contracts/identities';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import type { Actor } from '../../policies/actor.ts';

// The ingestion pipeline after threading (ARCHITECTURE "The ingestion pipeline"): route -> SLA clocks -> notify. Each
// stage is one domain's step; the ingestion job runs them in order, in the same transaction as the messages they are
// about, once per batch of stored messages (so a stage can read and write with one statement per batch).

/** A message the ingestion job has just stored, with what a later stage needs to know about it. */
export interface IngestedMessage {
  messageId: string;
  conversationId: string;
  /** The conversation was opened by this message. */
  conversationCreated: boolean;
  channelId: string;
  network: Network;
  conversationKind: 'public' | 'private';
  direction: 'inbound' | 'outbound';
  text: string | null;
  language: string | null;
  sentiment: string | null;
  intent: string | null;
  /** The author's social identity and the person it is linked to (inbound messages). */
  identityId: string | null;
  contactId: string | null;
  /** The author's follower count where the network gives it. */
  followers: number | null;
  occurredAt: Date;
}

export interface StageContext { tx: Executor; deps: Deps; actor: Actor }

/** One step of the pipeline after threading. */
export interface InboundStage {
  name: string;
  run(ctx: StageContext, messages: IngestedMessage[]): Promise<void>;
}

let STAGES: readonly InboundStage[] = [];

/** Sets the stages in pipeline order (events/handlers.ts, beside the event handlers: each domain's stage is one entry there). */
export function registerInboundStages(stages: readonly InboundStage[]): void {
  STAGES = stages;
}

/** Runs every stage over the messages one ingestion transaction stored. */
export async function runInboundStages(ctx: StageContext, messages: IngestedMessage[]): Promise<void> {
  if (messages.length === 0) return;
  for (const stage of STAGES) await stage.run(ctx, messages);
}
