import type { Role } from '@parley/contracts/common';

// What each role may do. One table per resource; authorize() reads them. `system` may do everything.
const everyoneButExpert: Role[] = ['admin', 'manager', 'agent', 'sales', 'marketing'];

export const RULES = {
  'contacts:read': everyoneButExpert,
  'contacts:write': everyoneButExpert,
  'contacts:delete': ['admin', 'manager', 'sales', 'marketing'],
  'contacts:merge': ['admin', 'manager', 'sales', 'marketing', 'agent'],
  'contacts:import': ['admin', 'manager', 'sales', 'marketing'],
  'contacts:export': ['admin', 'manager', 'sales', 'marketing'],
  'companies:read': everyoneButExpert,
  'companies:write': everyoneButExpert,
  'companies:delete': ['admin', 'manager', 'sales', 'marketing'],
  'notes:write': everyoneButExpert,
  // Tasks are everyone's: experts get tasks such as "book a service technician".
  'tasks:read': ['admin', 'manager', 'agent', 'expert', 'sales', 'marketing'],
  'tasks:write': ['admin', 'manager', 'agent', 'expert', 'sales', 'marketing'],
  'users:read': ['admin', 'manager', 'agent', 'expert', 'sales', 'marketing'],
  // Everyone reads and manages their own notifications and preferences (issue 5).
  'notifications:own': ['admin', 'manager', 'agent', 'expert', 'sales', 'marketing'],
  'users:manage': ['admin'],
  'teams:read': ['admin', 'manager', 'agent', 'expert', 'sales', 'marketing'],
  'teams:manage': ['admin', 'manager'],
  'custom_fields:manage': ['admin'],
  'tokens:manage': ['admin'],
  'webhooks:manage': ['admin'],
  'audit:read': ['admin'],
  // Identities and consent (issue 4). Experts see a person only through the conversations they are asked into.
  'identities:read': everyoneButExpert,
  'identities:link': ['admin', 'manager', 'agent', 'sales', 'marketing'],
  'matches:review': ['admin', 'manager', 'agent', 'sales', 'marketing'],
  'consent:read': everyoneButExpert,
  'consent:write': ['admin', 'manager', 'agent', 'sales', 'marketing'],
  'consent_purposes:manage': ['admin', 'marketing'],
  'privacy:export': ['admin', 'manager'],
  'privacy:erase': ['admin'],
  'retention:manage': ['admin'],
  'sign_on:manage': ['admin'],
  // Channels and the inbox (issue 3). Experts will read only the conversations they are consulted on (a later step).
  'channels:manage': ['admin'],
  'inbox:read': ['admin', 'manager', 'agent'],
  // Replying, moderating and setting a conversation's status and priority: the social media team, not experts (they
  // suggest replies) nor sales.
  'inbox:reply': ['admin', 'manager', 'agent'],
  'inbox:moderate': ['admin', 'manager', 'agent'],
  'inbox:update': ['admin', 'manager', 'agent'],
  // Experts (issue 3): agents ask experts into a conversation and cancel or close the consult; experts and agents write
  // internal notes and suggested replies (experts only on conversations they were asked into: experts/visibility.ts).
  'experts:consult': ['admin', 'manager', 'agent'],
  'experts:answer': ['admin', 'manager', 'agent', 'expert'],
  'experts:settings': ['admin', 'manager'],
  // The inbox as an expert sees it: only the conversations they were asked into (never inbox:read, which is all of them).
  'inbox:consulted': ['expert'],
  // Routing (issue 3): managers set rules, agent profiles and team policies; the social media team sees them and assigns
  // (agents only to themselves and their team-mates, routing/assignment.ts).
  'routing:manage': ['admin', 'manager'],
  'routing:read': ['admin', 'manager', 'agent'],
  'inbox:assign': ['admin', 'manager', 'agent'],
  // Organizing the inbox (issue 3): managers keep custom statuses, managed labels and the views shared with everyone.
  'inbox_settings:manage': ['admin', 'manager'],
  'inbox_views:share': ['admin', 'manager'],
  // Replies (issue 3): managers keep the canned replies, approval rules and CSAT; agents use canned replies and see CSAT.
  'canned_replies:read': ['admin', 'manager', 'agent'],
  'canned_replies:manage': ['admin', 'manager'],
  'replies:approve': ['admin', 'manager'],
  'replies:settings': ['admin', 'manager'],
  'csat:read': ['admin', 'manager', 'agent'],
  // SLA (issue 3): the inbox team sees business hours and policies; admins and managers keep them.
  'sla:read': ['admin', 'manager', 'agent'],
  'sla:manage': ['admin', 'manager'],
  // Comments (issue 5): who may read a record may comment on it (checked per record in domains/comments/access.ts).
  'comments:write': ['admin', 'manager', 'agent', 'expert', 'sales', 'marketing'],
  // Renaming and merging #hashtags across the workspace.
  'hashtags:manage': ['admin'],
  // Team rooms (issue 5): every role works in rooms; which rooms is decided per room (domains/rooms/access.ts).
  'rooms:use': ['admin', 'manager', 'agent', 'expert', 'sales', 'marketing'],
  // Admins manage every room (members, visibility, archive), members or not.
  'rooms:admin': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof RULES;
