import type { CustomerMe, SignOnAudience, SignOnButton, SignOnKind, SignOnProvider } from '@parley/contracts/sign-on';
import type { AccountRow, ProviderRow } from './sign-on-repo.ts';

/** Where a provider sends people back to: one address per workspace and audience, to register at the provider. */
export function redirectUriOf(publicUrl: string, audience: SignOnAudience, slug: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  return audience === 'staff' ? `${base}/api/auth/sign-on/${slug}/callback` : `${base}/api/community/${slug}/sign-on/callback`;
}

/** A provider for the settings page: never the client secret, only whether one is stored. */
export function presentProvider(p: ProviderRow, publicUrl: string, slug: string): SignOnProvider {
  return {
    id: p.id, audience: p.audience as SignOnAudience, kind: p.kind as SignOnKind, name: p.name, issuer: p.issuer,
    clientId: p.clientId, hasSecret: Boolean(p.clientSecretEnc), scopes: p.scopes, enabled: p.enabled,
    redirectUri: redirectUriOf(publicUrl, p.audience as SignOnAudience, slug), createdAt: p.createdAt.toISOString(),
  };
}

/** A provider as a sign-in button: its name and kind and where signing in starts, nothing of its settings. */
export function presentButton(p: ProviderRow, slug: string): SignOnButton {
  const startUrl = p.audience === 'staff' ? `/api/auth/sign-on/${slug}/${p.id}/start` : `/api/community/${slug}/sign-on/${p.id}/start`;
  return { id: p.id, kind: p.kind as SignOnKind, name: p.name, startUrl };
}

/** What the audit log keeps of a provider change (the secret only as present or not). */
export function providerAudit(p: ProviderRow): Record<string, unknown> {
  return { audience: p.audience, kind: p.kind, name: p.name, issuer: p.issuer, clientId: p.clientId, hasSecret: Boolean(p.clientSecretEnc), scopes: p.scopes, enabled: p.enabled };
}

/** The signed-in customer's own account. */
export function presentCustomer(a: AccountRow, workspace: { slug: string; name: string }, returnTo: string | null = null): CustomerMe {
  return {
    account: { id: a.id, email: a.email, emailVerified: a.emailVerifiedAt !== null, displayName: a.displayName, hasPassword: a.passwordHash !== null },
    workspace: { slug: workspace.slug, name: workspace.name },
    returnTo,
  };
}

/** What events keep of a customer account (no password hash). */
export function accountAudit(a: AccountRow): Record<string, unknown> {
  return { contactId: a.contactId, email: a.email, emailVerified: a.emailVerifiedAt !== null, displayName: a.displayName, status: a.status, hasPassword: a.passwordHash !== null };
}
