import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as P from '@parley/contracts/privacy';
import { api } from './client.ts';

// Types of the privacy API (export, erasure, retention), inferred from the contracts the server validates with.
export type EraseResult = z.infer<typeof P.EraseResult>;
export type RetentionRule = z.infer<typeof P.RetentionRule>;
export type RetentionKind = P.RetentionKind;
export type RetentionRuleInput = z.infer<typeof P.RetentionRuleInput>;
export type RetentionRunResult = z.infer<typeof P.RetentionRunResult>;

/** The download address of a person's data: JSON, or the readable page in the given language. */
export function personalDataUrl(contactId: string, format: 'json' | 'html', lang?: 'de' | 'en'): string {
  return `/api/contacts/${contactId}/export?format=${format}${lang ? `&lang=${lang}` : ''}`;
}

/** Erases a person for good; the caller confirms with the person's name. */
export function useErasePerson() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; confirm: string }) => api.post<EraseResult>(`/api/contacts/${v.id}/erase`, { confirm: v.confirm }),
    onSuccess: (_r, v) => {
      qc.removeQueries({ queryKey: ['contacts', 'one', v.id] });
      void qc.invalidateQueries({ queryKey: ['contacts'] });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

/** The workspace's retention rules. */
export function useRetentionRules() {
  return useQuery({
    queryKey: ['retention'],
    queryFn: ({ signal }) => api.get<{ items: RetentionRule[] }>('/api/settings/retention', undefined, signal).then((r) => r.items),
  });
}

/** Save rules, and apply them now. */
export function useRetentionMutations() {
  const qc = useQueryClient();
  const set = (items: RetentionRule[]) => qc.setQueryData(['retention'], items);
  return {
    save: useMutation({ mutationFn: (rules: RetentionRuleInput[]) => api.put<{ items: RetentionRule[] }>('/api/settings/retention', { rules }), onSuccess: (r) => set(r.items) }),
    run: useMutation({ mutationFn: () => api.post<RetentionRunResult>('/api/settings/retention/run'), onSuccess: (r) => set(r.rules) }),
  };
}
