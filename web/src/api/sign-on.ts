import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type * as SO from '@parley/contracts/sign-on';
import type { z } from 'zod';
import { api, request } from './client.ts';

// Sign-on providers (settings), the staff sign-in page's buttons, and the community's customer sign-in.

export type SignOnProvider = z.infer<typeof SO.SignOnProvider>;
export type SignOnProviderInput = z.input<typeof SO.SignOnProviderInput>;
export type SignOnProviderPatch = z.input<typeof SO.SignOnProviderPatch>;
export type SignOnButtons = z.infer<typeof SO.SignOnButtons>;
export type CustomerMe = z.infer<typeof SO.CustomerMe>;
export type CustomerPurposes = z.infer<typeof SO.CustomerPurposes>;
export type PendingSignOn = z.infer<typeof SO.PendingSignOn>;
export type CustomerSignUpBody = z.input<typeof SO.CustomerSignUpBody>;

/** Every sign-on provider of the workspace (never a secret). */
export function useSignOnProviders() {
  return useQuery({ queryKey: ['sign-on-providers'], queryFn: ({ signal }) => api.get<{ items: SignOnProvider[] }>('/api/sign-on-providers', undefined, signal).then((r) => r.items) });
}

/** Add, change and remove providers. */
export function useSignOnProviderMutations() {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: ['sign-on-providers'] });
  return {
    create: useMutation({ mutationFn: (b: SignOnProviderInput) => api.post<SignOnProvider>('/api/sign-on-providers', b), onSuccess }),
    update: useMutation({ mutationFn: (v: { id: string; patch: SignOnProviderPatch }) => api.patch<SignOnProvider>(`/api/sign-on-providers/${v.id}`, v.patch), onSuccess }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/api/sign-on-providers/${id}`), onSuccess }),
  };
}

/** The sign-on buttons of the staff sign-in page (the workspace named in the address, or the only one). */
export function useStaffSignOnButtons(workspace: string | undefined) {
  return useQuery({
    queryKey: ['staff-sign-on', workspace ?? ''],
    queryFn: ({ signal }) => request<SignOnButtons>('GET', '/api/auth/sign-on-providers', { query: { workspace }, signal, quiet401: true }),
    staleTime: 60_000,
    retry: false,
  });
}

// ---- community (customers); 401 here is the customer's, never the end of a staff session ----

/** The query key of the signed-in customer of a community. */
export const customerKey = (slug: string) => ['community-me', slug] as const;

const community = (slug: string) => `/api/community/${encodeURIComponent(slug)}`;
const quiet = { quiet401: true } as const;

/** Calls of the community's sign-in pages. */
export const communityApi = {
  buttons: (slug: string) => request<SignOnButtons>('GET', `${community(slug)}/sign-on/providers`, quiet),
  purposes: (slug: string, lang: string) => request<CustomerPurposes>('GET', `${community(slug)}/purposes`, { ...quiet, query: { lang } }),
  me: (slug: string) => request<CustomerMe>('GET', `${community(slug)}/me`, quiet),
  pending: (slug: string, lang: string) => request<PendingSignOn>('GET', `${community(slug)}/sign-on/pending`, { ...quiet, query: { lang } }),
  complete: (slug: string, purposes: string[]) => request<CustomerMe>('POST', `${community(slug)}/sign-on/complete`, { ...quiet, body: { purposes } }),
  signIn: (slug: string, body: { email: string; password: string }) => request<CustomerMe>('POST', `${community(slug)}/sign-in`, { ...quiet, body }),
  signUp: (slug: string, body: CustomerSignUpBody) => request<CustomerMe>('POST', `${community(slug)}/sign-up`, { ...quiet, body }),
  signOut: (slug: string) => request<void>('POST', `${community(slug)}/sign-out`, quiet),
  verifyEmail: (slug: string, token: string) => request<CustomerMe>('POST', `${community(slug)}/verify-email`, { ...quiet, body: { token } }),
};
