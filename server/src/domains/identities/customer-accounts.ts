import type { Language } from '@parley/contracts/common';
import type { CustomerMe, CustomerPurposes, CustomerSignInBody, CustomerSignUpBody, SignOnPurpose } from '@parley/contracts/sign-on';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import type { EventHandler } from '../../events/registry.ts';
import { Conflict, Forbidden, Unauthorized, Validation } from '../../lib/errors.ts';
import { hashToken, newId, newToken } from '../../lib/ids.ts';
import { sendMail } from '../../lib/mail.ts';
import { systemActor, type Actor } from '../../policies/actor.ts';
import * as contactsService from '../contacts/service.ts';
import { hashPassword, verifyPassword } from '../workspace/service.ts';
import { listPurposes, recordConsent } from './consent-service.ts';
import * as consentRepo from './consent-repo.ts';
import { accountAudit, presentCustomer } from './sign-on-presenter.ts';
import * as repo from './sign-on-repo.ts';
import { workspaceOf } from './sign-on-service.ts';

// Customer accounts of the community: e-mail and password, sessions (their own cookie, apart from staff sessions),
// the consent purposes asked at sign-up and first sign-on, and the mail that verifies an e-mail address.

export const CUSTOMER_COOKIE = 'parley_customer';
const SEP = '.';
const VERIFY_PURPOSE = 'customer-email';
const VERIFY_DAYS = 7;

type Workspace = Awaited<ReturnType<typeof workspaceOf>>;

/** The purposes to ask about in the person's language (active ones, current wording), with those pre-ticked. */
export async function purposesFor(deps: Deps, workspaceId: string, lang: Language, checked: readonly string[] = []): Promise<SignOnPurpose[]> {
  const list = await listPurposes(deps, systemActor(workspaceId));
  return list.map((p) => ({ key: p.key, title: p.title[lang], wording: p.wording[lang], version: p.currentVersion, checked: checked.includes(p.key) }));
}

/** The purposes a sign-up form asks about. */
export async function customerPurposes(deps: Deps, slug: string, lang?: Language): Promise<CustomerPurposes> {
  const ws = await workspaceOf(deps, slug);
  return { workspace: { slug: ws.slug, name: ws.name }, purposes: await purposesFor(deps, ws.id, lang ?? languageOf(ws.defaultLanguage)) };
}

/**
 * Grants the ticked purposes that exist and are active, as the person's own act (source sign_on), with what
 * supports it. Keys the workspace does not know are ignored: the page may be older than a change of purposes. With
 * an e-mail a provider verified, double opt-in purposes need no confirmation mail (`emailVerified`).
 */
export async function grantPurposes(deps: Deps, tx: Executor, actor: Actor, contactId: string, keys: readonly string[], proof: { method: string; accountId: string; providerId?: string; emailVerified: boolean } & Record<string, unknown>): Promise<void> {
  if (!keys.length) return;
  const active = new Set((await consentRepo.listPurposes(tx, actor.workspaceId, false)).map((p) => p.key));
  for (const key of new Set(keys)) {
    if (!active.has(key)) continue;
    await recordConsent(deps, actor, { contactId, purposeKey: key, action: 'grant', source: 'sign_on', proof, confirmed: proof.emailVerified }, tx);
  }
}

/**
 * Signs up with e-mail and password: a new person and an account whose e-mail is unverified until the person
 * follows the link mailed to them. An unverified e-mail is never matched to an existing person (anyone can type
 * anyone's address); the duplicate finder proposes the merge for staff to decide.
 */
export async function signUp(deps: Deps, slug: string, body: z.output<typeof CustomerSignUpBody>): Promise<{ cookie: string; me: CustomerMe }> {
  const ws = await workspaceOf(deps, slug);
  const actor = customerActor(ws, body.language);
  if (await repo.findAccountByEmail(deps.db, ws.id, body.email)) throw new Conflict('account_exists', 'An account with this e-mail address exists already; sign in instead');
  const passwordHash = await hashPassword(body.password);
  const [firstName, ...rest] = (body.displayName ?? '').split(/\s+/).filter(Boolean);
  return deps.db.transaction(async (tx) => {
    const person = await contactsService.createContact(deps, actor, {
      firstName, lastName: rest.join(' ') || undefined, emails: [{ value: body.email }], language: body.language,
    }, tx);
    const account = await insertAccount(deps, tx, actor, { contactId: person.id, email: body.email, verified: false, displayName: body.displayName ?? null, passwordHash });
    await grantPurposes(deps, tx, actor, person.id, body.purposes, { method: 'password_sign_up', accountId: account.id, emailVerified: false });
    const cookie = await openSession(deps, tx, actor, account, { method: 'password' });
    return { cookie, me: presentCustomer(account, ws) };
  });
}

/** Signs in with e-mail and password (the same answer and time for an unknown e-mail as for a wrong password). */
export async function signIn(deps: Deps, slug: string, body: CustomerSignInBody): Promise<{ cookie: string; me: CustomerMe }> {
  const ws = await workspaceOf(deps, slug);
  const account = await repo.findAccountByEmail(deps.db, ws.id, body.email);
  const ok = await verifyPassword(account?.passwordHash, body.password);
  if (!account || !ok) throw new Unauthorized('invalid_credentials', 'E-mail or password is wrong');
  if (account.status !== 'active') throw new Forbidden('account_disabled', 'This account is disabled');
  return deps.db.transaction(async (tx) => {
    const cookie = await openSession(deps, tx, customerActor(ws), account, { method: 'password' });
    return { cookie, me: presentCustomer(account, ws) };
  });
}

/** The signed-in customer of this community; 401 without a session of it. */
export async function customerMe(deps: Deps, slug: string, cookie: string | undefined): Promise<CustomerMe> {
  const ws = await workspaceOf(deps, slug);
  const account = await accountOfCookie(deps, ws.id, cookie);
  if (!account) throw new Unauthorized('customer_session_required', 'Sign in to the community first');
  return presentCustomer(account, ws);
}

/** Ends the customer's session. */
export async function signOut(deps: Deps, slug: string, cookie: string | undefined): Promise<void> {
  const ws = await workspaceOf(deps, slug);
  const parsed = parseCookie(cookie);
  if (parsed && parsed.workspaceId === ws.id) await repo.deleteCustomerSession(deps.db, ws.id, hashToken(parsed.secret));
}

/** Marks the account's e-mail verified by the link mailed to it (only while the account still has that e-mail). */
export async function verifyEmail(deps: Deps, slug: string, token: string): Promise<CustomerMe> {
  const ws = await workspaceOf(deps, slug);
  const t = deps.secrets.verify<{ w: string; a: string; e: string }>(VERIFY_PURPOSE, token);
  const account = t.w === ws.id ? await repo.findAccount(deps.db, ws.id, t.a) : undefined;
  if (!account || account.email !== t.e) throw new Validation('token_invalid', 'This link is not valid.');
  const after = account.emailVerifiedAt ? account : (await repo.updateAccount(deps.db, ws.id, account.id, { emailVerifiedAt: new Date() }))!;
  return presentCustomer(after, ws);
}

/** Inserts an account and emits customer_account.created (the verification mail follows from that event). */
export async function insertAccount(deps: Deps, tx: Executor, actor: Actor, a: { contactId: string; email: string; verified: boolean; displayName: string | null; passwordHash: string | null }): Promise<repo.AccountRow> {
  const row = await repo.insertAccount(tx, {
    workspaceId: actor.workspaceId, id: newId(), contactId: a.contactId, email: a.email,
    emailVerifiedAt: a.verified ? new Date() : null, passwordHash: a.passwordHash, displayName: a.displayName?.slice(0, 200) ?? null,
  });
  await emit(tx, deps.queue, actor, {
    type: 'customer_account.created', subject: { type: 'customer_account', id: row.id },
    payload: { after: accountAudit(row), related: [{ type: 'contact', id: row.contactId }] },
  });
  return row;
}

/** Opens a customer session (cookie value `<workspace id>.<secret>`, only the hash stored) and emits customer_account.signed_in. */
export async function openSession(deps: Deps, tx: Executor, actor: Actor, account: repo.AccountRow, how: Record<string, unknown>): Promise<string> {
  const secret = newToken();
  const now = new Date();
  await repo.insertCustomerSession(tx, {
    workspaceId: account.workspaceId, tokenHash: hashToken(secret), accountId: account.id, createdAt: now,
    expiresAt: new Date(now.getTime() + deps.config.sessionTtlMs),
  });
  await repo.updateAccount(tx, account.workspaceId, account.id, { lastLoginAt: now });
  await emit(tx, deps.queue, actor, {
    type: 'customer_account.signed_in', subject: { type: 'customer_account', id: account.id },
    payload: { ...how, related: [{ type: 'contact', id: account.contactId }] },
  });
  return `${account.workspaceId}${SEP}${secret}`;
}

/** The account behind a customer cookie of this workspace, when the session is unexpired and the account active. */
export async function accountOfCookie(deps: Deps, workspaceId: string, cookie: string | undefined): Promise<repo.AccountRow | undefined> {
  const parsed = parseCookie(cookie);
  if (!parsed || parsed.workspaceId !== workspaceId) return undefined;
  const account = await repo.findCustomerSession(deps.db, workspaceId, hashToken(parsed.secret), new Date());
  return account?.status === 'active' ? account : undefined;
}

/** Customers act as the system inside their workspace: they are no staff user (events show no user). */
export function customerActor(ws: Workspace, lang?: string | null): Actor {
  return { ...systemActor(ws.id), language: languageOf(lang ?? ws.defaultLanguage) };
}

/** de or en from a language tag (`de-AT`, `en`), German otherwise. */
export function languageOf(tag: string | null | undefined): Language {
  return tag?.toLowerCase().startsWith('en') ? 'en' : 'de';
}

/** Mails the verification link of a new account whose e-mail is unverified; sent by the job queue, retried on failure. */
export const customerVerificationMailHandler: EventHandler = {
  name: 'customer-verification-mail',
  events: ['customer_account.created'],
  async handle(deps, event) {
    const account = await repo.findAccount(deps.db, event.workspaceId, event.subjectId);
    if (!account || account.emailVerifiedAt || account.status !== 'active') return;
    const slug = await repo.workspaceSlug(deps.db, event.workspaceId);
    if (!slug) return;
    const token = deps.secrets.sign(VERIFY_PURPOSE, { w: event.workspaceId, a: account.id, e: account.email }, VERIFY_DAYS * 86_400_000);
    const url = `${deps.config.publicUrl.replace(/\/+$/, '')}/community/${slug}/verify-email?token=${encodeURIComponent(token)}`;
    await sendMail(deps, {
      to: account.email,
      subject: 'Bitte bestätigen Sie Ihre E-Mail-Adresse / Please confirm your e-mail address',
      text: [
        'Bitte bestätigen Sie Ihre E-Mail-Adresse für Ihr Konto in unserer Community:', url, '',
        'Please confirm your e-mail address for your account in our community:', url, '',
        `Der Link gilt ${VERIFY_DAYS} Tage. / The link works for ${VERIFY_DAYS} days.`,
      ].join('\n'),
    });
  },
};

function parseCookie(cookie: string | undefined): { workspaceId: string; secret: string } | null {
  if (!cookie) return null;
  const i = cookie.indexOf(SEP);
  if (i !== 36 || !/^[0-9a-f-]{36}$/.test(cookie.slice(0, i))) return null;
  return { workspaceId: cookie.slice(0, i), secret: cookie.slice(i + 1) };
}
