import type { Identity } from '@parley/contracts/identities';
import type * as K from '@parley/contracts/inbox';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';

// Types of the inbox API, inferred from the contracts the server validates with.
export type Conversation = K.Conversation;
export type ConversationDetail = K.ConversationDetail;
export type Message = K.Message;
export type ConversationStatus = (typeof K.CONVERSATION_STATUSES)[number];
export type ConversationPatch = K.ConversationPatch;
export type ReplyInput = z.input<typeof K.ReplyInput>;
type ConversationPageBody = z.infer<typeof K.ConversationPage>;

export const INBOX_PAGE_SIZE = 30;
// While a reply waits in the outbox, its thread is asked for again this often until it is sent or failed.
const SENDING_POLL_MS = 1500;

/** The inbox list of one status, newest activity first, page by page (the cursor of the last page asks for the next). */
export function useConversations(status: ConversationStatus) {
  return useInfiniteQuery({
    queryKey: ['conversations', 'list', status],
    queryFn: ({ pageParam, signal }) => api.get<ConversationPageBody>('/api/conversations', { status, cursor: pageParam || undefined, limit: INBOX_PAGE_SIZE }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // New messages come in by webhook; until realtime updates arrive, the list looks again now and then.
    refetchInterval: 20_000,
  });
}

/** A conversation with its messages; asked for again while one of its replies is still queued. */
export function useConversation(id: string | undefined) {
  return useQuery({
    queryKey: ['conversations', 'one', id],
    queryFn: ({ signal }) => api.get<ConversationDetail>(`/api/conversations/${id}`, undefined, signal),
    enabled: !!id,
    // A reply held for approval is looked at less often (a manager decides in minutes); realtime usually tells first.
    refetchInterval: (q) => (q.state.data?.messages.some((m) => m.sendStatus === 'queued') ? SENDING_POLL_MS
      : q.state.data?.messages.some((m) => m.sendStatus === 'pending_approval') ? 5000 : false),
  });
}

/** A person's conversations, newest first (the newest 100). */
export function useContactConversations(contactId: string | null | undefined) {
  return useQuery({
    queryKey: ['conversations', 'contact', contactId],
    queryFn: ({ signal }) => api.get<ConversationPageBody>('/api/conversations', { contactId, limit: 100 }, signal)
      .then((r) => r.items),
    enabled: !!contactId,
    staleTime: 30_000,
  });
}

/** A social identity (the author of a conversation or message); identities change rarely, so they are kept a while. */
export function useIdentity(id: string | null | undefined) {
  return useQuery({
    queryKey: ['identities', 'one', id],
    queryFn: ({ signal }) => api.get<Identity>(`/api/identities/${id}`, undefined, signal),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

function refreshConversation(qc: QueryClient, id: string, detail?: ConversationDetail) {
  if (detail) qc.setQueryData(['conversations', 'one', id], detail);
  void qc.invalidateQueries({ queryKey: ['conversations', 'one', id] });
  void qc.invalidateQueries({ queryKey: ['conversations', 'list'] });
  void qc.invalidateQueries({ queryKey: ['conversations', 'contact'] });
}

/** Sends a reply (in the thread or privately to the author of a public comment); it is queued in the outbox. */
export function useSendReply(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReplyInput) => api.post<Message>(`/api/conversations/${conversationId}/replies`, body),
    onSuccess: (message) => {
      // The queued message shows at once; the thread then polls until the connector sent it (or failed).
      qc.setQueryData<ConversationDetail>(['conversations', 'one', conversationId], (d) =>
        d && !d.messages.some((m) => m.id === message.id) ? { ...d, messages: [...d.messages, message] } : d);
      refreshConversation(qc, conversationId);
    },
  });
}

/** Sends a failed reply again. */
export function useRetryMessage(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (messageId: string) => api.post<Message>(`/api/messages/${messageId}/retry`),
    onSuccess: (message) => {
      qc.setQueryData<ConversationDetail>(['conversations', 'one', conversationId], (d) =>
        d ? { ...d, messages: d.messages.map((m) => (m.id === message.id ? message : m)) } : d);
      refreshConversation(qc, conversationId);
    },
  });
}

/** Changes a conversation's status or priority. */
export function useUpdateConversation(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: ConversationPatch) => api.patch<Conversation>(`/api/conversations/${conversationId}`, patch),
    onSuccess: (c) => {
      qc.setQueryData<ConversationDetail>(['conversations', 'one', conversationId], (d) => (d ? { ...d, ...c, messages: d.messages } : d));
      refreshConversation(qc, conversationId);
    },
  });
}
