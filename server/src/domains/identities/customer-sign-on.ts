import type { Language } from '@parley/contracts/common';
import type { Network } from '@parley/contracts/identities';
import { SIGN_ON_LIMITS, type CustomerMe, type PendingSignOn, type SignOnKind } from '@parley/contracts/sign-on';
import type { Deps } from '../../deps.ts';
import * as contactsService from '../contacts/service.ts';
import { grantPurposes, insertAccount, languageOf, openSession, purposesFor, customerActor } from './customer-accounts.ts';
import { SignOnFailed, type SignOnClaims } from './oidc.ts';
import { presentCustomer } from './sign-on-presenter.ts';
import * as identitiesRepo from './repo.ts';
import * as repo from './sign-on-repo.ts';
import { verifyCallback, workspaceOf } from './sign-on-service.ts';
import { linkIdentity, upsertIdentity, type UpsertIdentityInput } from './service.ts';

// A customer coming back from a provider. Someone known (their identity is linked to a person with an account) is
// signed in at once. Anyone else sees the first sign-on page, which asks the consent purposes; only then is the
// identity recorded and linked, the person found or created, and the account opened.
//
// Which person a first sign-on links to:
//   1. the person the identity is linked to already (an earlier link, by sign-on or by staff);
//   2. the account with this e-mail, when the provider verified the e-mail. An account made with a password whose
//      e-mail was never verified is taken over: its password is removed, since whoever chose it never proved the
//      address (otherwise someone could sign up with another's address first and share the account later);
//   3. the oldest person with this primary e-mail, again only when the provider verified it;
//   4. otherwise a new person. An unverified e-mail claim never links to anyone who exists: providers such as
//      Microsoft and Facebook send addresses they have not checked. Such an account keeps its e-mail unverified and
//      gets the verification mail; an unverified claim for an e-mail that has an account already is refused.

const PENDING_PURPOSE = 'sign-on-pending';

/** What the first sign-on page carries between the callback and the person's answer (signed, short-lived cookie). */
interface Pending extends Record<string, unknown> {
  w: string; p: string; k: SignOnKind; i: string; s: string; e: string; v: boolean;
  n: string | null; g: string | null; f: string | null; pic: string | null; l: string | null; r: string | null; c: string[];
}

export type CustomerCallbackResult = { kind: 'signed_in'; cookie: string; returnTo: string } | { kind: 'pending'; pending: string };

/** Finishes the provider's answer: a known customer is signed in; anyone else goes on to the first sign-on page. */
export async function finishCustomerSignOn(deps: Deps, slug: string, params: URLSearchParams, boundState: string | undefined): Promise<CustomerCallbackResult> {
  const { workspace: ws, provider, claims, attempt } = await verifyCallback(deps, 'customer', slug, params, boundState);
  if (!claims.email) throw new SignOnFailed('sign_on_email_missing', 'The provider did not share an e-mail address');
  const kind = provider.kind as SignOnKind;
  const identity = await identitiesRepo.findIdentityByExternal(deps.db, ws.id, kind, externalIdOf(kind, claims.issuer, claims.sub));
  const person = identity?.contactId ? await contactsService.livePersonIn(deps.db, ws.id, identity.contactId) : undefined;
  let account = person ? await repo.findAccountOfContact(deps.db, ws.id, person.id, claims.email) : undefined;
  if (!account && person) {
    // An account stays on a person merged into another since (accounts do not move with merges yet).
    const byEmail = await repo.findAccountByEmail(deps.db, ws.id, claims.email);
    if (byEmail && (await contactsService.livePersonIn(deps.db, ws.id, byEmail.contactId))?.id === person.id) account = byEmail;
  }
  if (account) {
    if (account.status !== 'active') throw new SignOnFailed('account_disabled', 'This account is disabled');
    const actor = customerActor(ws, claims.locale);
    const cookie = await deps.db.transaction(async (tx) => {
      await upsertIdentity(deps, actor, identityInput(kind, claims), tx);
      return openSession(deps, tx, actor, account, { method: 'sign_on', providerId: provider.id, kind });
    });
    return { kind: 'signed_in', cookie, returnTo: attempt.returnTo ?? `/community/${ws.slug}` };
  }
  const pending: Pending = {
    w: ws.id, p: provider.id, k: kind, i: claims.issuer, s: claims.sub, e: claims.email, v: claims.emailVerified,
    n: claims.name, g: claims.givenName, f: claims.familyName, pic: claims.picture, l: claims.locale, r: attempt.returnTo, c: attempt.purposes,
  };
  return { kind: 'pending', pending: deps.secrets.sign(PENDING_PURPOSE, pending, SIGN_ON_LIMITS.pendingMinutes * 60_000) };
}

/** The first sign-on page: who came back, from which provider, and the purposes to ask in the person's language. */
export async function pendingSignOn(deps: Deps, slug: string, token: string | undefined, lang?: Language): Promise<PendingSignOn> {
  const ws = await workspaceOf(deps, slug);
  const p = readPending(deps, ws.id, token);
  const provider = await repo.findProvider(deps.db, ws.id, p.p);
  if (!provider?.enabled) throw new SignOnFailed('provider_not_found', 'No such sign-on provider');
  return {
    workspace: { slug: ws.slug, name: ws.name },
    provider: { kind: p.k, name: provider.name },
    email: p.e, emailVerified: p.v, displayName: p.n,
    purposes: await purposesFor(deps, ws.id, lang ?? languageOf(p.l ?? ws.defaultLanguage), p.c),
  };
}

/** Completes a first sign-on with the purposes the person ticked: identity, link, person, account, consent, session. */
export async function completeSignOn(deps: Deps, slug: string, token: string | undefined, purposes: string[]): Promise<{ cookie: string; me: CustomerMe }> {
  const ws = await workspaceOf(deps, slug);
  const p = readPending(deps, ws.id, token);
  const provider = await repo.findProvider(deps.db, ws.id, p.p);
  if (!provider?.enabled) throw new SignOnFailed('provider_not_found', 'No such sign-on provider');
  const actor = customerActor(ws, p.l);
  const claims: SignOnClaims = { issuer: p.i, sub: p.s, email: p.e, emailVerified: p.v, name: p.n, givenName: p.g, familyName: p.f, picture: p.pic, locale: p.l };

  const identity = await identitiesRepo.findIdentityByExternal(deps.db, ws.id, p.k, externalIdOf(p.k, p.i, p.s));
  const linked = identity?.contactId ? await contactsService.livePersonIn(deps.db, ws.id, identity.contactId) : undefined;
  // A second click or tab finds the account the first one opened.
  let account = linked ? await repo.findAccountOfContact(deps.db, ws.id, linked.id, p.e) : undefined;
  let matchedBy = account ? 'existing_link' : '';
  let takeOver = false;
  if (!account) {
    const byEmail = await repo.findAccountByEmail(deps.db, ws.id, p.e);
    if (byEmail && !p.v) throw new SignOnFailed('sign_on_email_in_use', 'An account with this e-mail exists; the provider has not verified the address');
    if (byEmail) {
      account = byEmail;
      matchedBy = 'account_email';
      takeOver = !byEmail.emailVerifiedAt;
    }
  }
  if (account && account.status !== 'active') throw new SignOnFailed('account_disabled', 'This account is disabled');
  let contactId = account?.contactId ?? linked?.id;
  if (!matchedBy && linked) matchedBy = 'existing_link';
  if (!contactId && p.v) {
    contactId = (await contactsService.peopleIdsByEmailIn(deps.db, ws.id, p.e))[0];
    if (contactId) matchedBy = 'verified_email';
  }

  return deps.db.transaction(async (tx) => {
    // A new person is made in the same transaction as the identity, link and account: a failure leaves no one behind.
    const personId = contactId ?? (await contactsService.createContact(deps, actor, { ...namesOf(claims), emails: [{ value: p.e }], language: p.l ? languageOf(p.l) : undefined }, tx)).id;
    if (!contactId) matchedBy = 'new_person';
    const id = await upsertIdentity(deps, actor, identityInput(p.k, claims), tx);
    await linkIdentity(deps, actor, {
      identityId: id.id, contactId: personId, method: 'sign_on',
      evidence: { issuer: p.i, sub: p.s, emailVerified: p.v, providerId: p.p, matchedBy },
    }, tx);
    let acc = account;
    if (!acc) {
      acc = await insertAccount(deps, tx, actor, { contactId: personId, email: p.e, verified: p.v, displayName: p.n, passwordHash: null });
    } else if (takeOver) {
      acc = (await repo.updateAccount(tx, ws.id, acc.id, { passwordHash: null, emailVerifiedAt: new Date() }))!;
      await repo.deleteAccountSessions(tx, ws.id, acc.id);
    }
    await grantPurposes(deps, tx, actor, acc.contactId, purposes, { method: 'sign_on', providerId: p.p, issuer: p.i, sub: p.s, accountId: acc.id, emailVerified: p.v });
    const cookie = await openSession(deps, tx, actor, acc, { method: 'sign_on', providerId: p.p, kind: p.k, first: true });
    return { cookie, me: presentCustomer(acc, ws, p.r ?? `/community/${ws.slug}`) };
  });
}

/** The identity's external id: the subject, and for generic issuers with the issuer before it (two never collide). */
export function externalIdOf(kind: SignOnKind, issuer: string, sub: string): string {
  return kind === 'oidc' ? `${issuer} ${sub}` : sub;
}

function identityInput(kind: SignOnKind, c: SignOnClaims): UpsertIdentityInput {
  return {
    network: kind as Network, externalId: externalIdOf(kind, c.issuer, c.sub), handle: c.email, displayName: c.name,
    avatarUrl: c.picture && /^https:\/\//.test(c.picture) ? c.picture : null,
    profile: { email: c.email, emailVerified: c.emailVerified, issuer: c.issuer, ...(c.locale ? { locale: c.locale } : {}) },
  };
}

function namesOf(c: SignOnClaims): { firstName?: string; lastName?: string } {
  if (c.givenName || c.familyName) return { ...(c.givenName ? { firstName: c.givenName.slice(0, 200) } : {}), ...(c.familyName ? { lastName: c.familyName.slice(0, 200) } : {}) };
  const words = (c.name ?? '').split(/\s+/).filter(Boolean);
  if (!words.length) return {};
  return words.length === 1 ? { firstName: words[0]!.slice(0, 200) } : { firstName: words.slice(0, -1).join(' ').slice(0, 200), lastName: words.at(-1)!.slice(0, 200) };
}

function readPending(deps: Deps, workspaceId: string, token: string | undefined): Pending {
  if (!token) throw new SignOnFailed('sign_on_state_invalid', 'There is no sign-on waiting to be completed in this browser');
  let p: Pending;
  try {
    p = deps.secrets.verify<Pending>(PENDING_PURPOSE, token);
  } catch {
    throw new SignOnFailed('sign_on_state_invalid', 'The sign-on has expired; please start again');
  }
  if (p.w !== workspaceId) throw new SignOnFailed('sign_on_state_invalid', 'This sign-on belongs to another community');
  return p;
}
