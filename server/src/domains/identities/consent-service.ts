import type { Language } from '@parley/contracts/common';
import {
  CONSENT_LIMITS, type ConsentAction, type ConsentProof, type ConsentPurpose, type ConsentPurposeInput, type ConsentPurposePatch,
  type ConsentSource, type ConsentStatus, type GrantConsentBody, type PersonConsents, type PurposeConsent, type WithdrawConsentBody,
  ConsentPurposeInput as PurposeInputSchema,
} from '@parley/contracts/consent';
import type { EventType } from '@parley/contracts/events';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { systemActor, type Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { DEFAULT_PURPOSES } from './consent-defaults.ts';
import { hashIp, readConfirmToken, readWithdrawToken, withdrawLink } from './consent-links.ts';
import { CONSENT_MAIL_QUEUE, languageOf, type ConsentMailJob } from './consent-mail.ts';
import { presentPurpose, presentRecord } from './consent-presenter.ts';
import * as repo from './consent-repo.ts';
import * as contactsService from '../contacts/service.ts';

/** A person's standing on a purpose as other domains ask for it; `none` when they never said anything. */
export type ConsentStatusValue = ConsentStatus;

/** A grant or withdrawal to record, from any domain (forms, sign-on, imports) or staff. */
export interface RecordConsentInput {
  contactId: string;
  purposeKey: string;
  action: 'grant' | 'withdraw';
  source: ConsentSource;
  /** Evidence; the fields ConsentProof names are shown, others are kept on the server only. */
  proof?: ConsentProof & Record<string, unknown>;
  /** The wording version the person was shown (a form rendered before a change); the current one when left out. */
  wordingVersion?: number;
  /**
   * The person's address is confirmed already (e.g. a sign-on provider verified it; say how in `proof`): a double
   * opt-in purpose is granted at once instead of waiting for the confirmation mail.
   */
  confirmed?: boolean;
}

/** Where the person stands after recordConsent, and the ledger entry written (null when nothing changed). */
export interface RecordConsentResult {
  status: 'granted' | 'pending' | 'withdrawn';
  recordId: string | null;
  changed: boolean;
}

// ---- purposes ----------------------------------------------------------------------------------------------------

/** The workspace's purposes (by key), with the wording of their current version; archived ones when asked. */
export async function listPurposes(deps: Deps, actor: Actor, opts: { includeArchived?: boolean } = {}): Promise<ConsentPurpose[]> {
  authorize(actor, 'consent:read');
  await ensureDefaultsOnce(deps, actor.workspaceId);
  return (await repo.listPurposes(deps.db, actor.workspaceId, opts.includeArchived ?? false)).map((p) => presentPurpose(p));
}

/** One purpose with every version of its wording, newest first. */
export async function getPurpose(deps: Deps, actor: Actor, id: string): Promise<ConsentPurpose> {
  authorize(actor, 'consent:read');
  const p = await findPurposeOr404(deps.db, actor.workspaceId, id);
  return presentPurpose(p, await repo.listVersions(deps.db, actor.workspaceId, id));
}

/** Creates a purpose with its first wording version. */
export async function createPurpose(deps: Deps, actor: Actor, input: ConsentPurposeInput): Promise<ConsentPurpose> {
  authorize(actor, 'consent_purposes:manage');
  const v = PurposeInputSchema.parse(input);
  return deps.db.transaction(async (tx) => {
    if (await repo.countPurposes(tx, actor.workspaceId) >= CONSENT_LIMITS.purposesPerWorkspace) {
      throw new Validation('consent_purpose_limit', `A workspace has at most ${CONSENT_LIMITS.purposesPerWorkspace} purposes; archive one you no longer use`);
    }
    const id = newId();
    const created = await repo.insertPurpose(tx, { workspaceId: actor.workspaceId, id, key: v.key, legalBasis: v.legalBasis, doubleOptIn: v.doubleOptIn },
      { title: v.title, wording: v.wording, createdBy: actor.userId });
    if (!created) throw new Conflict('consent_purpose_exists', `A purpose with the key "${v.key}" exists already`, { field: 'key' });
    const after = presentPurpose((await repo.findPurpose(tx, actor.workspaceId, id))!);
    await emit(tx, deps.queue, actor, { type: 'consent_purpose.created', subject: { type: 'consent_purpose', id }, payload: { after } });
    return after;
  });
}

/**
 * Changes a purpose. A changed title or wording writes a new version and makes it current: people keep the
 * version they consented to. Archiving stops new grants; withdrawals and the ledger stay. The key never changes.
 */
export async function updatePurpose(deps: Deps, actor: Actor, id: string, patch: ConsentPurposePatch): Promise<ConsentPurpose> {
  authorize(actor, 'consent_purposes:manage');
  return deps.db.transaction(async (tx) => {
    await repo.lockPurpose(tx, actor.workspaceId, id);
    const before = await findPurposeOr404(tx, actor.workspaceId, id);
    const set: Partial<repo.PurposeInsert> = {};
    if (patch.legalBasis !== undefined && patch.legalBasis !== before.legalBasis) set.legalBasis = patch.legalBasis;
    if (patch.doubleOptIn !== undefined && patch.doubleOptIn !== before.doubleOptIn) set.doubleOptIn = patch.doubleOptIn;
    if (patch.archived !== undefined && patch.archived !== (before.archivedAt !== null)) set.archivedAt = patch.archived ? new Date() : null;
    const title = patch.title ?? before.title;
    const wording = patch.wording ?? before.wording;
    if (!sameText(title, before.title) || !sameText(wording, before.wording)) {
      set.currentVersion = before.currentVersion + 1;
      await repo.insertVersion(tx, {
        workspaceId: actor.workspaceId, purposeId: id, version: set.currentVersion,
        title: { de: title.de, en: title.en }, wording: { de: wording.de, en: wording.en }, createdBy: actor.userId,
      });
    }
    const beforeView = presentPurpose(before);
    if (!Object.keys(set).length) return presentPurpose(before, await repo.listVersions(tx, actor.workspaceId, id));
    await repo.updatePurpose(tx, actor.workspaceId, id, set);
    const after = (await repo.findPurpose(tx, actor.workspaceId, id))!;
    await emit(tx, deps.queue, actor, { type: 'consent_purpose.updated', subject: { type: 'consent_purpose', id }, payload: { before: beforeView, after: presentPurpose(after) } });
    return presentPurpose(after, await repo.listVersions(tx, actor.workspaceId, id));
  });
}

/**
 * Creates the standard purposes (newsletter with double opt-in, social enrichment, tracking, profiling) in a
 * workspace; those it has already are left alone. Called when a workspace is created.
 */
export async function ensureDefaultPurposes(ex: Executor, workspaceId: string): Promise<void> {
  for (const d of DEFAULT_PURPOSES) {
    await repo.insertPurpose(ex, { workspaceId, id: newId(), key: d.key, legalBasis: d.legalBasis, doubleOptIn: d.doubleOptIn },
      { title: d.title, wording: d.wording, createdBy: null });
  }
}

// Workspaces created before consent existed get the standard purposes on first use. A workspace with purposes
// never loses all of them (they are archived, not deleted), so "none at all" means "never set up".
const seeded = new Set<string>();
async function ensureDefaultsOnce(deps: Deps, workspaceId: string): Promise<void> {
  if (seeded.has(workspaceId)) return;
  if (await repo.countPurposes(deps.db, workspaceId) === 0) await deps.db.transaction((tx) => ensureDefaultPurposes(tx, workspaceId));
  seeded.add(workspaceId);
}

// ---- a person's consents -----------------------------------------------------------------------------------------

/** Every purpose with the person's status (archived ones only where they have one), and their ledger, newest first. */
export async function getPersonConsents(deps: Deps, actor: Actor, contactId: string): Promise<PersonConsents> {
  authorize(actor, 'consent:read');
  const contact = await contactsService.personBasicsIn(deps.db, actor.workspaceId, contactId);
  if (!contact) throw new NotFound('contact_not_found', 'No such person');
  await ensureDefaultsOnce(deps, actor.workspaceId);
  const [purposes, states, history] = await Promise.all([
    repo.listPurposes(deps.db, actor.workspaceId, true),
    repo.listStates(deps.db, actor.workspaceId, contactId),
    repo.listHistory(deps.db, actor.workspaceId, contactId, CONSENT_LIMITS.history + 1),
  ]);
  const byPurpose = new Map(states.map((s) => [s.purposeId, s]));
  const items: PurposeConsent[] = [];
  for (const p of purposes) {
    const s = byPurpose.get(p.id);
    if (p.archivedAt && !s) continue;
    const { versions: _v, ...purpose } = presentPurpose(p);
    items.push({
      purpose,
      status: (s?.status ?? 'none') as ConsentStatus,
      since: s?.since.toISOString() ?? null,
      wordingVersion: s?.wordingVersion ?? null,
      source: (s?.source ?? null) as ConsentSource | null,
    });
  }
  return {
    contactId,
    email: contact.email,
    items,
    history: history.slice(0, CONSENT_LIMITS.history).map(presentRecord),
    historyTruncated: history.length > CONSENT_LIMITS.history,
  };
}

/** Staff record a grant on the person's behalf (double opt-in purposes become pending and a mail goes out). */
export async function grantConsent(deps: Deps, actor: Actor, contactId: string, body: GrantConsentBody): Promise<PersonConsents> {
  await recordConsent(deps, actor, { contactId, purposeKey: body.purposeKey, action: 'grant', source: body.source ?? 'agent', proof: body.note ? { note: body.note } : undefined });
  return getPersonConsents(deps, actor, contactId);
}

/** Staff record a withdrawal (the person asked by phone, in a message, at the counter); effective at once. */
export async function withdrawConsent(deps: Deps, actor: Actor, contactId: string, body: WithdrawConsentBody): Promise<PersonConsents> {
  await recordConsent(deps, actor, { contactId, purposeKey: body.purposeKey, action: 'withdraw', source: body.source ?? 'agent', proof: body.note ? { note: body.note } : undefined });
  return getPersonConsents(deps, actor, contactId);
}

/**
 * Records a grant or a withdrawal in the ledger and sets the person's status, in `tx` when given (the caller's
 * transaction: a form that creates the person and their consent together) or in a new one.
 * - grant of a double opt-in purpose (unless `confirmed`): a `request` entry, status pending, a confirmation mail
 *   queued; the person needs an e-mail address (else Validation contact_email_missing). Asking again re-sends.
 * - grant of anything else: status granted. A grant while granted changes nothing.
 * - withdraw: status withdrawn at once (also cancels a pending request). A withdrawal while withdrawn changes nothing.
 * Emits consent.requested / consent.granted / consent.withdrawn (payload: purposeKey, contactId).
 */
export async function recordConsent(deps: Deps, actor: Actor, input: RecordConsentInput, tx?: Executor): Promise<RecordConsentResult> {
  authorize(actor, 'consent:write');
  const run = async (ex: Executor): Promise<RecordConsentResult> => {
    const purpose = await repo.findPurposeByKey(ex, actor.workspaceId, input.purposeKey);
    if (!purpose) throw new NotFound('consent_purpose_not_found', `No consent purpose "${input.purposeKey}" in this workspace`);
    const contact = await contactsService.personBasicsIn(ex, actor.workspaceId, input.contactId);
    if (!contact) throw new NotFound('contact_not_found', 'No such person');
    await repo.lockConsent(ex, actor.workspaceId, contact.id, purpose.id);
    const state = await repo.findState(ex, actor.workspaceId, contact.id, purpose.id);
    const proof = { ...(input.proof ?? {}) };
    const wordingVersion = input.wordingVersion ?? purpose.currentVersion;
    if (!Number.isInteger(wordingVersion) || wordingVersion < 1 || wordingVersion > purpose.currentVersion) {
      throw new Validation('consent_version_unknown', `The purpose "${purpose.key}" has no wording version ${wordingVersion}`, { field: 'wordingVersion' });
    }
    const entry = { contactId: contact.id, purpose, source: input.source, legalBasis: purpose.legalBasis, wordingVersion };

    if (input.action === 'withdraw') {
      if (state?.status === 'withdrawn') return { status: 'withdrawn', recordId: null, changed: false };
      const r = await append(ex, deps, actor, { ...entry, action: 'withdraw', proof }, state);
      return { status: 'withdrawn', recordId: r.id, changed: true };
    }
    if (purpose.archivedAt) throw new Validation('consent_purpose_archived', `The purpose "${purpose.key}" is archived and takes no new consent`, { field: 'purposeKey' });
    if (state?.status === 'granted') return { status: 'granted', recordId: null, changed: false };
    if (purpose.doubleOptIn && !input.confirmed) {
      if (!contact.email) {
        throw new Validation('contact_email_missing', `"${purpose.key}" needs a confirmation by e-mail (double opt-in), and this person has no e-mail address`, { field: 'email' });
      }
      const r = await append(ex, deps, actor, { ...entry, action: 'request', proof: { ...proof, sentTo: contact.email } }, state);
      await deps.queue.send(CONSENT_MAIL_QUEUE, { workspaceId: actor.workspaceId, recordId: r.id } satisfies ConsentMailJob, { tx: ex });
      return { status: 'pending', recordId: r.id, changed: true };
    }
    const r = await append(ex, deps, actor, { ...entry, action: 'grant', proof }, state);
    return { status: 'granted', recordId: r.id, changed: true };
  };
  return tx ? run(tx) : deps.db.transaction(run);
}

/** Where a person stands on the purpose with this key: granted, pending (not yet confirmed), withdrawn or none. */
export async function consentStatus(ex: Executor, workspaceId: string, contactId: string, purposeKey: string): Promise<ConsentStatus> {
  return ((await repo.statusByKey(ex, workspaceId, contactId, purposeKey)) ?? 'none') as ConsentStatus;
}

/** True only when the person has granted the purpose (and confirmed, where double opt-in applies). */
export async function hasConsent(ex: Executor, workspaceId: string, contactId: string, purposeKey: string): Promise<boolean> {
  return (await consentStatus(ex, workspaceId, contactId, purposeKey)) === 'granted';
}

// ---- the person's own links ------------------------------------------------------------------------------------

/** Who clicked: kept as proof (the IP only as a salted hash). */
export interface LinkVisit { ip: string; userAgent?: string }

/** What the public page shows for a link. */
export interface LinkView {
  outcome: 'ask' | 'confirmed' | 'already_confirmed' | 'withdrawn' | 'already_withdrawn';
  language: Language;
  workspaceName: string;
  purposeTitle: string;
  wording: string;
  /** After a confirmation: where to withdraw again. */
  withdrawUrl?: string;
}

/** What a confirmation link is about, without changing anything (a mail scanner may open links). */
export async function describeConfirmLink(deps: Deps, token: string | undefined): Promise<LinkView> {
  const t = readConfirmToken(deps, token);
  const ctx = await confirmContext(deps.db, t);
  return view(deps, ctx, ctx.state?.status === 'granted' ? 'already_confirmed' : 'ask');
}

/**
 * Confirms a double opt-in request: a `grant` entry with proof (time, hashed IP, user agent, the request), in the
 * request's wording version and legal basis. A second click changes nothing; a link whose request was answered
 * otherwise since (withdrawn, asked again) is refused with consent_request_superseded.
 */
export async function confirmByLink(deps: Deps, token: string | undefined, visit: LinkVisit): Promise<LinkView> {
  const t = readConfirmToken(deps, token);
  const ipHash = hashIp(deps, t.w, visit.ip);
  return deps.db.transaction(async (tx) => {
    await repo.lockConsent(tx, t.w, t.c, t.p);
    const ctx = await confirmContext(tx, t);
    if (ctx.state?.status === 'granted') return view(deps, ctx, 'already_confirmed');
    const request = ctx.request;
    await append(tx, deps, systemActor(t.w), {
      contactId: t.c, purpose: ctx.purpose, action: 'grant', source: request.source as ConsentSource, legalBasis: request.legalBasis,
      wordingVersion: request.wordingVersion,
      proof: {
        method: 'double_opt_in', requestId: request.id, confirmedAt: new Date().toISOString(), ipHash, ...userAgent(visit),
        ...(typeof request.proof.sentTo === 'string' ? { sentTo: request.proof.sentTo } : {}),
      },
    }, ctx.state);
    return view(deps, ctx, 'confirmed');
  });
}

/** What a withdrawal link is about, without changing anything. */
export async function describeWithdrawLink(deps: Deps, token: string | undefined): Promise<LinkView> {
  const t = readWithdrawToken(deps, token);
  const ctx = await withdrawContext(deps.db, t);
  return view(deps, ctx, ctx.state?.status === 'withdrawn' ? 'already_withdrawn' : 'ask');
}

/** Withdraws by the link in a mail, effective at once; a second click changes nothing. */
export async function withdrawByLink(deps: Deps, token: string | undefined, visit: LinkVisit): Promise<LinkView> {
  const t = readWithdrawToken(deps, token);
  const ipHash = hashIp(deps, t.w, visit.ip);
  return deps.db.transaction(async (tx) => {
    await repo.lockConsent(tx, t.w, t.c, t.p);
    const ctx = await withdrawContext(tx, t);
    if (ctx.state?.status === 'withdrawn') return view(deps, ctx, 'already_withdrawn');
    await append(tx, deps, systemActor(t.w), {
      contactId: t.c, purpose: ctx.purpose, action: 'withdraw', source: 'email_link', legalBasis: ctx.purpose.legalBasis,
      wordingVersion: ctx.purpose.currentVersion, proof: { ipHash, ...userAgent(visit) },
    }, ctx.state);
    return view(deps, ctx, 'withdrawn');
  });
}

interface LinkContext {
  ids: { w: string; c: string; p: string };
  purpose: repo.PurposeWithWording;
  state: repo.StateRow | undefined;
  language: Language;
  workspaceName: string;
  title: { de: string; en: string };
  wording: { de: string; en: string };
}

async function linkContext(ex: Executor, ids: { w: string; c: string; p: string }, version?: number): Promise<LinkContext> {
  // One after the other: inside a transaction they share one connection.
  const purpose = await repo.findPurpose(ex, ids.w, ids.p);
  const contact = await contactsService.personBasicsIn(ex, ids.w, ids.c);
  const workspace = await repo.findWorkspace(ex, ids.w);
  const state = await repo.findState(ex, ids.w, ids.c, ids.p);
  // The person may have been erased, the workspace removed: nothing to show, nothing to record.
  if (!purpose || !contact || !workspace) throw new NotFound('consent_link_unknown', 'There is no longer any data for this link');
  const v = version === undefined ? purpose : (await repo.findVersion(ex, ids.w, ids.p, version)) ?? purpose;
  return { ids, purpose, state, language: languageOf(contact.language, workspace.defaultLanguage), workspaceName: workspace.name, title: v.title, wording: v.wording };
}

async function confirmContext(ex: Executor, t: { w: string; c: string; p: string; r: string }): Promise<LinkContext & { request: repo.RecordRow }> {
  const request = await repo.findRecord(ex, t.w, t.r);
  if (!request || request.action !== 'request' || request.contactId !== t.c || request.purposeId !== t.p) {
    throw new NotFound('consent_link_unknown', 'There is no longer any data for this link');
  }
  const ctx = await linkContext(ex, t, request.wordingVersion);
  if (ctx.state?.status !== 'granted' && !(ctx.state?.status === 'pending' && ctx.state.recordId === request.id)) {
    throw new Conflict('consent_request_superseded', 'This link is no longer valid: a newer request was sent, or the consent was withdrawn since');
  }
  return { ...ctx, request };
}

function withdrawContext(ex: Executor, t: { w: string; c: string; p: string }): Promise<LinkContext> {
  return linkContext(ex, t);
}

function view(deps: Deps, ctx: LinkContext, outcome: LinkView['outcome']): LinkView {
  return {
    outcome, language: ctx.language, workspaceName: ctx.workspaceName, purposeTitle: ctx.title[ctx.language], wording: ctx.wording[ctx.language],
    ...(outcome === 'confirmed' || outcome === 'already_confirmed' ? { withdrawUrl: withdrawLink(deps, ctx.ids) } : {}),
  };
}

function userAgent(visit: LinkVisit): { userAgent?: string } {
  return visit.userAgent ? { userAgent: visit.userAgent.slice(0, 500) } : {};
}

/**
 * The withdrawal link for a person and purpose, for any mail Parley sends under that purpose (newsletters,
 * campaigns): put it in the mail and in a List-Unsubscribe header. Throws NotFound for an unknown purpose key.
 */
export async function withdrawalUrl(deps: Deps, ex: Executor, workspaceId: string, contactId: string, purposeKey: string): Promise<string> {
  const purpose = await repo.findPurposeByKey(ex, workspaceId, purposeKey);
  if (!purpose) throw new NotFound('consent_purpose_not_found', `No consent purpose "${purposeKey}" in this workspace`);
  return withdrawLink(deps, { w: workspaceId, c: contactId, p: purpose.id });
}

// ---- helpers -----------------------------------------------------------------------------------------------------

const EVENT_OF: Record<ConsentAction, EventType> = { request: 'consent.requested', grant: 'consent.granted', withdraw: 'consent.withdrawn' };
const STATUS_OF: Record<ConsentAction, 'pending' | 'granted' | 'withdrawn'> = { request: 'pending', grant: 'granted', withdraw: 'withdrawn' };

interface Entry {
  contactId: string;
  purpose: repo.PurposeWithWording;
  action: ConsentAction;
  source: ConsentSource;
  legalBasis: string;
  wordingVersion: number;
  proof: Record<string, unknown>;
}

// One ledger entry, the status it leads to and its event, in the caller's transaction (under lockConsent).
async function append(tx: Executor, deps: Deps, actor: Actor, e: Entry, before: repo.StateRow | undefined): Promise<repo.RecordRow> {
  const now = new Date();
  const record = await repo.insertRecord(tx, {
    workspaceId: actor.workspaceId, id: newId(), contactId: e.contactId, purposeId: e.purpose.id, action: e.action,
    legalBasis: e.legalBasis, source: e.source, wordingVersion: e.wordingVersion, proof: e.proof, actorId: actor.userId, at: now,
  });
  const status = STATUS_OF[e.action];
  await repo.upsertState(tx, { workspaceId: actor.workspaceId, contactId: e.contactId, purposeId: e.purpose.id, status, recordId: record.id, since: now });
  const entry = presentRecord({ ...record, purposeKey: e.purpose.key, actorName: null });
  await emit(tx, deps.queue, actor, {
    type: EVENT_OF[e.action],
    subject: { type: 'consent_record', id: record.id },
    payload: {
      purposeKey: e.purpose.key,
      contactId: e.contactId,
      before: { purposeKey: e.purpose.key, status: before?.status ?? 'none' },
      after: { purposeKey: e.purpose.key, status, action: e.action, source: e.source, legalBasis: e.legalBasis, wordingVersion: e.wordingVersion, recordId: record.id, proof: entry.proof },
      related: [{ type: 'contact', id: e.contactId }],
    },
  });
  return record;
}

async function findPurposeOr404(ex: Executor, workspaceId: string, id: string): Promise<repo.PurposeWithWording> {
  const p = await repo.findPurpose(ex, workspaceId, id);
  if (!p) throw new NotFound('consent_purpose_not_found', 'No such consent purpose');
  return p;
}

function sameText(a: { de: string; en: string }, b: { de: string; en: string }): boolean {
  return a.de === b.de && a.en === b.en;
}
