import type { Role } from '@parley/contracts/common';
import type { AgentProfile, RoutingAction, RoutingCondition, RoutingRule, TeamRouting } from '@parley/contracts/routing';
import { DEFAULT_CAPACITY } from './assignment.ts';
import type { ProfileRow, RuleRow, TeamRoutingRow } from './repo.ts';

/** A routing rule as the settings page shows it. */
export function presentRule(r: RuleRow): RoutingRule {
  return {
    id: r.id, name: r.name, enabled: r.enabled, position: r.position, match: r.match as RoutingRule['match'],
    conditions: r.conditions as RoutingCondition[], actions: r.actions as RoutingAction[], stop: r.stop,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

/** An agent with their routing profile (defaults where none is stored), load and presence. */
export function presentAgent(a: { id: string; name: string; role: string; profile: ProfileRow | null; teamIds: string[] }, load: number, presence: AgentProfile['presence']): AgentProfile {
  return {
    userId: a.id, name: a.name, role: a.role as Role, capacity: a.profile?.capacity ?? DEFAULT_CAPACITY,
    skills: a.profile?.skills ?? [], languages: a.profile?.languages ?? [], load, presence, teamIds: a.teamIds,
  };
}

/** A team's assignment policy (manual where none is stored). */
export function presentTeamRouting(t: { id: string; name: string; routing: TeamRoutingRow | null }, members: { id: string; name: string }[]): TeamRouting {
  return {
    teamId: t.id, name: t.name, policy: (t.routing?.policy ?? 'manual') as TeamRouting['policy'], respectSkills: t.routing?.respectSkills ?? false,
    members: members.map((m) => ({ id: m.id, name: m.name })),
  };
}
