import { z } from 'zod';
import { UserRef } from './common.ts';
import { AddressEntry } from './contacts.ts';

// Experts (issue 3): an agent asks an expert or a team of experts into a conversation (a consult with a question and
// an OLA, the operational-level agreement: how soon the expert should answer). Experts answer with internal notes or
// suggested replies, or take the thread over. Internal notes @mention users and teams with the markup
// `@[Name](user:<uuid>)` / `@[Name](team:<uuid>)` that the note editor inserts.

export const EXPERT_LIMITS = { question: 4000, note: 8000, olaMinutesMin: 5, olaMinutesMax: 60 * 24 * 14, defaultOlaMinutes: 120 } as const;

export const CONSULT_STATUSES = ['open', 'answered', 'taken_over', 'cancelled', 'closed'] as const;
export const ConsultStatus = z.enum(CONSULT_STATUSES);
export type ConsultStatus = z.infer<typeof ConsultStatus>;

const olaMinutes = z.number().int().min(EXPERT_LIMITS.olaMinutesMin).max(EXPERT_LIMITS.olaMinutesMax);

/** Ask an expert (a user with the expert role or any user) or a team into a conversation: exactly one of the two. */
export const ConsultInput = z.object({
  expertUserId: z.uuid().optional(),
  expertTeamId: z.uuid().optional(),
  question: z.string().trim().min(1).max(EXPERT_LIMITS.question),
  /** The OLA in minutes; the workspace's default when left out. */
  olaMinutes: olaMinutes.optional(),
}).refine((c) => (c.expertUserId === undefined) !== (c.expertTeamId === undefined), { message: 'Ask either one expert or one team', path: ['expertUserId'] });
export type ConsultInput = z.infer<typeof ConsultInput>;

/** The asker cancels an open consult, or closes one that was answered. */
export const ConsultPatch = z.object({ status: z.enum(['cancelled', 'closed']) });
export type ConsultPatch = z.infer<typeof ConsultPatch>;

export const ConsultListQuery = z.object({
  /** expert: consults to me or my teams; asker: consults I asked; default: both. */
  role: z.enum(['expert', 'asker']).optional(),
  status: ConsultStatus.optional(),
  conversationId: z.uuid().optional(),
});
export type ConsultListQuery = z.infer<typeof ConsultListQuery>;

export const Consult = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  askedBy: UserRef.nullable(),
  expert: z.object({ type: z.enum(['user', 'team']), id: z.uuid(), name: z.string() }),
  question: z.string(),
  status: ConsultStatus,
  olaMinutes: z.number().int(),
  /** olaMinutes of open time from the request in olaCalendar's business hours. */
  olaDueAt: z.string(),
  /** The business hours the OLA counts in (the expert team's, else the workspace default); null: round the clock. */
  olaCalendar: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** Open minutes left until olaDueAt as of the response (negative: overdue); null once the consult is no longer open. */
  olaMinutesLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  answeredAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  /** What the list of consults shows of the conversation. */
  conversation: z.object({ preview: z.string().nullable(), status: z.string(), network: z.string().nullable(), authorName: z.string().nullable() }).nullable(),
  /** What the actor may do with it now. */
  can: z.object({ cancel: z.boolean(), close: z.boolean(), takeOver: z.boolean(), answer: z.boolean() }),
});
export type Consult = z.infer<typeof Consult>;
export const ConsultList = z.object({ items: z.array(Consult) });
export type ConsultList = z.infer<typeof ConsultList>;

export const NOTE_KINDS = ['note', 'suggestion'] as const;
export const NoteKind = z.enum(NOTE_KINDS);
export const SUGGESTION_STATUSES = ['pending', 'used', 'dismissed'] as const;

export const NoteInput = z.object({
  text: z.string().trim().min(1).max(EXPERT_LIMITS.note),
  kind: NoteKind.default('note'),
  /** The consult this answers: answering it sets the conversation back to open. */
  consultId: z.uuid().optional(),
});
export type NoteInput = z.input<typeof NoteInput>;

export const Mention = z.object({ type: z.enum(['user', 'team']), id: z.uuid(), name: z.string() });
export type Mention = z.infer<typeof Mention>;

export const ConversationNote = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  consultId: z.uuid().nullable(),
  kind: NoteKind,
  text: z.string(),
  mentions: z.array(Mention),
  author: UserRef.nullable(),
  suggestionStatus: z.enum(SUGGESTION_STATUSES).nullable(),
  usedBy: UserRef.nullable(),
  usedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ConversationNote = z.infer<typeof ConversationNote>;
export const NoteList = z.object({ items: z.array(ConversationNote) });

/** Take a suggestion into a reply: `send` queues it as the reply at once; otherwise the text goes to the composer. */
export const NoteUseInput = z.object({ send: z.boolean().optional() });
export const NoteUseResult = z.object({ note: ConversationNote, text: z.string(), messageId: z.uuid().nullable() });
export type NoteUseResult = z.infer<typeof NoteUseResult>;

/** The customer of a consulted conversation, as much as an expert needs (experts cannot browse contacts). */
export const ConversationCustomer = z.object({
  identity: z.object({
    network: z.string(), displayName: z.string().nullable(), handle: z.string().nullable(), avatarUrl: z.string().nullable(), profileUrl: z.string().nullable(),
  }).nullable(),
  contact: z.object({
    id: z.uuid(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), companyName: z.string().nullable(),
    address: AddressEntry.nullable(),
  }).nullable(),
});
export type ConversationCustomer = z.infer<typeof ConversationCustomer>;

export const TASK_FROM_THREAD_LIMITS = { title: 300, description: 10_000 } as const;

/** A task from a thread: linked to the conversation's contact (visible there) and to the conversation. */
export const ConversationTaskInput = z.object({
  title: z.string().trim().min(1).max(TASK_FROM_THREAD_LIMITS.title),
  description: z.string().trim().max(TASK_FROM_THREAD_LIMITS.description).optional(),
  dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
  /** The creator when left out. */
  assigneeId: z.uuid().nullable().optional(),
});
export type ConversationTaskInput = z.infer<typeof ConversationTaskInput>;

/** What the task dialog is prefilled with: the customer's address from the contact's master data. */
export const ConversationTaskDraft = z.object({
  contactId: z.uuid().nullable(),
  contactName: z.string().nullable(),
  address: AddressEntry.nullable(),
  description: z.string(),
});
export type ConversationTaskDraft = z.infer<typeof ConversationTaskDraft>;

export const ConsultSettings = z.object({ defaultOlaMinutes: olaMinutes });
export type ConsultSettings = z.infer<typeof ConsultSettings>;
