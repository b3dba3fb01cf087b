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
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof RULES;
