import { z } from 'zod';
import { Role, UserRef } from './common.ts';
import { Network } from './identities.ts';
import { Conversation } from './inbox.ts';

/** Routing (issue 3): rules that act on new conversations, agent profiles, team assignment policies, assignment. */

export const ROUTING_LIMITS = { rules: 200, name: 200, conditions: 20, actions: 10, values: 50, value: 200, autoReply: 2000, skills: 30 } as const;

const value = z.string().trim().min(1).max(ROUTING_LIMITS.value);
const values = z.array(value).min(1).max(ROUTING_LIMITS.values);

/** The contact fields a condition can compare: master data, tags, or a custom field (`custom.<key>`). */
export const ContactFieldKey = z.union([z.enum(['lifecycleStage', 'ownerId', 'tags', 'language']), z.string().regex(/^custom\.[a-z0-9_]{1,64}$/)]);

/** One condition of a rule, on the conversation's first message(s), its author and the person behind them. */
export const RoutingCondition = z.discriminatedUnion('type', [
  z.object({ type: z.literal('channel'), values: z.array(z.uuid()).min(1).max(ROUTING_LIMITS.values) }),
  z.object({ type: z.literal('network'), values: z.array(Network).min(1) }),
  z.object({ type: z.literal('kind'), values: z.array(z.enum(['public', 'private'])).min(1) }),
  z.object({ type: z.literal('language'), values }),
  /** Any of the words or phrases occurs in the text (case and umlaut insensitive, at a word's start). */
  z.object({ type: z.literal('keywords'), values }),
  z.object({ type: z.literal('intent'), values }),
  z.object({ type: z.literal('sentiment'), values }),
  /** The author has at least `min` followers on the network. */
  z.object({ type: z.literal('followers'), min: z.number().int().min(0) }),
  /** The person is a VIP: tagged "VIP" or with the custom field `vip` set. */
  z.object({ type: z.literal('vip') }),
  /** A contact field equals the value (for tags: the person has the tag). */
  z.object({ type: z.literal('contact_field'), key: ContactFieldKey, value }),
  /** Within (open: true) or outside (open: false) the workspace's default business hours. */
  z.object({ type: z.literal('business_hours'), open: z.boolean() }),
]);
export type RoutingCondition = z.infer<typeof RoutingCondition>;
export const CONDITION_TYPES = ['channel', 'network', 'kind', 'language', 'keywords', 'intent', 'sentiment', 'followers', 'vip', 'contact_field', 'business_hours'] as const;

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** What a matching rule does. `assign` without a user assigns by the team's policy. */
export const RoutingAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('set_team'), teamId: z.uuid() }),
  z.object({ type: z.literal('set_priority'), priority: z.enum(PRIORITIES) }),
  z.object({ type: z.literal('add_label'), label: z.string().trim().min(1).max(100) }),
  /** Sent once per conversation, in the conversation's language (German unless it is English). */
  z.object({ type: z.literal('auto_reply'), text: z.object({ de: z.string().trim().min(1).max(ROUTING_LIMITS.autoReply), en: z.string().trim().min(1).max(ROUTING_LIMITS.autoReply) }) }),
  z.object({ type: z.literal('assign'), userId: z.uuid().nullable().optional() }),
]);
export type RoutingAction = z.infer<typeof RoutingAction>;
export const ACTION_TYPES = ['set_team', 'set_priority', 'add_label', 'auto_reply', 'assign'] as const;

export const RoutingRule = z.object({
  id: z.uuid(),
  name: z.string(),
  enabled: z.boolean(),
  position: z.number().int(),
  match: z.enum(['all', 'any']),
  conditions: z.array(RoutingCondition),
  actions: z.array(RoutingAction),
  /** No later rule is evaluated once this one matched. */
  stop: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type RoutingRule = z.infer<typeof RoutingRule>;
export const RoutingRuleList = z.object({ items: z.array(RoutingRule) });

export const RoutingRuleInput = z.object({
  name: z.string().trim().min(1).max(ROUTING_LIMITS.name),
  enabled: z.boolean().default(true),
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(RoutingCondition).max(ROUTING_LIMITS.conditions).default([]),
  actions: z.array(RoutingAction).min(1).max(ROUTING_LIMITS.actions),
  stop: z.boolean().default(false),
});
export type RoutingRuleInput = z.input<typeof RoutingRuleInput>;
export const RoutingRulePatch = z.object({
  name: z.string().trim().min(1).max(ROUTING_LIMITS.name).optional(),
  enabled: z.boolean().optional(),
  match: z.enum(['all', 'any']).optional(),
  conditions: z.array(RoutingCondition).max(ROUTING_LIMITS.conditions).optional(),
  actions: z.array(RoutingAction).min(1).max(ROUTING_LIMITS.actions).optional(),
  stop: z.boolean().optional(),
});
export type RoutingRulePatch = z.infer<typeof RoutingRulePatch>;
/** The rules' new order: every rule id of the workspace, first to last. */
export const RoutingRuleOrder = z.object({ ids: z.array(z.uuid()).max(ROUTING_LIMITS.rules) });

export const PRESENCE = ['online', 'away', 'offline'] as const;

/** An agent as routing sees them: capacity, skills, languages, current load and presence. */
export const AgentProfile = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: Role,
  capacity: z.number().int(),
  skills: z.array(z.string()),
  languages: z.array(z.string()),
  /** Open, pending and waiting conversations assigned to them. */
  load: z.number().int(),
  presence: z.enum(PRESENCE),
  teamIds: z.array(z.uuid()),
});
export type AgentProfile = z.infer<typeof AgentProfile>;
export const AgentProfileList = z.object({ items: z.array(AgentProfile) });
const tag = z.string().trim().min(1).max(60);
export const AgentProfilePatch = z.object({
  capacity: z.number().int().min(0).max(1000).optional(),
  skills: z.array(tag).max(ROUTING_LIMITS.skills).optional(),
  languages: z.array(z.string().trim().min(2).max(10)).max(ROUTING_LIMITS.skills).optional(),
});
export type AgentProfilePatch = z.infer<typeof AgentProfilePatch>;
export const UserIdParams = z.object({ userId: z.uuid() });
export const TeamIdParams = z.object({ teamId: z.uuid() });

export const ASSIGNMENT_POLICIES = ['manual', 'round_robin', 'least_load'] as const;
export const TeamRouting = z.object({
  teamId: z.uuid(),
  name: z.string(),
  policy: z.enum(ASSIGNMENT_POLICIES),
  /** Only agents with the conversation's language and the product skills it needs (its labels that are skills). */
  respectSkills: z.boolean(),
  members: z.array(UserRef),
});
export type TeamRouting = z.infer<typeof TeamRouting>;
export const TeamRoutingList = z.object({ items: z.array(TeamRouting) });
export const TeamRoutingPatch = z.object({ policy: z.enum(ASSIGNMENT_POLICIES).optional(), respectSkills: z.boolean().optional() });
export type TeamRoutingPatch = z.infer<typeof TeamRoutingPatch>;

/** Who works a conversation: a user (null: nobody) and/or a team (null: none). A team alone assigns by its policy. */
export const AssignmentInput = z.object({ userId: z.uuid().nullable().optional(), teamId: z.uuid().nullable().optional() })
  .refine((v) => v.userId !== undefined || v.teamId !== undefined, { message: 'Name a user or a team' });
export type AssignmentInput = z.infer<typeof AssignmentInput>;

/** The unassigned, unresolved conversations of the teams' queues (optionally one team), oldest first. */
export const RoutingQueueQuery = z.object({ teamId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const RoutingQueue = z.object({ items: z.array(Conversation) });
