import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { refreshTimelineSoon } from './contacts.ts';
import { api, type QueryValue } from './client.ts';
import type { Task, TaskCounts, TaskInput, TaskListQuery, TaskPage, TaskPatch } from './types.ts';

/** The browser's time zone, so "today" means the user's today. */
export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

type ListParams = Omit<TaskListQuery, 'cursor' | 'tz'>;

/** Tasks matching a filter, page by page. */
export function useTaskPages(params: ListParams, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['tasks', 'list', params],
    queryFn: ({ pageParam, signal }) => api.get<TaskPage>('/api/tasks', { ...(params as Record<string, QueryValue>), tz: timeZone, cursor: pageParam || undefined }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** The signed-in user's open, overdue and due-today counts. */
export function useTaskCounts(enabled = true) {
  return useQuery({
    queryKey: ['tasks', 'counts'],
    queryFn: ({ signal }) => api.get<TaskCounts>('/api/tasks/counts', { tz: timeZone }, signal),
    enabled,
    staleTime: 30_000,
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return (t?: Task) => {
    void qc.invalidateQueries({ queryKey: ['tasks'] });
    if (t?.record) refreshTimelineSoon(qc, t.record.type, t.record.id);
  };
}

/** Creates a task. */
export function useCreateTask() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (input: TaskInput) => api.post<Task>('/api/tasks', input), onSuccess: (t) => refresh(t) });
}

/** Changes a task (e.g. marks it done). */
export function useUpdateTask() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, patch }: { id: string; patch: TaskPatch }) => api.patch<Task>(`/api/tasks/${id}`, patch), onSuccess: (t) => refresh(t) });
}

/** Deletes a task. */
export function useDeleteTask() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: string) => api.del(`/api/tasks/${id}`), onSuccess: () => refresh() });
}
