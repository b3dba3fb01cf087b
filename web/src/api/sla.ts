import type * as S from '@parley/contracts/sla';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

// Types of the SLA API, inferred from the contracts the server validates with.
export type BusinessCalendar = S.BusinessCalendar;
export type BusinessCalendarInput = S.BusinessCalendarInput;
export type BusinessCalendarPatch = S.BusinessCalendarPatch;
export type SlaPolicy = S.SlaPolicy;
export type SlaPolicyInput = S.SlaPolicyInput;
export type SlaPolicyPatch = S.SlaPolicyPatch;
export type ConversationSla = S.ConversationSla;

const KEY = ['sla'] as const;

/** The workspace's business-hours calendars by name. */
export function useBusinessCalendars() {
  return useQuery({ queryKey: [...KEY, 'calendars'], queryFn: ({ signal }) => api.get<{ items: BusinessCalendar[] }>('/api/sla/calendars', undefined, signal).then((r) => r.items) });
}

/** Create, change and delete calendars. */
export function useBusinessCalendarMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: KEY });
  return {
    create: useMutation({ mutationFn: (body: BusinessCalendarInput) => api.post<BusinessCalendar>('/api/sla/calendars', body), onSuccess: done }),
    update: useMutation({ mutationFn: (v: { id: string; patch: BusinessCalendarPatch }) => api.patch<BusinessCalendar>(`/api/sla/calendars/${v.id}`, v.patch), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/api/sla/calendars/${id}`), onSuccess: done }),
  };
}

/** The workspace's SLA policies: the default first. */
export function useSlaPolicies() {
  return useQuery({ queryKey: [...KEY, 'policies'], queryFn: ({ signal }) => api.get<{ items: SlaPolicy[] }>('/api/sla/policies', undefined, signal).then((r) => r.items) });
}

/** Create, change and delete policies. */
export function useSlaPolicyMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: KEY });
  return {
    create: useMutation({ mutationFn: (body: SlaPolicyInput) => api.post<SlaPolicy>('/api/sla/policies', body), onSuccess: done }),
    update: useMutation({ mutationFn: (v: { id: string; patch: SlaPolicyPatch }) => api.patch<SlaPolicy>(`/api/sla/policies/${v.id}`, v.patch), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/api/sla/policies/${id}`), onSuccess: done }),
  };
}
