import type * as K from '@parley/contracts/inbox';
import type * as V from '@parley/contracts/inbox-views';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type QueryValue } from './client.ts';
import { INBOX_PAGE_SIZE, type Conversation } from './inbox.ts';

// Organizing the inbox: custom statuses, labels, saved views with counts, snooze and bulk actions.
export type CustomStatus = V.CustomStatus;
export type InboxLabel = V.InboxLabel;
export type SavedView = V.SavedView;
export type InboxFilters = V.InboxFilters;
export type BulkAction = V.BulkAction;
export type BulkResult = V.BulkResult;
export type Color = (typeof V.COLORS)[number];
type ConversationPageBody = z.infer<typeof K.ConversationPage>;

/** The list's query parameters of a set of filters (lists comma-separated). */
export function filtersToQuery(f: InboxFilters): Record<string, QueryValue> {
  const q: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === '') continue;
    q[k] = Array.isArray(v) ? (v.length ? v.join(',') : undefined) : (v as string);
  }
  return q;
}

/** The inbox list of a set of filters, page by page. */
export function useFilteredConversations(filters: InboxFilters) {
  return useInfiniteQuery({
    queryKey: ['conversations', 'list', filters],
    queryFn: ({ pageParam, signal }) => api.get<ConversationPageBody>('/api/conversations', { ...filtersToQuery(filters), cursor: pageParam || undefined, limit: INBOX_PAGE_SIZE }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 20_000,
  });
}

/** The workspace's custom statuses (`enabled` false for those who may not read the inbox's settings, e.g. experts). */
export function useCustomStatuses(enabled = true) {
  return useQuery({ queryKey: ['inbox-views', 'statuses'], queryFn: ({ signal }) => api.get<{ items: CustomStatus[] }>('/api/inbox/statuses', undefined, signal).then((r) => r.items), staleTime: 60_000, enabled });
}

/** The managed labels with their colours. */
export function useInboxLabels(enabled = true) {
  return useQuery({ queryKey: ['inbox-views', 'labels'], queryFn: ({ signal }) => api.get<{ items: InboxLabel[] }>('/api/inbox/labels', undefined, signal).then((r) => r.items), staleTime: 60_000, enabled });
}

/** The views the user sees: built-in, shared, their own. */
export function useInboxViews(enabled = true) {
  return useQuery({ queryKey: ['inbox-views', 'views'], queryFn: ({ signal }) => api.get<{ items: SavedView[] }>('/api/inbox/views', undefined, signal).then((r) => r.items), staleTime: 60_000, enabled });
}

/** How many conversations each view shows (capped at `cap`). */
export function useViewCounts() {
  return useQuery({ queryKey: ['conversations', 'view-counts'], queryFn: ({ signal }) => api.get<V.ViewCounts>('/api/inbox/views/counts', undefined, signal), refetchInterval: 30_000 });
}

function refreshLists(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: ['conversations'] });
}

/** Saves a view (personal, or shared by a manager). */
export function useSaveView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: V.SavedViewInput) => api.post<SavedView>('/api/inbox/views', body),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['inbox-views', 'views'] }); refreshLists(qc); },
  });
}

/** Renames a view or changes its filters. */
export function useUpdateView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: V.SavedViewPatch & { id: string }) => api.patch<SavedView>(`/api/inbox/views/${id}`, body),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['inbox-views', 'views'] }); refreshLists(qc); },
  });
}

/** Deletes a view. */
export function useDeleteView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api/inbox/views/${id}`),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['inbox-views', 'views'] }); },
  });
}

/** One action on many conversations; answers each conversation's outcome. */
export function useBulkAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: string[]; action: BulkAction }) => api.post<BulkResult>('/api/conversations/bulk', body),
    onSuccess: () => refreshLists(qc),
  });
}

/** Snoozes a conversation until a time, or (until null) wakes it now. */
export function useSnooze(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (until: Date | null) => (until ? api.post<Conversation>(`/api/conversations/${conversationId}/snooze`, { until: until.toISOString() }) : api.del<Conversation>(`/api/conversations/${conversationId}/snooze`)),
    onSuccess: () => refreshLists(qc),
  });
}

// ---- settings: custom statuses and labels ----

/** Adding, changing and deleting custom statuses (settings). */
export function useStatusMutations() {
  const qc = useQueryClient();
  const done = () => { void qc.invalidateQueries({ queryKey: ['inbox-views', 'statuses'] }); refreshLists(qc); };
  return {
    create: useMutation({ mutationFn: (body: V.CustomStatusInput) => api.post<CustomStatus>('/api/inbox/statuses', body), onSuccess: done }),
    update: useMutation({ mutationFn: ({ id, ...body }: V.CustomStatusPatch & { id: string }) => api.patch<CustomStatus>(`/api/inbox/statuses/${id}`, body), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/api/inbox/statuses/${id}`), onSuccess: done }),
  };
}

/** Adding, changing and deleting managed labels (settings). */
export function useLabelMutations() {
  const qc = useQueryClient();
  const done = () => { void qc.invalidateQueries({ queryKey: ['inbox-views', 'labels'] }); refreshLists(qc); };
  return {
    create: useMutation({ mutationFn: (body: V.InboxLabelInput) => api.post<InboxLabel>('/api/inbox/labels', body), onSuccess: done }),
    update: useMutation({ mutationFn: ({ id, ...body }: V.InboxLabelPatch & { id: string }) => api.patch<InboxLabel>(`/api/inbox/labels/${id}`, body), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/api/inbox/labels/${id}`), onSuccess: done }),
  };
}

/** Snooze presets: in an hour, tomorrow 9:00, next Monday 9:00 (local time). */
export function snoozePresets(now = new Date()): { key: 'hour' | 'tomorrow' | 'monday'; until: Date }[] {
  const hour = new Date(now.getTime() + 3600_000);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0);
  const daysToMonday = ((8 - now.getDay()) % 7) || 7;
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday, 9, 0, 0, 0);
  return [{ key: 'hour', until: hour }, { key: 'tomorrow', until: tomorrow }, { key: 'monday', until: monday }];
}
