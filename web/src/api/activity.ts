import type { ActivityPage, FollowableType, FollowState } from '@parley/contracts/activity';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from './client.ts';
import { subscribe } from './realtime.ts';

export type { Activity, FollowableType } from '@parley/contracts/activity';

export type StreamKind = { kind: 'me' } | { kind: 'workspace' } | { kind: 'team'; teamId: string } | { kind: 'record'; type: FollowableType; id: string };
export interface StreamFilters { type?: string | undefined; person?: string | undefined; hashtag?: string | undefined }

function pathOf(s: StreamKind): string {
  if (s.kind === 'me') return '/api/streams/me';
  if (s.kind === 'workspace') return '/api/streams/workspace';
  if (s.kind === 'team') return `/api/streams/teams/${s.teamId}`;
  return `/api/streams/records/${s.type}/${s.id}`;
}

export const STREAM_PAGE_SIZE = 30;

/** A stream, newest first, page by page (keyset cursor); realtime events refetch it (key ['streams', …]). */
export function useStream(s: StreamKind, f: StreamFilters) {
  const qc = useQueryClient();
  // Activities are made by an event handler job a moment after the event is pushed (longer on a busy worker): look again
  // shortly after, and once more a little later.
  useEffect(() => subscribe((m) => {
    if (m.type === 'presence.changed' || m.type === 'viewers.changed' || m.type === 'stream.ready') return;
    for (const ms of [1500, 5000]) setTimeout(() => void qc.invalidateQueries({ queryKey: ['streams'] }), ms);
  }), [qc]);
  return useInfiniteQuery({
    queryKey: ['streams', s, f],
    queryFn: ({ pageParam, signal }) => api.get<ActivityPage>(pathOf(s), {
      cursor: pageParam || undefined, limit: STREAM_PAGE_SIZE, type: f.type || undefined, person: f.person || undefined, hashtag: f.hashtag || undefined,
    }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Whether I follow a record. */
export function useFollowState(type: FollowableType, id: string | undefined) {
  return useQuery({
    queryKey: ['follows', 'state', type, id],
    queryFn: ({ signal }) => api.get<FollowState>(`/api/records/${type}/${id}/follow-state`, undefined, signal),
    enabled: !!id,
  });
}

/** Follows or unfollows a record. */
export function useSetFollow(type: FollowableType, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (follow: boolean) => (follow
      ? api.post<FollowState>('/api/follows', { recordType: type, recordId: id })
      : api.del<FollowState>(`/api/follows/${type}/${id}`)),
    onSuccess: (state) => {
      qc.setQueryData(['follows', 'state', type, id], state);
      void qc.invalidateQueries({ queryKey: ['streams'] });
    },
  });
}
