import { z } from 'zod';
import { UserRef } from './common.ts';

/** The agent's tools for replying (issue 3): canned replies with variables, server-side drafts, reply approval, CSAT. */

export const REPLIES_LIMITS = {
  name: 120, shortcut: 40, text: 8000, keywords: 50, keyword: 100, reason: 1000, comment: 2000, rules: 50,
} as const;

/** The variables a canned reply may use, as `{{name}}` or `{{name|fallback}}`. */
export const TEMPLATE_VARIABLES = [
  'contact.first_name', 'contact.last_name', 'contact.name', 'contact.salutation',
  'agent.first_name', 'agent.name', 'company.name', 'conversation.id',
] as const;

export const ReplyLanguage = z.enum(['de', 'en']);
export type ReplyLanguage = z.infer<typeof ReplyLanguage>;

const templateText = z.string().trim().min(1).max(REPLIES_LIMITS.text);

/** Texts by language: at least one of de and en. */
export const CannedTexts = z.object({ de: templateText.optional(), en: templateText.optional() })
  .refine((t) => t.de !== undefined || t.en !== undefined, { message: 'A canned reply needs a text in German or English', path: ['de'] });

export const CannedReply = z.object({
  id: z.uuid(),
  name: z.string(),
  shortcut: z.string(),
  teamId: z.uuid().nullable(),
  texts: z.object({ de: z.string().optional(), en: z.string().optional() }),
  usageCount: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CannedReply = z.infer<typeof CannedReply>;
export const CannedReplyList = z.object({ items: z.array(CannedReply) });

export const CannedReplyInput = z.object({
  name: z.string().trim().min(1).max(REPLIES_LIMITS.name),
  /** Typed after "/" in the composer: lower case letters, digits and dashes. */
  shortcut: z.string().trim().toLowerCase().regex(/^[a-z0-9äöüß][a-z0-9äöüß-]*$/, 'letters, digits and dashes').max(REPLIES_LIMITS.shortcut),
  teamId: z.uuid().nullable().optional(),
  texts: CannedTexts,
});
export type CannedReplyInput = z.infer<typeof CannedReplyInput>;

export const CannedListQuery = z.object({ q: z.string().trim().max(100).optional() });

export const RenderParams = z.object({ id: z.uuid(), cid: z.uuid() });

/** A canned reply rendered for a conversation: text in the conversation's language (or the other), what could not be filled. */
export const RenderedReply = z.object({
  text: z.string(),
  language: ReplyLanguage,
  /** The language asked for had no text: the other was used. */
  fellBack: z.boolean(),
  /** Variables that are not known: left in the text as written. */
  unknown: z.array(z.string()),
  /** Known variables without a value here (and without a fallback): left in the text as written. */
  missing: z.array(z.string()),
});
export type RenderedReply = z.infer<typeof RenderedReply>;

/** Previews a template against an example contact (the settings' editor), without a conversation. */
export const PreviewInput = z.object({ text: z.string().max(REPLIES_LIMITS.text) });

export const DRAFT_LIMITS = { text: 8000 } as const;
export const Draft = z.object({ text: z.string(), private: z.boolean(), updatedAt: z.iso.datetime() });
export type Draft = z.infer<typeof Draft>;
export const DraftInput = z.object({ text: z.string().max(DRAFT_LIMITS.text), private: z.boolean().default(false) });
export type DraftInput = z.infer<typeof DraftInput>;
/** No draft: `draft` is null. */
export const DraftAnswer = z.object({ draft: Draft.nullable() });

/** When a reply must be approved: every condition set must hold (an empty rule never matches). */
export const ApprovalConditions = z.object({
  /** The author is flagged "replies need approval", or (with newAgentDays) joined within that many days. */
  newAgent: z.boolean().optional(),
  newAgentDays: z.number().int().min(1).max(365).optional(),
  negativeSentiment: z.boolean().optional(),
  /** The customer is tagged VIP. */
  vip: z.boolean().optional(),
  /** The reply contains one of these words (case-insensitive). */
  keywords: z.array(z.string().trim().min(1).max(REPLIES_LIMITS.keyword)).max(REPLIES_LIMITS.keywords).optional(),
  /** The conversation is a public thread (comments everyone can read). */
  publicThread: z.boolean().optional(),
});
export type ApprovalConditions = z.infer<typeof ApprovalConditions>;

export const ApprovalRule = z.object({
  id: z.uuid(), name: z.string(), conditions: ApprovalConditions, enabled: z.boolean(), createdAt: z.iso.datetime(),
});
export type ApprovalRule = z.infer<typeof ApprovalRule>;
export const ApprovalRuleInput = z.object({
  name: z.string().trim().min(1).max(REPLIES_LIMITS.name), conditions: ApprovalConditions, enabled: z.boolean().default(true),
});
export type ApprovalRuleInput = z.infer<typeof ApprovalRuleInput>;
export const ApprovalRuleList = z.object({ items: z.array(ApprovalRule) });

/** Agents whose replies always need approval. */
export const ApprovalAgents = z.object({ userIds: z.array(z.uuid()) });
export const ApprovalAgentInput = z.object({ needsApproval: z.boolean() });
export const UserParams = z.object({ userId: z.uuid() });

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;

/** A held reply, with its conversation's context, as a manager sees it. */
export const Approval = z.object({
  messageId: z.uuid(),
  conversationId: z.uuid(),
  status: z.enum(APPROVAL_STATUSES),
  text: z.string(),
  originalText: z.string(),
  /** Why it was held: the matching rules' names (or "agent needs approval"). */
  reasons: z.array(z.string()),
  author: UserRef.nullable(),
  decidedBy: UserRef.nullable(),
  decidedAt: z.iso.datetime().nullable(),
  rejectReason: z.string().nullable(),
  conversation: z.object({
    network: z.string().nullable(), kind: z.string(), preview: z.string().nullable(), sentiment: z.string().nullable(),
    customer: z.string().nullable(),
    /** The customer's latest message, which the reply answers. */
    lastInbound: z.string().nullable(),
  }),
  createdAt: z.iso.datetime(),
});
export type Approval = z.infer<typeof Approval>;
export const ApprovalList = z.object({ items: z.array(Approval), pending: z.number().int() });
export const ApprovalListQuery = z.object({ status: z.enum(APPROVAL_STATUSES).default('pending') });
export const ApproveInput = z.object({ text: z.string().trim().min(1).max(REPLIES_LIMITS.text).optional() });
export const RejectInput = z.object({ reason: z.string().trim().min(1).max(REPLIES_LIMITS.reason) });
export const ApprovalCount = z.object({ pending: z.number().int() });

/** Workspace settings of the replies domain. */
export const ReplySettings = z.object({
  csatEnabled: z.boolean(),
  /** Days a survey link stays valid. */
  csatLinkDays: z.number().int().min(1).max(90),
});
export type ReplySettings = z.infer<typeof ReplySettings>;
export const ReplySettingsPatch = ReplySettings.partial();

/** The public survey page's data (no login: the token is the key). */
export const CsatSurvey = z.object({
  language: ReplyLanguage,
  company: z.string(),
  score: z.number().int().min(1).max(5).nullable(),
  comment: z.string().nullable(),
  /** Whether an answer can still be given or changed. */
  open: z.boolean(),
});
export type CsatSurvey = z.infer<typeof CsatSurvey>;
export const CsatTokenQuery = z.object({ token: z.string().min(10).max(2000) });
export const CsatAnswerInput = z.object({
  token: z.string().min(10).max(2000),
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(REPLIES_LIMITS.comment).optional(),
});

/** The latest CSAT answer of a conversation. */
export const ConversationCsat = z.object({
  surveys: z.array(z.object({ sentAt: z.iso.datetime(), score: z.number().int().nullable(), comment: z.string().nullable(), answeredAt: z.iso.datetime().nullable() })),
});

export const CsatReportQuery = z.object({ weeks: z.coerce.number().int().min(1).max(52).default(12) });
export const CsatReport = z.object({
  sent: z.number().int(),
  answered: z.number().int(),
  average: z.number().nullable(),
  distribution: z.array(z.number().int()),
  weeks: z.array(z.object({ week: z.string(), count: z.number().int(), average: z.number().nullable(), distribution: z.array(z.number().int()) })),
});
export type CsatReport = z.infer<typeof CsatReport>;
