import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as K from '@parley/contracts/consent';
import { refreshTimelineSoon } from './contacts.ts';
import { api } from './client.ts';

// Types of the consent API, inferred from the contracts the server validates with.
export type ConsentPurpose = z.infer<typeof K.ConsentPurpose>;
export type ConsentPurposeVersion = z.infer<typeof K.ConsentPurposeVersion>;
export type ConsentPurposeInput = z.input<typeof K.ConsentPurposeInput>;
export type ConsentPurposePatch = z.input<typeof K.ConsentPurposePatch>;
export type ConsentRecord = z.infer<typeof K.ConsentRecord>;
export type PersonConsents = z.infer<typeof K.PersonConsents>;
export type PurposeConsent = z.infer<typeof K.PurposeConsent>;
export type ConsentStatus = z.infer<typeof K.ConsentStatus>;
export type LegalBasis = z.infer<typeof K.LegalBasis>;
export type OnBehalfSource = (typeof K.ON_BEHALF_SOURCES)[number];

/** The workspace's consent purposes (archived ones too when asked). */
export function useConsentPurposes(includeArchived = false) {
  return useQuery({
    queryKey: ['consent-purposes', { includeArchived }],
    queryFn: ({ signal }) => api.get<{ items: ConsentPurpose[] }>('/api/consent-purposes', includeArchived ? { includeArchived: 'true' } : undefined, signal).then((r) => r.items),
  });
}

/** One purpose with every version of its wording. */
export function useConsentPurpose(id: string | undefined) {
  return useQuery({
    queryKey: ['consent-purposes', 'one', id],
    queryFn: ({ signal }) => api.get<ConsentPurpose>(`/api/consent-purposes/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** Create and change purposes (new wording = a new version; archive and restore). */
export function useConsentPurposeMutations() {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['consent-purposes'] });
    void qc.invalidateQueries({ queryKey: ['consents'] });
  };
  return {
    create: useMutation({ mutationFn: (b: ConsentPurposeInput) => api.post<ConsentPurpose>('/api/consent-purposes', b), onSuccess: refresh }),
    update: useMutation({ mutationFn: (v: { id: string; patch: ConsentPurposePatch }) => api.patch<ConsentPurpose>(`/api/consent-purposes/${v.id}`, v.patch), onSuccess: refresh }),
  };
}

/** A person's status per purpose and their consent ledger. */
export function usePersonConsents(contactId: string) {
  return useQuery({
    queryKey: ['consents', contactId],
    queryFn: ({ signal }) => api.get<PersonConsents>(`/api/contacts/${contactId}/consents`, undefined, signal),
  });
}

/** Record a grant or a withdrawal on the person's behalf; the answer is the person's consents as they are now. */
export function useConsentMutations(contactId: string) {
  const qc = useQueryClient();
  const done = (data: PersonConsents) => {
    qc.setQueryData(['consents', contactId], data);
    refreshTimelineSoon(qc, 'contact', contactId);
  };
  return {
    grant: useMutation({
      mutationFn: (b: { purposeKey: string; source: OnBehalfSource; note?: string }) => api.post<PersonConsents>(`/api/contacts/${contactId}/consents/grant`, b),
      onSuccess: done,
    }),
    withdraw: useMutation({
      mutationFn: (b: { purposeKey: string; note?: string }) => api.post<PersonConsents>(`/api/contacts/${contactId}/consents/withdraw`, b),
      onSuccess: done,
    }),
  };
}
