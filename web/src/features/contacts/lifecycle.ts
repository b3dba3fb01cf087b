import type { LifecycleStage } from '../../api/types.ts';

/** Lifecycle stages in funnel order (the same list as the contract's LIFECYCLE_STAGES). */
export const LIFECYCLE_STAGES = ['subscriber', 'lead', 'qualified_lead', 'opportunity', 'customer', 'advocate'] as const satisfies readonly LifecycleStage[];
// Fails to compile when the contract gains a stage this list lacks.
type MissingStage = Exclude<LifecycleStage, (typeof LIFECYCLE_STAGES)[number]>;
const noMissingStage: MissingStage extends never ? true : false = true;
void noMissingStage;

export const STAGE_COLORS: Record<LifecycleStage, string> = {
  subscriber: 'gray',
  lead: 'blue',
  qualified_lead: 'cyan',
  opportunity: 'orange',
  customer: 'teal',
  advocate: 'grape',
};
