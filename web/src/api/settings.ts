import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request, type QueryValue } from './client.ts';
import type {
  ApiToken, ApiTokenCreated, AuditPage, AuditQuery, CustomField, CustomFieldInput, CustomFieldPatch, InviteBody, InviteResult, Team, TeamInput, TeamPatch,
  User, UserPatch, Webhook, WebhookCreated, WebhookDelivery, WebhookDeliveryPage, WebhookInput, WebhookPatch,
} from './types.ts';

function useInvalidate(...keys: string[][]) {
  const qc = useQueryClient();
  return () => { for (const k of keys) void qc.invalidateQueries({ queryKey: k }); };
}

// ---- users -----------------------------------------------------------------------------------------------------

/** Invite, change, deactivate and reactivate users. */
export function useUserMutations() {
  const refresh = useInvalidate(['users']);
  return {
    invite: useMutation({ mutationFn: (b: InviteBody) => api.post<InviteResult>('/api/users/invite', b), onSuccess: refresh }),
    update: useMutation({ mutationFn: (v: { id: string; patch: UserPatch }) => api.patch<User>(`/api/users/${v.id}`, v.patch), onSuccess: refresh }),
    deactivate: useMutation({ mutationFn: (id: string) => api.post<User>(`/api/users/${id}/deactivate`), onSuccess: refresh }),
    reactivate: useMutation({ mutationFn: (id: string) => api.post<User>(`/api/users/${id}/reactivate`), onSuccess: refresh }),
  };
}

// ---- teams -----------------------------------------------------------------------------------------------------

/** Every team with its members. */
export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: ({ signal }) => api.get<{ items: Team[] }>('/api/teams', undefined, signal).then((r) => r.items) });
}

/** Create, change and delete teams and set their members. */
export function useTeamMutations() {
  const refresh = useInvalidate(['teams']);
  return {
    create: useMutation({ mutationFn: (b: TeamInput) => api.post<Team>('/api/teams', b), onSuccess: refresh }),
    update: useMutation({ mutationFn: (v: { id: string; patch: TeamPatch }) => api.patch<Team>(`/api/teams/${v.id}`, v.patch), onSuccess: refresh }),
    members: useMutation({ mutationFn: (v: { id: string; userIds: string[] }) => api.put<Team>(`/api/teams/${v.id}/members`, { userIds: v.userIds }), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/api/teams/${id}`), onSuccess: refresh }),
  };
}

// ---- custom fields ---------------------------------------------------------------------------------------------

/** Define, change and delete custom fields. */
export function useCustomFieldMutations() {
  const refresh = useInvalidate(['custom-fields'], ['contacts'], ['companies']);
  return {
    create: useMutation({ mutationFn: (b: CustomFieldInput) => api.post<CustomField>('/api/custom-fields', b), onSuccess: refresh }),
    update: useMutation({
      mutationFn: (v: { id: string; patch: CustomFieldPatch; force?: boolean }) =>
        request<CustomField>('PATCH', `/api/custom-fields/${v.id}`, { body: v.patch, query: v.force ? { force: 'true' } : undefined }),
      onSuccess: refresh,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/api/custom-fields/${id}`), onSuccess: refresh }),
  };
}

// ---- API tokens ------------------------------------------------------------------------------------------------

/** Every API token (never a secret). */
export function useTokens() {
  return useQuery({ queryKey: ['tokens'], queryFn: ({ signal }) => api.get<{ items: ApiToken[] }>('/api/tokens', undefined, signal).then((r) => r.items) });
}

/** Create (the secret comes back once) and revoke tokens. */
export function useTokenMutations() {
  const refresh = useInvalidate(['tokens']);
  return {
    create: useMutation({ mutationFn: (b: { name: string; userId?: string }) => api.post<ApiTokenCreated>('/api/tokens', b), onSuccess: refresh }),
    revoke: useMutation({ mutationFn: (id: string) => api.del(`/api/tokens/${id}`), onSuccess: refresh }),
  };
}

// ---- webhooks --------------------------------------------------------------------------------------------------

/** Every webhook (never a secret). */
export function useWebhooks() {
  return useQuery({ queryKey: ['webhooks'], queryFn: ({ signal }) => api.get<{ items: Webhook[] }>('/api/webhooks', undefined, signal).then((r) => r.items) });
}

/** Create (the signing secret comes back once), change, delete and test webhooks. */
export function useWebhookMutations() {
  const refresh = useInvalidate(['webhooks']);
  const refreshLog = useInvalidate(['webhook-deliveries']);
  return {
    create: useMutation({ mutationFn: (b: WebhookInput) => api.post<WebhookCreated>('/api/webhooks', b), onSuccess: refresh }),
    update: useMutation({ mutationFn: (v: { id: string; patch: WebhookPatch }) => api.patch<Webhook>(`/api/webhooks/${v.id}`, v.patch), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/api/webhooks/${id}`), onSuccess: refresh }),
    test: useMutation({ mutationFn: (id: string) => api.post<WebhookDelivery>(`/api/webhooks/${id}/test`), onSuccess: refreshLog }),
    redeliver: useMutation({ mutationFn: (v: { id: string; deliveryId: string }) => api.post<WebhookDelivery>(`/api/webhooks/${v.id}/deliveries/${v.deliveryId}/redeliver`), onSuccess: refreshLog }),
  };
}

/** A webhook's delivery log, newest first; refreshed every few seconds while open. */
export function useDeliveries(id: string) {
  return useInfiniteQuery({
    queryKey: ['webhook-deliveries', id],
    queryFn: ({ pageParam, signal }) => api.get<WebhookDeliveryPage>(`/api/webhooks/${id}/deliveries`, { limit: 50, cursor: pageParam || undefined }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 4000,
  });
}

// ---- audit log -------------------------------------------------------------------------------------------------

/** The audit log, newest first, filtered. */
export function useAudit(filter: Omit<AuditQuery, 'cursor' | 'limit'>) {
  return useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam, signal }) => api.get<AuditPage>('/api/audit', { ...(filter as Record<string, QueryValue>), limit: 50, cursor: pageParam || undefined }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
