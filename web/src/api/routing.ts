import type { Conversation } from '@parley/contracts/inbox';
import type * as R from '@parley/contracts/routing';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';

// Types of the routing API, inferred from the contracts the server validates with.
export type RoutingRule = R.RoutingRule;
export type RoutingCondition = R.RoutingCondition;
export type RoutingAction = R.RoutingAction;
export type RoutingRuleInput = z.input<typeof R.RoutingRuleInput>;
export type RoutingRulePatch = R.RoutingRulePatch;
export type AgentProfile = R.AgentProfile;
export type AgentProfilePatch = R.AgentProfilePatch;
export type TeamRouting = R.TeamRouting;
export type TeamRoutingPatch = R.TeamRoutingPatch;

const KEY = ['routing'] as const;

/** The workspace's routing rules in evaluation order. */
export function useRoutingRules() {
  return useQuery({ queryKey: [...KEY, 'rules'], queryFn: ({ signal }) => api.get<{ items: RoutingRule[] }>('/api/routing/rules', undefined, signal).then((r) => r.items) });
}

/** Create, change, delete and reorder rules. */
export function useRoutingRuleMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: [...KEY, 'rules'] });
  return {
    create: useMutation({ mutationFn: (body: RoutingRuleInput) => api.post<RoutingRule>('/api/routing/rules', body), onSuccess: done }),
    update: useMutation({ mutationFn: ({ id, patch }: { id: string; patch: RoutingRulePatch }) => api.patch<RoutingRule>(`/api/routing/rules/${id}`, patch), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/api/routing/rules/${id}`), onSuccess: done }),
    reorder: useMutation({
      mutationFn: (ids: string[]) => api.put<{ items: RoutingRule[] }>('/api/routing/rules/order', { ids }),
      onSuccess: (r) => qc.setQueryData([...KEY, 'rules'], r.items),
    }),
  };
}

/** The agents with capacity, skills, languages, load and presence. */
export function useAgents(enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'agents'], enabled, staleTime: 15_000,
    queryFn: ({ signal }) => api.get<{ items: AgentProfile[] }>('/api/routing/agents', undefined, signal).then((r) => r.items),
  });
}

/** The teams with their assignment policy. */
export function useTeamRouting(enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'teams'], enabled, staleTime: 15_000,
    queryFn: ({ signal }) => api.get<{ items: TeamRouting[] }>('/api/routing/teams', undefined, signal).then((r) => r.items),
  });
}

/** Set an agent's profile or a team's policy. */
export function useRoutingSettingsMutations() {
  const qc = useQueryClient();
  return {
    agent: useMutation({
      mutationFn: ({ userId, patch }: { userId: string; patch: AgentProfilePatch }) => api.patch<AgentProfile>(`/api/routing/agents/${userId}`, patch),
      onSuccess: () => qc.invalidateQueries({ queryKey: [...KEY, 'agents'] }),
    }),
    team: useMutation({
      mutationFn: ({ teamId, patch }: { teamId: string; patch: TeamRoutingPatch }) => api.patch<TeamRouting>(`/api/routing/teams/${teamId}`, patch),
      onSuccess: () => qc.invalidateQueries({ queryKey: [...KEY, 'teams'] }),
    }),
  };
}

/** Assigns a conversation to a user and/or a team (a team alone: by its policy). */
export function useAssignConversation(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (to: { userId?: string | null; teamId?: string | null }) => api.patch<Conversation>(`/api/conversations/${conversationId}/assignment`, to),
    onSuccess: (c) => {
      qc.setQueryData<Conversation & { messages: unknown[] }>(['conversations', 'one', conversationId], (d) => (d ? { ...d, ...c, messages: d.messages } : d));
      void qc.invalidateQueries({ queryKey: ['conversations'] });
      void qc.invalidateQueries({ queryKey: [...KEY, 'agents'] });
    },
  });
}
