import type * as E from '@parley/contracts/experts';
import type { Task } from '@parley/contracts/tasks';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

// Experts: consults, internal notes and suggested replies, the customer of a consulted conversation, tasks from threads.

export type Consult = E.Consult;
export type ConversationNote = E.ConversationNote;
export type ConsultInput = E.ConsultInput;
export type ConversationCustomer = E.ConversationCustomer;
export type ConversationTaskDraft = E.ConversationTaskDraft;
export type ConversationTaskInput = E.ConversationTaskInput;

// Until realtime pushes arrive, an open thread looks for new notes and answers this often.
const POLL_MS = 10_000;

/** The consults of one conversation (an expert gets only those addressed to them). */
export function useConversationConsults(conversationId: string) {
  return useQuery({
    queryKey: ['consults', 'conversation', conversationId],
    queryFn: ({ signal }) => api.get<E.ConsultList>('/api/consults', { conversationId }, signal).then((r) => r.items),
    refetchInterval: POLL_MS,
  });
}

/** The internal notes and suggestions of a conversation, oldest first. */
export function useNotes(conversationId: string) {
  return useQuery({
    queryKey: ['notes', conversationId],
    queryFn: ({ signal }) => api.get<{ items: ConversationNote[] }>(`/api/conversations/${conversationId}/notes`, undefined, signal).then((r) => r.items),
    refetchInterval: POLL_MS,
  });
}

/** The customer of a conversation as the expert may see it. */
export function useConversationCustomer(conversationId: string, enabled = true) {
  return useQuery({
    queryKey: ['conversations', 'customer', conversationId],
    queryFn: ({ signal }) => api.get<ConversationCustomer>(`/api/conversations/${conversationId}/customer`, undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

/** The workspace's default OLA. */
export function useConsultSettings() {
  return useQuery({ queryKey: ['consult-settings'], queryFn: ({ signal }) => api.get<E.ConsultSettings>('/api/consult-settings', undefined, signal), staleTime: 5 * 60_000 });
}

/** The task dialog's prefill (the customer's address). */
export function useTaskDraft(conversationId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['conversations', 'task-draft', conversationId],
    queryFn: ({ signal }) => api.get<ConversationTaskDraft>(`/api/conversations/${conversationId}/task-draft`, undefined, signal),
    enabled,
  });
}

function refresh(qc: QueryClient, conversationId: string) {
  void qc.invalidateQueries({ queryKey: ['consults'] });
  void qc.invalidateQueries({ queryKey: ['notes', conversationId] });
  void qc.invalidateQueries({ queryKey: ['conversations', 'one', conversationId] });
  void qc.invalidateQueries({ queryKey: ['conversations', 'list'] });
}

/** Ask an expert or a team. */
export function useRequestConsult(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConsultInput) => api.post<Consult>(`/api/conversations/${conversationId}/consults`, body),
    onSuccess: () => refresh(qc, conversationId),
  });
}

/** Cancel or close a consult; take one over. */
export function useConsultActions(conversationId: string) {
  const qc = useQueryClient();
  const done = () => refresh(qc, conversationId);
  return {
    patch: useMutation({ mutationFn: (v: { id: string; status: 'cancelled' | 'closed' }) => api.patch<Consult>(`/api/consults/${v.id}`, { status: v.status }), onSuccess: done }),
    takeOver: useMutation({ mutationFn: (id: string) => api.post<Consult>(`/api/consults/${id}/take-over`), onSuccess: done }),
  };
}

/** Write a note or a suggested reply. */
export function useCreateNote(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: E.NoteInput) => api.post<ConversationNote>(`/api/conversations/${conversationId}/notes`, body),
    onSuccess: () => refresh(qc, conversationId),
  });
}

/** Use a suggestion (text for the composer) or dismiss it. */
export function useSuggestionActions(conversationId: string) {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: ['notes', conversationId] });
  return {
    use: useMutation({ mutationFn: (id: string) => api.post<E.NoteUseResult>(`/api/notes/${id}/use`, {}), onSuccess: done }),
    dismiss: useMutation({ mutationFn: (id: string) => api.post<ConversationNote>(`/api/notes/${id}/dismiss`), onSuccess: done }),
  };
}

/** Create a task from the thread. */
export function useCreateConversationTask(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConversationTaskInput) => api.post<Task>(`/api/conversations/${conversationId}/tasks`, body),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['tasks'] }); },
  });
}

// ---- the composer's prefill ----

/** The event a suggestion's "Use as reply" sends; the composer of that conversation takes the text. */
export const COMPOSE_EVENT = 'parley:compose';
export interface ComposeDetail { conversationId: string; text: string }

/** Puts text into the open conversation's reply box. */
export function fillComposer(detail: ComposeDetail): void {
  window.dispatchEvent(new CustomEvent<ComposeDetail>(COMPOSE_EVENT, { detail }));
}
