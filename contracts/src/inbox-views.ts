import { z } from 'zod';
import { Network } from './identities.ts';
import { CONVERSATION_SORTS, ConversationStatus, LABEL_LIMITS, LabelName, Priority, SNOOZED_FILTERS } from './inbox.ts';

/** Organizing the inbox (issue 3): custom statuses, managed labels, saved views, snooze and bulk actions. */

export const ORGANIZE_LIMITS = { statusName: 60, viewName: 80, bulkIds: 500, viewsPerUser: 50, countCap: 999 } as const;

/** A colour of Mantine's palette (the web app draws chips and badges with it). */
export const COLORS = ['gray', 'red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange'] as const;
export const Color = z.enum(COLORS);

/** A workspace's own status, under one base status ("Warten auf Ersatzteil" under waiting_customer). */
export const CustomStatus = z.object({
  id: z.uuid(),
  baseStatus: ConversationStatus,
  nameDe: z.string(),
  nameEn: z.string(),
  color: Color,
  position: z.number().int(),
});
export type CustomStatus = z.infer<typeof CustomStatus>;
export const CustomStatusList = z.object({ items: z.array(CustomStatus) });

const statusName = z.string().trim().min(1).max(ORGANIZE_LIMITS.statusName);
export const CustomStatusInput = z.object({ baseStatus: ConversationStatus, nameDe: statusName, nameEn: statusName, color: Color.default('gray'), position: z.number().int().min(0).max(10_000).optional() });
export type CustomStatusInput = z.input<typeof CustomStatusInput>;
export const CustomStatusPatch = z.object({ baseStatus: ConversationStatus.optional(), nameDe: statusName.optional(), nameEn: statusName.optional(), color: Color.optional(), position: z.number().int().min(0).max(10_000).optional() });
export type CustomStatusPatch = z.input<typeof CustomStatusPatch>;

/** A managed label: its colour in lists. Conversations may also carry free labels that are not managed (shown grey). */
export const InboxLabel = z.object({ id: z.uuid(), name: z.string(), color: Color });
export type InboxLabel = z.infer<typeof InboxLabel>;
export const InboxLabelList = z.object({ items: z.array(InboxLabel) });
export const InboxLabelInput = z.object({ name: LabelName, color: Color.default('gray') });
export type InboxLabelInput = z.input<typeof InboxLabelInput>;
/** Renaming a label renames it on every conversation that carries it. */
export const InboxLabelPatch = z.object({ name: LabelName.optional(), color: Color.optional() });
export type InboxLabelPatch = z.input<typeof InboxLabelPatch>;

/** The filters a saved view stores (the same as the list's query, as JSON). */
export const InboxFilters = z.object({
  status: z.array(ConversationStatus).max(6).optional(),
  customStatusId: z.uuid().optional(),
  channelId: z.uuid().optional(),
  network: z.array(Network).max(20).optional(),
  kind: z.enum(['public', 'private']).optional(),
  assignee: z.union([z.enum(['me', 'unassigned']), z.uuid()]).optional(),
  teamId: z.uuid().optional(),
  label: z.string().trim().min(1).max(LABEL_LIMITS.name).optional(),
  hashtag: z.string().trim().min(1).max(100).optional(),
  intent: z.string().max(40).optional(),
  sentiment: z.string().max(40).optional(),
  language: z.string().max(10).optional(),
  priority: z.array(Priority).max(4).optional(),
  snoozed: z.enum(SNOOZED_FILTERS).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(CONVERSATION_SORTS).optional(),
}).strict();
export type InboxFilters = z.infer<typeof InboxFilters>;

/** The built-in views every workspace has (not stored; their names come from the web app's translations). */
export const BUILTIN_VIEWS = ['mine', 'unassigned', 'open', 'snoozed', 'resolved'] as const;
export const BuiltinView = z.enum(BUILTIN_VIEWS);

/** A view of the inbox: built-in, shared with the workspace (managers keep those), or one user's own. */
export const SavedView = z.object({
  /** A uuid, or the name of a built-in view. */
  id: z.string(),
  builtin: BuiltinView.nullable(),
  name: z.string(),
  shared: z.boolean(),
  filters: InboxFilters,
  position: z.number().int(),
  /** The actor may rename, change or delete it. */
  editable: z.boolean(),
});
export type SavedView = z.infer<typeof SavedView>;
export const SavedViewList = z.object({ items: z.array(SavedView) });

export const SavedViewInput = z.object({
  name: z.string().trim().min(1).max(ORGANIZE_LIMITS.viewName),
  filters: InboxFilters,
  /** Shared with the whole workspace (managers and admins only). */
  shared: z.boolean().default(false),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type SavedViewInput = z.input<typeof SavedViewInput>;
export const SavedViewPatch = z.object({
  name: z.string().trim().min(1).max(ORGANIZE_LIMITS.viewName).optional(),
  filters: InboxFilters.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type SavedViewPatch = z.input<typeof SavedViewPatch>;

/** How many conversations each view shows, capped at `cap` (shown as "999+"): counting never scans a whole inbox. */
export const ViewCounts = z.object({ counts: z.record(z.string(), z.number().int()), cap: z.number().int() });
export type ViewCounts = z.infer<typeof ViewCounts>;

/** Snooze until a time in the future; the conversation is hidden from the default views until then or until the customer writes. */
export const SnoozeInput = z.object({ until: z.iso.datetime({ offset: true }) });
export type SnoozeInput = z.infer<typeof SnoozeInput>;

export const BULK_ACTIONS = ['status', 'priority', 'labels', 'assign', 'snooze', 'unsnooze'] as const;
export const BulkAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: ConversationStatus, customStatusId: z.uuid().nullable().optional() }),
  z.object({ type: z.literal('priority'), priority: Priority }),
  z.object({ type: z.literal('labels'), add: z.array(LabelName).max(LABEL_LIMITS.perConversation).default([]), remove: z.array(LabelName).max(LABEL_LIMITS.perConversation).default([]) }),
  z.object({ type: z.literal('assign'), userId: z.uuid().nullable().optional(), teamId: z.uuid().nullable().optional() }),
  z.object({ type: z.literal('snooze'), until: z.iso.datetime({ offset: true }) }),
  z.object({ type: z.literal('unsnooze') }),
]);
export type BulkAction = z.input<typeof BulkAction>;

/** One action on many conversations; each is authorized and done on its own (one failing does not stop the rest). */
export const BulkInput = z.object({ ids: z.array(z.uuid()).min(1).max(ORGANIZE_LIMITS.bulkIds), action: BulkAction });
export type BulkInput = z.input<typeof BulkInput>;
export const BulkResult = z.object({
  ok: z.number().int(),
  failed: z.number().int(),
  results: z.array(z.object({ id: z.uuid(), ok: z.boolean(), error: z.object({ code: z.string(), message: z.string() }).nullable() })),
});
export type BulkResult = z.infer<typeof BulkResult>;
