import type { AddIdentityInput, Identity, MatchCandidate, MatchPage } from '@parley/contracts/identities';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client.ts';
import { refreshTimelineSoon } from '../../api/contacts.ts';

export type { Identity, MatchCandidate };
export type AddIdentityBody = z.input<typeof AddIdentityInput>;
type MatchPageBody = z.infer<typeof MatchPage>;
export type MatchStatus = MatchCandidate['status'];
export type MatchSubject = MatchCandidate['subjectType'];

/** A person's social identities, each with its link history (newest first). */
export function useContactIdentities(contactId: string, enabled = true) {
  return useQuery({
    queryKey: ['identities', 'contact', contactId],
    queryFn: ({ signal }) => api.get<{ items: Identity[] }>(`/api/contacts/${contactId}/identities`, undefined, signal).then((r) => r.items),
    enabled,
  });
}

/** The open match proposals that name this person (the "possible identities" of the person's page). */
export function useContactProposals(contactId: string, enabled = true) {
  return useQuery({
    queryKey: ['matches', 'contact', contactId],
    queryFn: ({ signal }) => api.get<MatchPageBody>('/api/match-candidates', { status: 'open', subjectType: 'identity', contactId, limit: 20 }, signal),
    enabled,
  });
}

/** The review queue, page by page (the cursor of the last page asks for the next). */
export function useMatchQueue(status: MatchStatus, subjectType: MatchSubject | undefined) {
  return useInfiniteQuery({
    queryKey: ['matches', 'queue', status, subjectType ?? 'all'],
    queryFn: ({ pageParam, signal }) => api.get<MatchPageBody>('/api/match-candidates', { status, subjectType, cursor: pageParam || undefined, limit: 25 }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

// After a link changes, the person's identities, proposals and timelines are stale (also those of a person the
// identity moved away from).
function useRefresh() {
  const qc = useQueryClient();
  return (contactIds: (string | null | undefined)[]) => {
    void qc.invalidateQueries({ queryKey: ['identities'] });
    void qc.invalidateQueries({ queryKey: ['matches'] });
    for (const id of contactIds) if (id) refreshTimelineSoon(qc, 'contact', id);
  };
}

/** Records an identity as this person's (linked by the agent's decision). */
export function useAddIdentity(contactId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: AddIdentityBody) => api.post<Identity>(`/api/contacts/${contactId}/identities`, body),
    onSuccess: () => refresh([contactId]),
  });
}

/** Links an identity to this person by the agent's decision (a link to someone else is undone first). */
export function useLinkIdentity(contactId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (v: { identityId: string; previousContactId?: string | null; note?: string }) =>
      api.post<Identity>(`/api/identities/${v.identityId}/link`, { contactId, note: v.note || undefined }),
    onSuccess: (_r, v) => refresh([contactId, v.previousContactId]),
  });
}

/** Undoes an identity's current link, with the reason kept in its history. */
export function useUnlinkIdentity() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (v: { identity: Identity; reason?: string }) => api.post<Identity>(`/api/identities/${v.identity.id}/unlink`, { reason: v.reason || undefined }),
    onSuccess: (_r, v) => refresh([v.identity.contactId]),
  });
}

/** Decides a proposal: `confirm` links the identity, `reject` remembers that it is not a match. */
export function useDecideMatch() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (v: { match: MatchCandidate; decision: 'confirm' | 'reject' }) => api.post<void>(`/api/match-candidates/${v.match.id}/${v.decision}`),
    onSuccess: (_r, v) => refresh([v.match.contact?.id, v.match.subjectContact?.id]),
  });
}

/** Starts a resolution run for the workspace; it runs in the background. */
export function useRunResolution() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ started: true }>('/api/identities/resolve'),
    // The run takes a while; look again a few times so that its proposals show up without a reload.
    onSuccess: () => {
      for (const ms of [2000, 6000, 15000]) setTimeout(() => void qc.invalidateQueries({ queryKey: ['matches'] }), ms);
    },
  });
}
