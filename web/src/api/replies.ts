import type * as K from '@parley/contracts/replies';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';

// Types of the replies API (canned replies, drafts, approval, CSAT), inferred from the contracts the server validates with.
export type CannedReply = K.CannedReply;
export type CannedReplyInput = z.input<typeof K.CannedReplyInput>;
export type RenderedReply = K.RenderedReply;
export type Draft = K.Draft;
export type Approval = K.Approval;
export type ApprovalRule = K.ApprovalRule;
export type ApprovalRuleInput = z.input<typeof K.ApprovalRuleInput>;
export type ReplySettings = K.ReplySettings;
export type CsatSurvey = K.CsatSurvey;
export type CsatReport = K.CsatReport;
type ApprovalList = z.infer<typeof K.ApprovalList>;
type ConversationCsat = z.infer<typeof K.ConversationCsat>;

/** Canned replies, most used first (the picker filters them in the browser: there are few). */
export function useCannedReplies(enabled = true) {
  return useQuery({
    queryKey: ['canned-replies'],
    queryFn: ({ signal }) => api.get<{ items: CannedReply[] }>('/api/canned-replies', undefined, signal).then((r) => r.items),
    enabled,
    staleTime: 60_000,
  });
}

/** A canned reply filled in for a conversation, in its language. */
export function renderCanned(conversationId: string, cannedId: string): Promise<RenderedReply> {
  return api.post<RenderedReply>(`/api/conversations/${conversationId}/canned-replies/${cannedId}/render`);
}

/** A template rendered against an example customer (the editor's preview). */
export function previewTemplate(text: string, language: 'de' | 'en'): Promise<RenderedReply> {
  return api.post<RenderedReply>('/api/canned-replies/preview', { text, language });
}

/** Creates (no id) or replaces a canned reply. */
export function useSaveCanned() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: CannedReplyInput & { id?: string }) => (id ? api.put<CannedReply>(`/api/canned-replies/${id}`, body) : api.post<CannedReply>('/api/canned-replies', body)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['canned-replies'] }),
  });
}

/** Deletes a canned reply. */
export function useDeleteCanned() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api/canned-replies/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['canned-replies'] }),
  });
}

/** The user's draft in a conversation (fresh each time a conversation is opened: another browser may have changed it). */
export function useDraft(conversationId: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['drafts', conversationId],
    queryFn: ({ signal }) => api.get<{ draft: Draft | null }>(`/api/conversations/${conversationId}/draft`, undefined, signal).then((r) => r.draft),
    staleTime: 0,
    gcTime: 0,
    refetchOnMount: 'always',
  });
}

/** Saves the user's draft (an empty text deletes it). */
export function saveDraft(conversationId: string, body: { text: string; private: boolean }): Promise<Draft | null> {
  return api.put<{ draft: Draft | null }>(`/api/conversations/${conversationId}/draft`, body).then((r) => r.draft);
}

/** Held replies of a status. */
export function useApprovals(status: 'pending' | 'approved' | 'rejected' = 'pending') {
  return useQuery({
    queryKey: ['approvals', status],
    queryFn: ({ signal }) => api.get<ApprovalList>('/api/approvals', { status }, signal),
    refetchInterval: 15_000,
  });
}

/** How many replies wait for approval (managers only). */
export function useApprovalCount(enabled: boolean) {
  return useQuery({
    queryKey: ['approvals', 'count'],
    queryFn: ({ signal }) => api.get<{ pending: number }>('/api/approvals/count', undefined, signal).then((r) => r.pending),
    enabled,
    refetchInterval: 20_000,
  });
}

/** Approves (optionally with an edited text) or rejects (with a reason) a held reply. */
export function useDecideApproval() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: { messageId: string; approve: true; text?: string } | { messageId: string; approve: false; reason: string }) => (d.approve
      ? api.post<Approval>(`/api/approvals/${d.messageId}/approve`, d.text !== undefined ? { text: d.text } : {})
      : api.post<Approval>(`/api/approvals/${d.messageId}/reject`, { reason: d.reason })),
    onSuccess: (a) => {
      void qc.invalidateQueries({ queryKey: ['approvals'] });
      void qc.invalidateQueries({ queryKey: ['conversations', 'one', a.conversationId] });
    },
  });
}

/** The approval rules. */
export function useApprovalRules() {
  return useQuery({
    queryKey: ['approval-rules'],
    queryFn: ({ signal }) => api.get<{ items: ApprovalRule[] }>('/api/approval-rules', undefined, signal).then((r) => r.items),
  });
}

/** Creates (no id) or replaces an approval rule. */
export function useSaveRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ApprovalRuleInput & { id?: string }) => (id ? api.put<ApprovalRule>(`/api/approval-rules/${id}`, body) : api.post<ApprovalRule>('/api/approval-rules', body)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['approval-rules'] }),
  });
}

/** Deletes an approval rule. */
export function useDeleteRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api/approval-rules/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['approval-rules'] }),
  });
}

/** The users whose replies always need approval. */
export function useApprovalAgents() {
  return useQuery({
    queryKey: ['approval-agents'],
    queryFn: ({ signal }) => api.get<{ userIds: string[] }>('/api/approval-agents', undefined, signal).then((r) => r.userIds),
  });
}

/** Flags a user's replies as needing approval, or not. */
export function useSetApprovalAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, needsApproval }: { userId: string; needsApproval: boolean }) => api.put<{ userIds: string[] }>(`/api/approval-agents/${userId}`, { needsApproval }),
    onSuccess: (r) => qc.setQueryData(['approval-agents'], r.userIds),
  });
}

/** CSAT settings. */
export function useReplySettings() {
  return useQuery({ queryKey: ['reply-settings'], queryFn: ({ signal }) => api.get<ReplySettings>('/api/reply-settings', undefined, signal) });
}

/** Changes CSAT settings. */
export function useUpdateReplySettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<ReplySettings>) => api.patch<ReplySettings>('/api/reply-settings', patch),
    onSuccess: (s) => qc.setQueryData(['reply-settings'], s),
  });
}

/** The CSAT report of the last weeks. */
export function useCsatReport(weeks = 12) {
  return useQuery({ queryKey: ['csat', 'report', weeks], queryFn: ({ signal }) => api.get<CsatReport>('/api/csat/report', { weeks }, signal) });
}

/** A conversation's CSAT surveys and answers. */
export function useConversationCsat(conversationId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['csat', 'conversation', conversationId],
    queryFn: ({ signal }) => api.get<ConversationCsat>(`/api/conversations/${conversationId}/csat`, undefined, signal).then((r) => r.surveys),
    enabled: !!conversationId && enabled,
  });
}

/** The public survey (no login). */
export function useCsatSurvey(token: string) {
  return useQuery({ queryKey: ['csat', 'survey', token], queryFn: ({ signal }) => api.get<CsatSurvey>('/api/csat/survey', { token }, signal), retry: false });
}

/** Answers the public survey. */
export function answerCsat(token: string, score: number, comment: string): Promise<CsatSurvey> {
  return api.post<CsatSurvey>('/api/csat/survey', { token, score, comment: comment.trim() || undefined });
}
