import type * as C from '@parley/contracts/comments';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, currentCsrfToken, ApiError } from './client.ts';

export type Comment = C.Comment;
export type CommentRecordType = C.CommentRecordType;
export type HashtagPage = C.HashtagPage;

const key = (type: string, id: string) => ['comments', type, id];

/** The comments of a record, oldest first. */
export function useComments(type: CommentRecordType, id: string) {
  return useQuery({ queryKey: key(type, id), queryFn: ({ signal }) => api.get<C.CommentList>(`/api/records/${type}/${id}/comments`, undefined, signal) });
}

/** Writes, edits and deletes comments of a record; each refreshes the record's list. */
export function useCommentMutations(type: CommentRecordType, id: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: key(type, id) });
  return {
    create: useMutation({ mutationFn: (body: string) => api.post<Comment>(`/api/records/${type}/${id}/comments`, { body }), onSuccess: refresh }),
    update: useMutation({ mutationFn: (v: { id: string; body: string }) => api.patch<Comment>(`/api/comments/${v.id}`, { body: v.body }), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (commentId: string) => api.del(`/api/comments/${commentId}`), onSuccess: refresh }),
    refresh,
  };
}

/** The sanitized HTML the server renders a body to. */
export function previewComment(body: string): Promise<{ html: string }> {
  return api.post<{ html: string }>('/api/comments/preview', { body });
}

/** Uploads a file to a comment with progress (fetch has no upload progress, XMLHttpRequest does). */
export function uploadAttachment(commentId: string, file: File, onProgress: (fraction: number) => void): Promise<Comment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/comments/${commentId}/attachments`);
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body: unknown;
      try { body = JSON.parse(xhr.responseText); } catch { body = undefined; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Comment);
      else {
        const e = (body as { error?: { code: string; message: string } } | undefined)?.error;
        reject(new ApiError(xhr.status, e?.code ?? `http_${xhr.status}`, e?.message ?? xhr.statusText));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Network error'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** Hashtags starting with q, most used first (the editor's autocomplete). */
export function useHashtagSuggestions(q: string | null) {
  return useQuery({
    queryKey: ['hashtags', 'suggest', q],
    queryFn: ({ signal }) => api.get<C.HashtagSuggestions>('/api/hashtags', { q: q ?? '' }, signal),
    enabled: q !== null,
    staleTime: 30_000,
  });
}

/** A hashtag's page: counts per week, by record type and team, co-occurring tags and its uses. */
export function useHashtagPage(tag: string) {
  return useQuery({ queryKey: ['hashtags', 'page', tag], queryFn: ({ signal }) => api.get<HashtagPage>(`/api/hashtags/${encodeURIComponent(tag)}`, { limit: 100 }, signal) });
}

/** Removes an attachment from a comment (its author or an admin, while editing it). */
export function removeAttachment(commentId: string, key: string): Promise<Comment> {
  return api.del<Comment>(`/api/comments/${commentId}/attachments/${key}`);
}

/** An admin's rename of a hashtag, or merge into another one in use; answers the tag it now is. */
export function useHashtagAdmin() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ['hashtags'] });
  return {
    rename: useMutation({ mutationFn: (v: { tag: string; to: string }) => api.post<C.HashtagRenameResult>(`/api/hashtags/${encodeURIComponent(v.tag)}/rename`, { to: v.to }), onSuccess: done }),
    merge: useMutation({ mutationFn: (v: { tag: string; to: string }) => api.post<C.HashtagRenameResult>(`/api/hashtags/${encodeURIComponent(v.tag)}/merge`, { to: v.to }), onSuccess: done }),
  };
}
