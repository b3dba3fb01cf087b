import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { refreshTimelineSoon } from './contacts.ts';
import { api } from './client.ts';
import type { Contact, DuplicateList, MergeBody, MergePreview, MergeResult } from './types.ts';

/** Likely duplicate pairs, best matches first. */
export function useDuplicates(limit = 100) {
  return useQuery({ queryKey: ['duplicates', limit], queryFn: ({ signal }) => api.get<DuplicateList>('/api/duplicates', { limit }, signal).then((r) => r.items) });
}

/** Marks a pair as two different people. */
export function useDismissDuplicate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { aId: string; bId: string }) => api.post('/api/duplicates/dismiss', v),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['duplicates'] }),
  });
}

/** What a merge would produce, asked again whenever a choice changes. */
export function useMergePreview(body: MergeBody | null) {
  return useQuery({
    queryKey: ['merge-preview', body],
    queryFn: () => api.post<MergePreview>('/api/contacts/merge/preview', body),
    enabled: !!body,
    placeholderData: (prev) => prev,
    staleTime: Infinity,
  });
}

function useRefreshAfterMerge() {
  const qc = useQueryClient();
  return (ids: string[]) => {
    void qc.invalidateQueries({ queryKey: ['duplicates'] });
    void qc.invalidateQueries({ queryKey: ['contacts'] });
    void qc.invalidateQueries({ queryKey: ['merges'] });
    for (const id of ids) {
      void qc.invalidateQueries({ queryKey: ['notes', 'contact', id] });
      refreshTimelineSoon(qc, 'contact', id);
    }
  };
}

/** Merges two people. */
export function useMerge() {
  const refresh = useRefreshAfterMerge();
  return useMutation({
    mutationFn: (body: MergeBody) => api.post<MergeResult>('/api/contacts/merge', body),
    onSuccess: (_r, body) => refresh([body.survivorId, body.loserId]),
  });
}

/** Undoes a merge: both people are back as they were. */
export function useUndoMerge() {
  const refresh = useRefreshAfterMerge();
  return useMutation({
    mutationFn: (v: { mergeId: string; ids: string[] }) => api.post<Contact>(`/api/merges/${v.mergeId}/undo`),
    onSuccess: (_r, v) => refresh(v.ids),
  });
}

export interface MergeRecord {
  id: string;
  loserId: string;
  createdAt: string;
  actorId: string | null;
}

/** The merges a person survived (undoable). */
export function useMerges(contactId: string, enabled = true) {
  return useQuery({
    queryKey: ['merges', contactId],
    queryFn: ({ signal }) => api.get<{ items: MergeRecord[] }>(`/api/contacts/${contactId}/merges`, undefined, signal).then((r) => r.items),
    enabled,
  });
}
