import type * as E from '@parley/contracts/email';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

// Types of the intake API (SMTP receiver, polled channels), inferred from the contracts the server validates with.
export type IntakeOverview = E.IntakeOverview;
export type IntakeChannel = E.IntakeChannel;
export type PollResult = E.PollResult;

const KEY = ['intake'] as const;

/** The SMTP receiver's settings and the e-mail, LinkedIn and Bluesky channels with their polling state. */
export function useIntake() {
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => api.get<IntakeOverview>('/api/intake', undefined, signal), refetchInterval: 30_000 });
}

/** Polls a LinkedIn or Bluesky channel now. */
export function usePollNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (channelId: string) => api.post<PollResult>(`/api/channels/${channelId}/poll`, {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
