import type { MarkReadInput, NotificationList, NotificationPreferences, UnreadCount } from '@parley/contracts/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export type { Notification, NotificationGroup, NotificationKind, NotificationPreference, EmailMode } from '@parley/contracts/notifications';

// Query keys start with 'notifications': the stream's `notification.created` (sent to the recipient only) refetches them
// through the generic rule in realtime.ts.

/** The signed-in user's unread count (the bell's badge). */
export function useUnreadNotificationCount() {
  return useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: ({ signal }) => api.get<UnreadCount>('/api/notifications/unread-count', undefined, signal),
    staleTime: 60_000,
  });
}

/** The notification centre, grouped, page by page; `unread` shows only the unread. */
export function useNotificationPages(unread: boolean, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['notifications', 'list', { unread }],
    queryFn: ({ pageParam, signal }) => api.get<NotificationList>('/api/notifications', { unread: unread ? 'true' : undefined, cursor: pageParam || undefined }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** Marks notifications read (named, or all). */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: MarkReadInput) => api.post<UnreadCount>('/api/notifications/read', input),
    onSuccess: (res) => {
      qc.setQueryData(['notifications', 'unread-count'], res);
      void qc.invalidateQueries({ queryKey: ['notifications', 'list'] });
    },
  });
}

/** The user's notification preferences per kind. */
export function useNotificationPreferences() {
  return useQuery({ queryKey: ['notification-preferences'], queryFn: ({ signal }) => api.get<NotificationPreferences>('/api/notification-preferences', undefined, signal) });
}

/** Saves notification preferences. */
export function useSaveNotificationPreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: NotificationPreferences) => api.put<NotificationPreferences>('/api/notification-preferences', input),
    onSuccess: (res) => qc.setQueryData(['notification-preferences'], res),
  });
}
