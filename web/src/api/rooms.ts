import type * as R from '@parley/contracts/rooms';
import type { z } from 'zod';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, currentCsrfToken } from './client.ts';

export type Room = R.Room;
export type RoomPost = R.RoomPost;
export type RoomDocument = R.RoomDocument;
export type DocumentVersion = R.DocumentVersion;
export type RoomNote = R.RoomNote;
export type RoomNoteSummary = R.RoomNoteSummary;
export type RoomMember = R.RoomMember;
export type RoomInput = z.input<typeof R.RoomInput>;

/** The rooms the user may read. */
export function useRooms() {
  return useQuery({ queryKey: ['rooms', 'list'], queryFn: ({ signal }) => api.get<{ items: Room[] }>('/api/rooms', undefined, signal) });
}

/** One room. */
export function useRoom(id: string) {
  return useQuery({ queryKey: ['rooms', id], queryFn: ({ signal }) => api.get<Room>(`/api/rooms/${id}`, undefined, signal) });
}

/** A room's feed, page by page. */
export function useRoomPosts(id: string) {
  return useInfiniteQuery({
    queryKey: ['rooms', id, 'posts'],
    queryFn: ({ pageParam, signal }) => api.get<{ items: RoomPost[]; nextCursor: string | null }>(`/api/rooms/${id}/posts`, { cursor: pageParam || undefined }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A room's documents. */
export function useRoomDocuments(id: string) {
  return useQuery({ queryKey: ['rooms', id, 'documents'], queryFn: ({ signal }) => api.get<{ items: RoomDocument[] }>(`/api/rooms/${id}/documents`, undefined, signal) });
}

/** A document's versions. */
export function useDocumentVersions(id: string | null) {
  return useQuery({ queryKey: ['documents', id, 'versions'], enabled: !!id, queryFn: ({ signal }) => api.get<{ items: DocumentVersion[] }>(`/api/documents/${id}/versions`, undefined, signal) });
}

/** A room's notes. */
export function useRoomNotes(id: string) {
  return useQuery({ queryKey: ['rooms', id, 'notes'], queryFn: ({ signal }) => api.get<{ items: RoomNoteSummary[] }>(`/api/rooms/${id}/notes`, undefined, signal) });
}

/** One note with its history. */
export function useRoomNote(id: string | null) {
  return useQuery({ queryKey: ['room-notes', id], enabled: !!id, queryFn: ({ signal }) => api.get<RoomNote>(`/api/room-notes/${id}`, undefined, signal) });
}

/** A room's members. */
export function useRoomMembers(id: string) {
  return useQuery({ queryKey: ['rooms', id, 'members'], queryFn: ({ signal }) => api.get<{ items: RoomMember[] }>(`/api/rooms/${id}/members`, undefined, signal) });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => { void qc.invalidateQueries({ queryKey: ['rooms'] }); void qc.invalidateQueries({ queryKey: ['documents'] }); void qc.invalidateQueries({ queryKey: ['room-notes'] }); };
}

/** Room writes: create, join, post, members, notes. */
export function useRoomMutations() {
  const refresh = useRefresh();
  const m = <A, T>(fn: (a: A) => Promise<T>) => useMutation({ mutationFn: fn, onSuccess: refresh });
  return {
    create: m((input: RoomInput) => api.post<Room>('/api/rooms', input)),
    join: m((id: string) => api.post<Room>(`/api/rooms/${id}/join`)),
    post: m(({ roomId, body, parentId }: { roomId: string; body: string; parentId?: string }) => api.post<RoomPost>(`/api/rooms/${roomId}/posts`, { body, parentId })),
    addMember: m(({ roomId, userId }: { roomId: string; userId: string }) => api.post(`/api/rooms/${roomId}/members`, { userId })),
    removeMember: m(({ roomId, userId }: { roomId: string; userId: string }) => api.del(`/api/rooms/${roomId}/members/${userId}`)),
    createNote: m(({ roomId, title, body }: { roomId: string; title: string; body: string }) => api.post<RoomNote>(`/api/rooms/${roomId}/notes`, { title, body })),
    saveNote: m(({ id, baseVersion, body }: { id: string; baseVersion: number; body: string }) => api.patch<RoomNote>(`/api/room-notes/${id}`, { baseVersion, body })),
  };
}

/** Uploads a file as a new document of a room, or as a new version of a document, reporting progress (0..1). */
export function uploadDocument(url: string, file: File, onProgress: (fraction: number) => void): Promise<RoomDocument> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'network_error'));
    xhr.onload = () => {
      let json: { error?: { code: string; message: string } } | undefined;
      try { json = JSON.parse(xhr.responseText); } catch { json = undefined; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(json as unknown as RoomDocument);
      else reject(new ApiError(xhr.status, json?.error?.code ?? `http_${xhr.status}`, json?.error?.message ?? xhr.statusText));
    };
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** Invalidates the room caches after an upload. */
export function useRefreshRooms() {
  return useRefresh();
}

/** Renders Markdown on the server (same renderer and sanitizer as saved posts and notes). */
export function previewMarkdown(body: string): Promise<{ html: string }> {
  return api.post<{ html: string }>('/api/rooms/preview', { body });
}
