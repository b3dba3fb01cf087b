import type { Role } from '../../api/types.ts';

/** The roles of the contract's ROLES, in the order they are offered. */
export const ROLES = ['admin', 'manager', 'agent', 'expert', 'sales', 'marketing'] as const satisfies readonly Role[];
