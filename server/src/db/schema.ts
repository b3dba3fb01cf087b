import { sql } from 'drizzle-orm';
import {
  bigint, boolean, customType, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import type { AddressEntry, EmailEntry, PhoneEntry } from '@parley/contracts/contacts';
import { foldedVectorSql } from '../lib/fulltext.ts';

// Every tenant table leads its keys with workspace_id: tenants stay apart, and the schema can be distributed
// by workspace_id (Citus) without change.

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const created = () => ts('created_at').notNull().defaultNow();

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  defaultLanguage: text('default_language').notNull().default('de'),
  createdAt: created(),
});

export const users = pgTable('users', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash'),
  role: text('role').notNull(),
  language: text('language').notNull().default('de'),
  status: text('status').notNull().default('active'),
  inviteTokenHash: text('invite_token_hash'),
  createdAt: created(),
  lastLoginAt: ts('last_login_at'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('users_email').on(t.workspaceId, t.email)]);

export const teams = pgTable('teams', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('teams_name').on(t.workspaceId, t.name)]);

export const teamMembers = pgTable('team_members', {
  workspaceId: uuid('workspace_id').notNull(),
  teamId: uuid('team_id').notNull(),
  userId: uuid('user_id').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.teamId, t.userId] })]);

export const sessions = pgTable('sessions', {
  workspaceId: uuid('workspace_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  userId: uuid('user_id').notNull(),
  csrfToken: text('csrf_token').notNull(),
  userAgent: text('user_agent'),
  createdAt: created(),
  expiresAt: ts('expires_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.tokenHash] })]);

export const apiTokens = pgTable('api_tokens', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  userId: uuid('user_id').notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: created(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('api_tokens_hash').on(t.workspaceId, t.tokenHash)]);

/**
 * The words of people's search names (`contacts.search_name`) with how many people carry each, kept exact by
 * statement triggers on contacts (migration 0007). The fuzzy side of a people search looks a misspelled word up here
 * by trigram distance — among some 10,000s of distinct words instead of a million names — and then finds the people with the
 * best-matching words through the full-text index (repo.ts searchHits). A word no one carries any more is gone at
 * once, so an erased person's rare name does not stay behind.
 */
export const nameWords = pgTable('name_words', {
  workspaceId: uuid('workspace_id').notNull(),
  word: text('word').notNull(),
  people: integer('people').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.word] }),
  // GiST, not GIN: it finds the nearest words by trigram distance (`<->`, `<<->`) without a similarity threshold, so a
  // transposed or short misspelt word ("Shcolz", "Rth") still finds its word.
  index('name_words_trgm').using('gist', sql`${t.word} gist_trgm_ops`),
]);

export const customFields = pgTable('custom_fields', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  entity: text('entity').notNull(),
  key: text('key').notNull(),
  label: jsonb('label').$type<{ de: string; en: string }>().notNull(),
  type: text('type').notNull(),
  options: jsonb('options').$type<{ value: string; label: { de: string; en: string } }[]>().notNull().default([]),
  position: integer('position').notNull().default(0),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('custom_fields_key').on(t.workspaceId, t.entity, t.key)]);

export const companies = pgTable('companies', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  domain: text('domain'),
  website: text('website'),
  phone: text('phone'),
  industry: text('industry'),
  size: text('size'),
  addresses: jsonb('addresses').$type<AddressEntry[]>().notNull().default([]),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  ownerId: uuid('owner_id'),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  sortName: text('sort_name').notNull().default(''),
  searchName: text('search_name').notNull().default(''),
  searchDoc: text('search_doc').notNull().default(''),
  searchTsv: tsvector('search_tsv').generatedAlwaysAs(
    sql`to_tsvector('german', search_doc) || to_tsvector('english', search_doc)`),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('companies_name').on(t.workspaceId, t.sortName, t.id),
  index('companies_created').on(t.workspaceId, t.createdAt, t.id),
  index('companies_trgm').using('gin', sql`${t.searchName} gin_trgm_ops`),
  index('companies_tsv').using('gin', t.searchTsv),
]);

export const contacts = pgTable('contacts', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  firstName: text('first_name'),
  lastName: text('last_name'),
  /** Primary e-mail, normalised for dedupe and lookup. */
  email: text('email'),
  emails: jsonb('emails').$type<EmailEntry[]>().notNull().default([]),
  /** Primary phone in E.164. */
  phone: text('phone'),
  phones: jsonb('phones').$type<PhoneEntry[]>().notNull().default([]),
  addresses: jsonb('addresses').$type<AddressEntry[]>().notNull().default([]),
  jobTitle: text('job_title'),
  companyId: uuid('company_id'),
  /** The linked company's name, kept in step with the company (a job after a rename): lists show it without a join. */
  companyName: text('company_name'),
  website: text('website'),
  birthday: date('birthday', { mode: 'string' }),
  language: text('language'),
  lifecycleStage: text('lifecycle_stage'),
  ownerId: uuid('owner_id'),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  /** Set when this record was merged into another; hidden from lists, kept so the merge can be undone. */
  mergedInto: uuid('merged_into'),
  /** Folded "last first" (or e-mail) for sorting by name. */
  sortName: text('sort_name').notNull().default(''),
  /** Blocking keys of the duplicate finder (normalised e-mails, phones, name sound keys). */
  dedupeKeys: text('dedupe_keys').array().notNull().default(sql`'{}'`),
  searchName: text('search_name').notNull().default(''),
  searchDoc: text('search_doc').notNull().default(''),
  /**
   * Full text of search_doc in the person's own language: English stemming for `en`, German for everyone else. One
   * configuration a row instead of german || english halves the costliest part of writing a person (the vector and its
   * GIN entries, bench/RESULTS.md); a search asks both configurations, so either kind of row is found.
   */
  /** The first phone as entered and the first address's city: what a list row shows, without reading the JSONB lists. */
  firstPhone: text('first_phone').generatedAlwaysAs(sql`phones -> 0 ->> 'value'`),
  city: text('city').generatedAlwaysAs(sql`addresses -> 0 ->> 'city'`),
  searchTsv: tsvector('search_tsv').generatedAlwaysAs(
    sql`CASE WHEN language = 'en' THEN to_tsvector('english', search_doc) ELSE to_tsvector('german', search_doc) END`),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('contacts_email').on(t.workspaceId, t.email),
  index('contacts_phone').on(t.workspaceId, t.phone),
  index('contacts_company').on(t.workspaceId, t.companyId),
  index('contacts_name').on(t.workspaceId, t.sortName, t.id),
  index('contacts_created').on(t.workspaceId, t.createdAt, t.id),
  index('contacts_updated').on(t.workspaceId, t.updatedAt, t.id),
  index('contacts_tags').using('gin', t.tags),
  index('contacts_custom').using('gin', sql`${t.custom} jsonb_path_ops`),
  index('contacts_tsv').using('gin', t.searchTsv),
  // The capped total of the people list (countContacts) as an index-only scan of this small index instead of up to
  // 10,000 table rows: for the unfiltered list and the lifecycle stage and owner filters (bench/RESULTS.md).
  index('contacts_live').on(t.workspaceId, t.lifecycleStage, t.ownerId).where(sql`${t.mergedInto} IS NULL`),
]);

export const notes = pgTable('notes', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  recordType: text('record_type').notNull(),
  recordId: uuid('record_id').notNull(),
  authorId: uuid('author_id'),
  body: text('body').notNull(),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('notes_record').on(t.workspaceId, t.recordType, t.recordId, t.createdAt)]);

export const tasks = pgTable('tasks', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  title: text('title').notNull(),
  description: text('description'),
  dueAt: ts('due_at'),
  assigneeId: uuid('assignee_id'),
  status: text('status').notNull().default('open'),
  recordType: text('record_type'),
  recordId: uuid('record_id'),
  createdBy: uuid('created_by'),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  completedAt: ts('completed_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('tasks_assignee').on(t.workspaceId, t.assigneeId, t.status, t.dueAt),
  index('tasks_record').on(t.workspaceId, t.recordType, t.recordId),
  index('tasks_trgm').using('gin', sql`lower(${t.title}) gin_trgm_ops`),
]);

/** The outbox: every domain event, written in the transaction of the change. */
export const events = pgTable('events', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  type: text('type').notNull(),
  actorId: uuid('actor_id'),
  actorKind: text('actor_kind').notNull(),
  subjectType: text('subject_type').notNull(),
  subjectId: uuid('subject_id').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  at: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('events_subject').on(t.workspaceId, t.subjectType, t.subjectId)]);

export const timelineEntries = pgTable('timeline_entries', {
  workspaceId: uuid('workspace_id').notNull(),
  eventId: uuid('event_id').notNull(),
  recordType: text('record_type').notNull(),
  recordId: uuid('record_id').notNull(),
  kind: text('kind').notNull(),
  actorId: uuid('actor_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  at: ts('at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.recordType, t.recordId, t.eventId] }),
  index('timeline_record_at').on(t.workspaceId, t.recordType, t.recordId, t.at),
]);

export const auditLog = pgTable('audit_log', {
  workspaceId: uuid('workspace_id').notNull(),
  eventId: uuid('event_id').notNull(),
  at: ts('at').notNull(),
  actorId: uuid('actor_id'),
  actorKind: text('actor_kind').notNull(),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: uuid('entity_id').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.eventId] }), index('audit_at').on(t.workspaceId, t.at)]);

export const merges = pgTable('merges', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  survivorId: uuid('survivor_id').notNull(),
  loserId: uuid('loser_id').notNull(),
  survivorBefore: jsonb('survivor_before').$type<Record<string, unknown>>().notNull(),
  moved: jsonb('moved').$type<Record<string, string[]>>().notNull(),
  actorId: uuid('actor_id'),
  createdAt: created(),
  undoneAt: ts('undone_at'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('merges_survivor').on(t.workspaceId, t.survivorId)]);

export const dedupeDismissals = pgTable('dedupe_dismissals', {
  workspaceId: uuid('workspace_id').notNull(),
  aId: uuid('a_id').notNull(),
  bId: uuid('b_id').notNull(),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.aId, t.bId] })]);

export const imports = pgTable('imports', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  kind: text('kind').notNull(),
  filename: text('filename').notNull(),
  filePath: text('file_path').notNull(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  encoding: text('encoding'),
  status: text('status').notNull(),
  dryRun: boolean('dry_run').notNull().default(false),
  mapping: jsonb('mapping'),
  /** The file's own details: delimiter, preset, headers (CSV). */
  meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
  /** Every row up to this line is written; a restarted job resumes after it. */
  committedLine: integer('committed_line').notNull().default(0),
  processedBytes: bigint('processed_bytes', { mode: 'number' }).notNull().default(0),
  rowsTotal: integer('rows_total').notNull().default(0),
  rowsCreated: integer('rows_created').notNull().default(0),
  rowsUpdated: integer('rows_updated').notNull().default(0),
  rowsFailed: integer('rows_failed').notNull().default(0),
  error: text('error'),
  createdBy: uuid('created_by'),
  createdAt: created(),
  finishedAt: ts('finished_at'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

export const importErrors = pgTable('import_errors', {
  workspaceId: uuid('workspace_id').notNull(),
  importId: uuid('import_id').notNull(),
  line: integer('line').notNull(),
  code: text('code').notNull(),
  message: text('message').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.line] })]);

export const webhooks = pgTable('webhooks', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  url: text('url').notNull(),
  eventTypes: text('event_types').array().notNull(),
  secret: text('secret').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

export const webhookDeliveries = pgTable('webhook_deliveries', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  webhookId: uuid('webhook_id').notNull(),
  eventId: uuid('event_id').notNull(),
  eventType: text('event_type').notNull(),
  status: text('status').notNull(),
  attempts: integer('attempts').notNull().default(0),
  responseCode: integer('response_code'),
  error: text('error'),
  nextRetryAt: ts('next_retry_at'),
  createdAt: created(),
  deliveredAt: ts('delivered_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('webhook_deliveries_event').on(t.workspaceId, t.webhookId, t.eventId),
  index('webhook_deliveries_log').on(t.workspaceId, t.webhookId, t.createdAt),
]);

// ---- identities: social identities, their links to people (with evidence), match review, consent ledger ----

/**
 * A person's account on a network (or an e-mail address, a community login) as Parley saw it. `profile` holds what
 * the network sent with the person's own messages (display data, follower count, bio, location, language);
 * `enrichment` holds what Parley fetched from the network about them, kept only while the linked person grants the
 * `social_enrichment` purpose.
 */
export const socialIdentities = pgTable('social_identities', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  network: text('network').notNull(),
  externalId: text('external_id').notNull(),
  handle: text('handle'),
  displayName: text('display_name'),
  profileUrl: text('profile_url'),
  avatarUrl: text('avatar_url'),
  profile: jsonb('profile').$type<Record<string, unknown>>().notNull().default({}),
  enrichment: jsonb('enrichment').$type<Record<string, unknown>>(),
  enrichedAt: ts('enriched_at'),
  /** The person this identity is linked to now (the open row of identity_links), null when unlinked. */
  contactId: uuid('contact_id'),
  firstSeenAt: ts('first_seen_at').notNull().defaultNow(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('social_identities_external').on(t.workspaceId, t.network, t.externalId),
  index('social_identities_contact').on(t.workspaceId, t.contactId),
  index('social_identities_seen').on(t.workspaceId, t.lastSeenAt),
]);

/**
 * Every link of an identity to a person as a fact with its evidence: how (sign_on, email_match, phone_match,
 * agent, probabilistic), the score and what agreed, when and by whom. Undoing a link closes its row; rows are never
 * deleted except by erasure.
 */
export const identityLinks = pgTable('identity_links', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  identityId: uuid('identity_id').notNull(),
  contactId: uuid('contact_id').notNull(),
  method: text('method').notNull(),
  score: doublePrecision('score'),
  evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default({}),
  actorId: uuid('actor_id'),
  createdAt: created(),
  undoneAt: ts('undone_at'),
  undoneBy: uuid('undone_by'),
  undoReason: text('undo_reason'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('identity_links_open').on(t.workspaceId, t.identityId).where(sql`${t.undoneAt} IS NULL`),
  index('identity_links_identity').on(t.workspaceId, t.identityId, t.createdAt),
  index('identity_links_contact').on(t.workspaceId, t.contactId, t.createdAt),
]);

/**
 * The review queue of the identity resolution: an identity (or a person, for dedupe) that probably is a given person,
 * with the probability and the per-field explanation. A decision stays: a pair marked not-a-match is not proposed
 * again.
 */
export const matchCandidates = pgTable('match_candidates', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  subjectType: text('subject_type').notNull(),
  subjectId: uuid('subject_id').notNull(),
  contactId: uuid('contact_id').notNull(),
  probability: doublePrecision('probability').notNull(),
  explanation: jsonb('explanation').$type<Record<string, unknown>>().notNull().default({}),
  status: text('status').notNull().default('open'),
  decidedBy: uuid('decided_by'),
  decidedAt: ts('decided_at'),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('match_candidates_pair').on(t.workspaceId, t.subjectType, t.subjectId, t.contactId),
  index('match_candidates_queue').on(t.workspaceId, t.status, t.probability),
  index('match_candidates_contact').on(t.workspaceId, t.contactId),
]);

/** A workspace's trained match model (m/u weights estimated by EM on its own data), newest first. */
export const resolutionModels = pgTable('resolution_models', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  model: jsonb('model').$type<Record<string, unknown>>().notNull(),
  stats: jsonb('stats').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('resolution_models_created').on(t.workspaceId, t.createdAt)]);

/** A purpose people can consent to (newsletter, social_enrichment, tracking, profiling, …) and its legal basis. */
export const consentPurposes = pgTable('consent_purposes', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  key: text('key').notNull(),
  legalBasis: text('legal_basis').notNull(),
  doubleOptIn: boolean('double_opt_in').notNull().default(false),
  /** The newest wording version; people consent to one version. */
  currentVersion: integer('current_version').notNull().default(1),
  archivedAt: ts('archived_at'),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('consent_purposes_key').on(t.workspaceId, t.key)]);

/** Versioned wording of a purpose in German and English; a version once written is never changed. */
export const consentPurposeVersions = pgTable('consent_purpose_versions', {
  workspaceId: uuid('workspace_id').notNull(),
  purposeId: uuid('purpose_id').notNull(),
  version: integer('version').notNull(),
  title: jsonb('title').$type<{ de: string; en: string }>().notNull(),
  wording: jsonb('wording').$type<{ de: string; en: string }>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.purposeId, t.version] })]);

/**
 * The consent ledger, append-only: every request (double opt-in pending), grant and withdrawal of a purpose by a
 * person, with basis, source, wording version and proof.
 */
export const consentRecords = pgTable('consent_records', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  contactId: uuid('contact_id').notNull(),
  purposeId: uuid('purpose_id').notNull(),
  action: text('action').notNull(),
  legalBasis: text('legal_basis').notNull(),
  source: text('source').notNull(),
  wordingVersion: integer('wording_version').notNull(),
  proof: jsonb('proof').$type<Record<string, unknown>>().notNull().default({}),
  actorId: uuid('actor_id'),
  at: created(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('consent_records_contact').on(t.workspaceId, t.contactId, t.purposeId, t.at),
]);

/**
 * Where each person stands per purpose now (granted, pending, withdrawn), written in the transaction of the ledger
 * row it follows from: segments and enrichment read one row instead of replaying the ledger.
 */
export const consentStates = pgTable('consent_states', {
  workspaceId: uuid('workspace_id').notNull(),
  contactId: uuid('contact_id').notNull(),
  purposeId: uuid('purpose_id').notNull(),
  status: text('status').notNull(),
  recordId: uuid('record_id').notNull(),
  since: ts('since').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.contactId, t.purposeId] }),
  index('consent_states_purpose').on(t.workspaceId, t.purposeId, t.status),
]);

/**
 * An OpenID Connect provider people sign in with: customers (community) or staff. The client secret is stored
 * encrypted with the server's key (lib/secrets.ts) and never leaves the server.
 */
export const signOnProviders = pgTable('sign_on_providers', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  audience: text('audience').notNull(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  clientSecretEnc: text('client_secret_enc'),
  scopes: text('scopes').notNull().default('openid email profile'),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

/** A sign-on in flight: state, nonce and PKCE verifier kept on the server, usable once, for a few minutes. */
export const signOnAttempts = pgTable('sign_on_attempts', {
  workspaceId: uuid('workspace_id').notNull(),
  state: text('state').notNull(),
  providerId: uuid('provider_id').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  returnTo: text('return_to'),
  /** Purposes the person ticked before going to the provider, recorded as consent once they are back. */
  purposes: text('purposes').array().notNull().default(sql`'{}'`),
  createdAt: created(),
  expiresAt: ts('expires_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.state] })]);

/** A customer's login to the community (e-mail and password, or only sign-on), linked to their person record. */
export const customerAccounts = pgTable('customer_accounts', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  contactId: uuid('contact_id').notNull(),
  email: text('email').notNull(),
  emailVerifiedAt: ts('email_verified_at'),
  passwordHash: text('password_hash'),
  displayName: text('display_name'),
  status: text('status').notNull().default('active'),
  createdAt: created(),
  lastLoginAt: ts('last_login_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('customer_accounts_email').on(t.workspaceId, t.email),
  index('customer_accounts_contact').on(t.workspaceId, t.contactId),
]);

export const customerSessions = pgTable('customer_sessions', {
  workspaceId: uuid('workspace_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  accountId: uuid('account_id').notNull(),
  createdAt: created(),
  expiresAt: ts('expires_at').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.tokenHash] }), index('customer_sessions_account').on(t.workspaceId, t.accountId)]);

/** How long a kind of data is kept (e.g. unlinked identities: 12 months without activity); run by a scheduled job. */
export const retentionRules = pgTable('retention_rules', {
  workspaceId: uuid('workspace_id').notNull(),
  kind: text('kind').notNull(),
  months: integer('months').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  lastRunAt: ts('last_run_at'),
  lastRunRemoved: integer('last_run_removed'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.kind] })]);

// ---- channels and inbox (issue 3): connected accounts, raw deliveries, conversations, messages ----

/**
 * A connected account on a network (a Facebook page, an Instagram or X account, a LinkedIn organisation, a Mastodon
 * or Bluesky account, a mailbox, an API channel). Credentials and the webhook secret are sealed with the server key
 * (lib/secrets.ts) and never leave the server.
 */
export const channels = pgTable('channels', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  network: text('network').notNull(),
  /** The account's id on the network (page id, user id, organisation URN, user@instance, DID, channel key). */
  externalId: text('external_id').notNull(),
  name: text('name').notNull(),
  credentialsEnc: text('credentials_enc'),
  status: text('status').notNull().default('active'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('channels_external').on(t.workspaceId, t.network, t.externalId)]);

/**
 * A webhook delivery as it arrived, stored before it is answered: unique per channel and delivery key, so a duplicate
 * or replay is stored once. Processing happens in a job; a delivery that fails keeps its error and can be retried.
 */
export const inboundDeliveries = pgTable('inbound_deliveries', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  channelId: uuid('channel_id').notNull(),
  deliveryKey: text('delivery_key').notNull(),
  body: text('body').notNull(),
  /** `utf8`, or `base64` for bodies PostgreSQL text cannot hold as they are (invalid UTF-8, NUL bytes): kept byte-exact. */
  bodyEncoding: text('body_encoding').notNull().default('utf8'),
  headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
  status: text('status').notNull().default('received'),
  error: text('error'),
  attempts: integer('attempts').notNull().default(0),
  events: integer('events'),
  receivedAt: ts('received_at').notNull().defaultNow(),
  processedAt: ts('processed_at'),
  /** When the delivery is due for (another) ingestion attempt; null once processed or finally failed. The table is the queue. */
  nextAttemptAt: ts('next_attempt_at').defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('inbound_deliveries_due').on(t.nextAttemptAt).where(sql`${t.nextAttemptAt} IS NOT NULL`),
  uniqueIndex('inbound_deliveries_key').on(t.workspaceId, t.channelId, t.deliveryKey),
  index('inbound_deliveries_status').on(t.workspaceId, t.status, t.receivedAt),
]);

/** A thread with a customer: a public comment thread under a post, or a private (direct message) thread. */
export const conversations = pgTable('conversations', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  channelId: uuid('channel_id').notNull(),
  kind: text('kind').notNull(),
  /** The thread's key on the network: the root post/comment of a public thread, the DM thread id of a private one. */
  threadKey: text('thread_key').notNull(),
  /** The customer: the author identity of the thread and the person it is linked to (if known). */
  identityId: uuid('identity_id'),
  contactId: uuid('contact_id'),
  status: text('status').notNull().default('open'),
  priority: text('priority').notNull().default('normal'),
  teamId: uuid('team_id'),
  assigneeId: uuid('assignee_id'),
  subject: text('subject'),
  preview: text('preview'),
  language: text('language'),
  sentiment: text('sentiment'),
  intent: text('intent'),
  labels: text('labels').array().notNull().default(sql`'{}'`),
  /** ORGANIZE: a workspace-defined status under the base `status` (which stays authoritative), #hashtags of the customer's messages, snooze. */
  customStatusId: uuid('custom_status_id'),
  hashtags: text('hashtags').array().notNull().default(sql`'{}'`),
  snoozedUntil: ts('snoozed_until'),
  /** A private thread opened by a private reply to a public comment, and that comment's public thread: each names the other. */
  linkedConversationId: uuid('linked_conversation_id'),
  messageCount: integer('message_count').notNull().default(0),
  lastMessageAt: ts('last_message_at').notNull().defaultNow(),
  lastInboundAt: ts('last_inbound_at'),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('conversations_thread').on(t.workspaceId, t.channelId, t.kind, t.threadKey),
  index('conversations_inbox').on(t.workspaceId, t.status, t.lastMessageAt, t.id),
  index('conversations_assignee').on(t.workspaceId, t.assigneeId, t.status, t.lastMessageAt),
  index('conversations_contact').on(t.workspaceId, t.contactId, t.lastMessageAt),
  index('conversations_labels').using('gin', t.labels),
  index('conversations_hashtags').using('gin', t.hashtags),
  index('conversations_snoozed').on(t.workspaceId, t.snoozedUntil).where(sql`${t.snoozedUntil} IS NOT NULL`),
  // Newest first across statuses (views over several statuses, unassigned, labels): walked in order, filtered as it goes.
  index('conversations_recent').on(t.workspaceId, t.lastMessageAt, t.id),
  // The list sorted by priority (the rank expression of inbox/repo.ts, word for word, or the planner will not use it).
  index('conversations_priority').on(t.workspaceId, sql`(CASE ${t.priority} WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END)`, t.lastMessageAt, t.id),
]);

/** A message in a conversation: a customer's post, comment or direct message, or the company's reply. */
export const messages = pgTable('messages', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  conversationId: uuid('conversation_id').notNull(),
  channelId: uuid('channel_id').notNull(),
  /** The message's id on the network (null for a reply not yet sent). */
  externalId: text('external_id'),
  parentExternalId: text('parent_external_id'),
  direction: text('direction').notNull(),
  objectType: text('object_type'),
  identityId: uuid('identity_id'),
  authorUserId: uuid('author_user_id'),
  text: text('text'),
  attachments: jsonb('attachments').$type<Record<string, unknown>[]>().notNull().default([]),
  mentions: jsonb('mentions').$type<Record<string, unknown>[]>().notNull().default([]),
  language: text('language'),
  sentiment: text('sentiment'),
  intent: text('intent'),
  /** hidden, deleted, spam… (moderation), edited. */
  flags: text('flags').array().notNull().default(sql`'{}'`),
  deliveryId: uuid('delivery_id'),
  /** Outbound: queued, sent, failed (with the reason). */
  sendStatus: text('send_status'),
  sendError: text('send_error'),
  occurredAt: ts('occurred_at').notNull(),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('messages_external').on(t.workspaceId, t.channelId, t.externalId),
  index('messages_conversation').on(t.workspaceId, t.conversationId, t.occurredAt, t.id),
  index('messages_identity').on(t.workspaceId, t.identityId),
]);

// ---- experts (issue 3, part 4): consults with an OLA, internal notes and suggested replies, tasks from threads ----

/** An agent asks an expert (a user) or a team of experts into a conversation, with a question and an OLA. */
export const consults = pgTable('consults', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  conversationId: uuid('conversation_id').notNull(),
  askedBy: uuid('asked_by'),
  /** Exactly one of the two: the expert asked, or the team of experts asked. */
  expertUserId: uuid('expert_user_id'),
  expertTeamId: uuid('expert_team_id'),
  question: text('question').notNull(),
  /** open, answered, taken_over, cancelled, closed. */
  status: text('status').notNull().default('open'),
  olaMinutes: integer('ola_minutes').notNull(),
  olaDueAt: ts('ola_due_at').notNull(),
  /** The business-hours calendar the OLA was counted in (the expert team's or the workspace default); null: round the clock. */
  olaCalendarId: uuid('ola_calendar_id'),
  answeredAt: ts('answered_at'),
  answeredBy: uuid('answered_by'),
  overdue: boolean('overdue').notNull().default(false),
  closedAt: ts('closed_at'),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('consults_conversation').on(t.workspaceId, t.conversationId, t.createdAt),
  index('consults_expert_user').on(t.workspaceId, t.expertUserId, t.status),
  index('consults_expert_team').on(t.workspaceId, t.expertTeamId, t.status),
  index('consults_asked_by').on(t.workspaceId, t.askedBy, t.status),
  index('consults_ola').on(t.workspaceId, t.status, t.overdue, t.olaDueAt),
]);

/** An internal note on a conversation (never sent to the customer), or an expert's suggested reply. */
export const conversationNotes = pgTable('conversation_notes', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  conversationId: uuid('conversation_id').notNull(),
  consultId: uuid('consult_id'),
  authorId: uuid('author_id'),
  /** note or suggestion. */
  kind: text('kind').notNull().default('note'),
  text: text('text').notNull(),
  /** Who the note @mentions: [{ type: 'user' | 'team', id }]. */
  mentions: jsonb('mentions').$type<{ type: 'user' | 'team'; id: string }[]>().notNull().default([]),
  /** Suggestions only: pending, used, dismissed. */
  suggestionStatus: text('suggestion_status'),
  usedBy: uuid('used_by'),
  usedAt: ts('used_at'),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('conversation_notes_conversation').on(t.workspaceId, t.conversationId, t.createdAt),
  index('conversation_notes_consult').on(t.workspaceId, t.consultId),
]);

/** The tasks created from a conversation ("book a service technician"): the task itself links to the contact. */
export const conversationTasks = pgTable('conversation_tasks', {
  workspaceId: uuid('workspace_id').notNull(),
  conversationId: uuid('conversation_id').notNull(),
  taskId: uuid('task_id').notNull(),
  createdAt: created(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.conversationId, t.taskId] }),
  index('conversation_tasks_task').on(t.workspaceId, t.taskId),
]);

/** A workspace's consult settings: the default OLA when the agent chooses none. */
export const consultSettings = pgTable('consult_settings', {
  workspaceId: uuid('workspace_id').notNull(),
  defaultOlaMinutes: integer('default_ola_minutes').notNull().default(120),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId] })]);

// ---- ORGANIZE (issue 3, part 6): custom statuses, managed labels, saved views of the inbox ----

/** A workspace-defined conversation status ("Warten auf Ersatzteil"), always under one of the six base statuses. */
export const conversationStatuses = pgTable('conversation_statuses', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  baseStatus: text('base_status').notNull(),
  nameDe: text('name_de').notNull(),
  nameEn: text('name_en').notNull(),
  color: text('color').notNull(),
  position: integer('position').notNull().default(0),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('conversation_statuses_position').on(t.workspaceId, t.position),
]);

/** A managed inbox label: a name and its colour (conversations carry label names in conversations.labels). */
export const inboxLabels = pgTable('inbox_labels', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  color: text('color').notNull(),
  createdAt: created(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('inbox_labels_name').on(t.workspaceId, sql`lower(${t.name})`),
]);

/** A saved view of the inbox: filters by name, personal (owner_id set) or shared with the workspace (owner_id null). */
export const inboxViews = pgTable('inbox_views', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  ownerId: uuid('owner_id'),
  name: text('name').notNull(),
  filters: jsonb('filters').$type<Record<string, unknown>>().notNull().default({}),
  position: integer('position').notNull().default(0),
  createdBy: uuid('created_by'),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('inbox_views_owner').on(t.workspaceId, t.ownerId, t.position),
]);

// ---- routing (issue 3, part ROUTING: server/src/domains/routing/) ----

/** A manager's routing rule: conditions on a new conversation -> actions (team, priority, label, auto-reply, assignment). */
export const routingRules = pgTable('routing_rules', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  /** Evaluation order, ascending. */
  position: integer('position').notNull().default(0),
  /** 'all' or 'any' of the conditions. */
  match: text('match').notNull().default('all'),
  conditions: jsonb('conditions').$type<Record<string, unknown>[]>().notNull().default([]),
  actions: jsonb('actions').$type<Record<string, unknown>[]>().notNull().default([]),
  /** No later rule is evaluated after this one matched. */
  stop: boolean('stop').notNull().default(false),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('routing_rules_position').on(t.workspaceId, t.position)]);

/** An agent's routing profile: how many open conversations they take, their skills (products) and languages. */
export const agentProfiles = pgTable('agent_profiles', {
  workspaceId: uuid('workspace_id').notNull(),
  userId: uuid('user_id').notNull(),
  capacity: integer('capacity').notNull().default(10),
  skills: text('skills').array().notNull().default(sql`'{}'`),
  languages: text('languages').array().notNull().default(sql`'{}'`),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })]);

/** A team's assignment policy and its durable round-robin cursor (locked per assignment). */
export const teamRouting = pgTable('team_routing', {
  workspaceId: uuid('workspace_id').notNull(),
  teamId: uuid('team_id').notNull(),
  /** manual | round_robin | least_load */
  policy: text('policy').notNull().default('manual'),
  respectSkills: boolean('respect_skills').notNull().default(false),
  /** The member round-robin assigned last. */
  cursorUserId: uuid('cursor_user_id'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.teamId] })]);

/** Routing's memory per conversation: when it was last routed, and the auto-reply it sent (at most one). */
export const conversationRouting = pgTable('conversation_routing', {
  workspaceId: uuid('workspace_id').notNull(),
  conversationId: uuid('conversation_id').notNull(),
  routedAt: ts('routed_at').notNull().defaultNow(),
  autoReplyMessageId: uuid('auto_reply_message_id'),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.conversationId] })]);

// ---- Realtime: presence and who is viewing / typing (issue 3, part REALTIME; migration 0011) ----

/** A user's chosen presence and when they were last seen (heartbeat or open stream); stale means offline. */
export const userPresence = pgTable('user_presence', {
  workspaceId: uuid('workspace_id').notNull(),
  userId: uuid('user_id').notNull(),
  /** online | away | offline (appear offline), as the user chose. */
  status: text('status').notNull().default('online'),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })]);

/** Who has a conversation open and who is typing in it (collision detection); rows expire by their timestamps. */
export const conversationViewers = pgTable('conversation_viewers', {
  workspaceId: uuid('workspace_id').notNull(),
  conversationId: uuid('conversation_id').notNull(),
  userId: uuid('user_id').notNull(),
  since: ts('since').notNull().defaultNow(),
  seenAt: ts('seen_at').notNull().defaultNow(),
  typingAt: ts('typing_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.conversationId, t.userId] }),
  index('conversation_viewers_user').on(t.workspaceId, t.userId),
]);

// ---- replies (issue 3): canned replies, server-side drafts, reply approval, CSAT surveys ----

/** A canned reply: a template per language with {{variables}}, rendered on the server for a conversation. */
export const cannedReplies = pgTable('canned_replies', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  shortcut: text('shortcut').notNull(),
  teamId: uuid('team_id'),
  texts: jsonb('texts').$type<{ de?: string; en?: string }>().notNull().default({}),
  usageCount: integer('usage_count').notNull().default(0),
  createdBy: uuid('created_by'),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('canned_replies_shortcut').on(t.workspaceId, t.shortcut),
]);

/** An agent's unsent reply in a conversation, one per user and conversation (personal data of the conversation's customer). */
export const replyDrafts = pgTable('reply_drafts', {
  workspaceId: uuid('workspace_id').notNull(),
  conversationId: uuid('conversation_id').notNull(),
  userId: uuid('user_id').notNull(),
  text: text('text').notNull(),
  private: boolean('private').notNull().default(false),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.conversationId, t.userId] })]);

/** When a reply is held for a manager's approval: all set conditions must hold. */
export const approvalRules = pgTable('approval_rules', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull().default({}),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

/** Users whose replies always need approval ("replies need approval"). */
export const approvalAgents = pgTable('approval_agents', {
  workspaceId: uuid('workspace_id').notNull(),
  userId: uuid('user_id').notNull(),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })]);

/** A reply held for approval (messages.send_status 'pending_approval'), and the manager's decision. */
export const replyApprovals = pgTable('reply_approvals', {
  workspaceId: uuid('workspace_id').notNull(),
  messageId: uuid('message_id').notNull(),
  conversationId: uuid('conversation_id').notNull(),
  authorUserId: uuid('author_user_id'),
  status: text('status').notNull().default('pending'),
  reasons: text('reasons').array().notNull().default(sql`'{}'`),
  originalText: text('original_text').notNull(),
  editedText: text('edited_text'),
  decidedBy: uuid('decided_by'),
  decidedAt: ts('decided_at'),
  rejectReason: text('reject_reason'),
  createdAt: created(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.messageId] }),
  index('reply_approvals_status').on(t.workspaceId, t.status, t.createdAt),
  index('reply_approvals_conversation').on(t.workspaceId, t.conversationId),
]);

/** The replies domain's workspace settings (one row per workspace, defaults when absent). */
export const replySettings = pgTable('reply_settings', {
  workspaceId: uuid('workspace_id').notNull(),
  csatEnabled: boolean('csat_enabled').notNull().default(false),
  csatLinkDays: integer('csat_link_days').notNull().default(14),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId] })]);

/** A CSAT survey sent after a conversation was resolved (once per resolution), and the customer's answer. */
export const csatSurveys = pgTable('csat_surveys', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  conversationId: uuid('conversation_id').notNull(),
  /** The conversation.updated event of the resolution: one survey per resolution, however often the handler runs. */
  resolutionEventId: uuid('resolution_event_id').notNull(),
  messageId: uuid('message_id'),
  contactId: uuid('contact_id'),
  language: text('language').notNull(),
  score: integer('score'),
  comment: text('comment'),
  sentAt: ts('sent_at').notNull().defaultNow(),
  answeredAt: ts('answered_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('csat_surveys_resolution').on(t.workspaceId, t.resolutionEventId),
  index('csat_surveys_conversation').on(t.workspaceId, t.conversationId, t.sentAt),
  index('csat_surveys_answered').on(t.workspaceId, t.answeredAt),
]);

// ---- SLA (issue 3, part SLA): business-hours calendars, policies per team, and each conversation's clocks ----

/** Opening hours in one time zone (weekly intervals, public holidays); a policy counts its targets in them. */
export const businessCalendars = pgTable('business_calendars', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
  /** [{ day: 0 (Sunday)..6, start: 'HH:MM', end: 'HH:MM' }] */
  weekly: jsonb('weekly').$type<Array<{ day: number; start: string; end: string }>>().notNull(),
  /** ['YYYY-MM-DD'] in the calendar's zone */
  holidays: jsonb('holidays').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** The workspace's own hours (routing's "within business hours" condition); at most one per workspace. */
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('business_calendars_name').on(t.workspaceId, t.name),
  uniqueIndex('business_calendars_default').on(t.workspaceId).where(sql`${t.isDefault}`),
]);

/** Response and resolution targets of a team (team_id null: the workspace's default), counted in a calendar (null: 24/7). */
export const slaPolicies = pgTable('sla_policies', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  teamId: uuid('team_id'),
  calendarId: uuid('calendar_id'),
  firstResponseMinutes: integer('first_response_minutes'),
  nextResponseMinutes: integer('next_response_minutes'),
  resolutionMinutes: integer('resolution_minutes'),
  /** Other targets by conversation priority: { urgent: { firstResponseMinutes: 15, … } }. */
  priorityTargets: jsonb('priority_targets').$type<Record<string, { firstResponseMinutes?: number | null; nextResponseMinutes?: number | null; resolutionMinutes?: number | null }>>().notNull().default(sql`'{}'::jsonb`),
  /** A warning this many business minutes before a due time, or at this percentage of the target (one of them). */
  warnBeforeMinutes: integer('warn_before_minutes'),
  warnPercent: integer('warn_percent'),
  /** On a breach: re-assign to this team, and name the team's managers to notify (by mail too when set). */
  escalateToTeamId: uuid('escalate_to_team_id'),
  notifyManagers: boolean('notify_managers').notNull().default(false),
  notifyByMail: boolean('notify_by_mail').notNull().default(false),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('sla_policies_team').on(t.workspaceId, t.teamId).where(sql`${t.teamId} IS NOT NULL`),
  uniqueIndex('sla_policies_default').on(t.workspaceId).where(sql`${t.teamId} IS NULL`),
]);

/** A conversation's SLA clocks: due and warning times of each running clock, when each stopped, pause, what was notified. */
export const conversationSlas = pgTable('conversation_slas', {
  workspaceId: uuid('workspace_id').notNull(),
  conversationId: uuid('conversation_id').notNull(),
  policyId: uuid('policy_id').notNull(),
  /** ok | warning | breached | met | paused, kept current by the clocks and the breach watch (list filters read it). */
  state: text('state').notNull().default('ok'),
  startedAt: ts('started_at').notNull(),
  firstResponseDueAt: ts('first_response_due_at'),
  firstResponseWarnAt: ts('first_response_warn_at'),
  firstRespondedAt: ts('first_responded_at'),
  nextResponseStartedAt: ts('next_response_started_at'),
  nextResponseDueAt: ts('next_response_due_at'),
  nextResponseWarnAt: ts('next_response_warn_at'),
  lastRespondedAt: ts('last_responded_at'),
  resolutionStartedAt: ts('resolution_started_at'),
  resolutionDueAt: ts('resolution_due_at'),
  resolutionWarnAt: ts('resolution_warn_at'),
  resolvedAt: ts('resolved_at'),
  /** Set while the conversation waits on the customer: running clocks stand still. */
  pausedAt: ts('paused_at'),
  /** The earliest due time of a running clock and its kind (null when none runs or paused): the list sorts by it. */
  nextDueAt: ts('next_due_at'),
  nextDueKind: text('next_due_kind'),
  /** When the breach watch must look next (earliest pending warning or due time). */
  nextCheckAt: ts('next_check_at'),
  /** Events already emitted for the running clocks ('warning:first_response', 'breached:next_response', …). */
  notified: text('notified').array().notNull().default(sql`'{}'`),
  /** Every kind of clock this conversation has breached. */
  breached: text('breached').array().notNull().default(sql`'{}'`),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.conversationId] }),
  index('conversation_slas_due').on(t.workspaceId, t.nextDueAt).where(sql`${t.nextDueAt} IS NOT NULL`),
  index('conversation_slas_check').on(t.workspaceId, t.nextCheckAt).where(sql`${t.nextCheckAt} IS NOT NULL`),
  index('conversation_slas_policy').on(t.workspaceId, t.policyId),
]);

// --- Notifications (issue 5, part B: server/src/domains/notifications/) -----------------------------------------------

/** A notice for one user: a mention, an assignment, a reply … with the exact place it links to. */
export const notifications = pgTable('notifications', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  /** The recipient. */
  userId: uuid('user_id').notNull(),
  /** mention | assignment | reply | follow | sla | consult */
  kind: text('kind').notNull(),
  actorId: uuid('actor_id'),
  subjectType: text('subject_type').notNull(),
  subjectId: uuid('subject_id').notNull(),
  /** The exact place: app path + anchor, e.g. /people/<id>#note-<id>. */
  link: text('link').notNull(),
  /** A short excerpt of what was written (personal data of the actor's text: exported and erased with the user). */
  excerpt: text('excerpt').notNull().default(''),
  /** Notifications of the same kind about the same record within a window share a group. */
  groupKey: text('group_key').notNull(),
  /** The event it came from: a re-run handler inserts nothing twice. */
  eventId: uuid('event_id').notNull(),
  readAt: ts('read_at'),
  emailedAt: ts('emailed_at'),
  createdAt: created(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('notifications_user').on(t.workspaceId, t.userId, t.readAt, t.createdAt.desc()),
  uniqueIndex('notifications_event_user').on(t.workspaceId, t.eventId, t.userId, t.kind),
]);

/** A user's choice per kind: shown in the app or not, mailed at once, in the daily digest, or not at all. */
export const notificationPreferences = pgTable('notification_preferences', {
  workspaceId: uuid('workspace_id').notNull(),
  userId: uuid('user_id').notNull(),
  kind: text('kind').notNull(),
  inApp: boolean('in_app').notNull().default(true),
  /** off | immediate | daily_digest */
  email: text('email').notNull().default('off'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.userId, t.kind] })]);

// ---- Team rooms (issue 5, part D: server/src/domains/rooms/) ----

/** A team room: a space per team or topic; public rooms are readable by the whole workspace, private ones by members only. */
export const rooms = pgTable('rooms', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  teamId: uuid('team_id'),
  /** public | private */
  visibility: text('visibility').notNull().default('public'),
  archived: boolean('archived').notNull().default(false),
  createdBy: uuid('created_by'),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

/** Who belongs to a room, as owner (manages it) or member. */
export const roomMembers = pgTable('room_members', {
  workspaceId: uuid('workspace_id').notNull(),
  roomId: uuid('room_id').notNull(),
  userId: uuid('user_id').notNull(),
  /** owner | member */
  role: text('role').notNull().default('member'),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.roomId, t.userId] }), index('room_members_user').on(t.workspaceId, t.userId)]);

/** A post in a room's feed, or a reply in a post's thread (parent_id). */
export const roomPosts = pgTable('room_posts', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  roomId: uuid('room_id').notNull(),
  authorId: uuid('author_id'),
  parentId: uuid('parent_id'),
  body: text('body').notNull(),
  bodyHtml: text('body_html').notNull(),
  mentions: jsonb('mentions').$type<{ userIds: string[]; teamIds: string[] }>().notNull().default(sql`'{"userIds":[],"teamIds":[]}'::jsonb`),
  hashtags: text('hashtags').array().notNull().default(sql`'{}'`),
  /** The quick search: the folded body's full text (lib/fulltext.ts, migration 0013). */
  searchTsv: tsvector('search_tsv').generatedAlwaysAs(sql.raw(foldedVectorSql('body'))),
  createdAt: created(),
  editedAt: ts('edited_at'),
  deletedAt: ts('deleted_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('room_posts_feed').on(t.workspaceId, t.roomId, t.createdAt),
  index('room_posts_thread').on(t.workspaceId, t.parentId),
  index('room_posts_search').using('gin', t.searchTsv),
]);

/** A shared document of a room; its content lives in document_versions (files in the file store). */
export const documents = pgTable('documents', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  roomId: uuid('room_id').notNull(),
  name: text('name').notNull(),
  currentVersion: integer('current_version').notNull().default(1),
  createdBy: uuid('created_by'),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }), index('documents_room').on(t.workspaceId, t.roomId),
  // The quick search finds documents by a fragment or misspelling of their name (migration 0013).
  index('documents_name_trgm').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
]);

/** Every uploaded version of a document, kept: who uploaded what and when. */
export const documentVersions = pgTable('document_versions', {
  workspaceId: uuid('workspace_id').notNull(),
  documentId: uuid('document_id').notNull(),
  version: integer('version').notNull(),
  storageKey: text('storage_key').notNull(),
  size: integer('size').notNull(),
  contentType: text('content_type').notNull(),
  uploadedBy: uuid('uploaded_by'),
  note: text('note'),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.documentId, t.version] })]);

/** A collaborative Markdown note of a room; `version` rises with every save (optimistic concurrency). */
export const roomNotes = pgTable('room_notes', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  roomId: uuid('room_id').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by'),
  createdAt: created(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('room_notes_room').on(t.workspaceId, t.roomId)]);

/** Every saved version of a room note: its history. */
export const roomNoteRevisions = pgTable('room_note_revisions', {
  workspaceId: uuid('workspace_id').notNull(),
  noteId: uuid('note_id').notNull(),
  version: integer('version').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  authorId: uuid('author_id'),
  createdAt: created(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.noteId, t.version] })]);

// ---- Activity streams (issue 5, part C: server/src/domains/activity/) ----

/** Who follows which record: by hand or automatically (owner, assignee, mentioned, author). */
export const follows = pgTable('follows', {
  workspaceId: uuid('workspace_id').notNull(),
  userId: uuid('user_id').notNull(),
  recordType: text('record_type').notNull(),
  recordId: uuid('record_id').notNull(),
  /** manual | owner | mentioned | assigned | participant */
  reason: text('reason').notNull(),
  createdAt: created(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.userId, t.recordType, t.recordId] }),
  index('follows_record').on(t.workspaceId, t.recordType, t.recordId),
]);

/** One activity per domain event worth showing (id = the event's id: time-ordered UUID v7, and re-delivery is a no-op). */
export const activities = pgTable('activities', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  occurredAt: ts('occurred_at').notNull(),
  actorId: uuid('actor_id'),
  /** The event type, e.g. contact.updated. */
  verb: text('verb').notNull(),
  recordType: text('record_type').notNull(),
  recordId: uuid('record_id').notNull(),
  teamId: uuid('team_id'),
  hashtags: text('hashtags').array().notNull().default(sql`'{}'`),
  /** Small and free of secrets: names and titles at the time. */
  summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('activities_record').on(t.workspaceId, t.recordType, t.recordId, t.id),
  index('activities_team').on(t.workspaceId, t.teamId, t.id),
  index('activities_actor').on(t.workspaceId, t.actorId, t.id),
  index('activities_hashtags').using('gin', t.hashtags),
]);

// ---- Comments and hashtags (issue 5, part A) ----

/** A comment on any record (contact, company, conversation, room, document): Markdown, rendered and sanitized at write time. */
export const comments = pgTable('comments', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  recordType: text('record_type').notNull(),
  recordId: uuid('record_id').notNull(),
  authorId: uuid('author_id'),
  body: text('body').notNull(),
  bodyHtml: text('body_html').notNull(),
  mentionUserIds: uuid('mention_user_ids').array().notNull().default(sql`'{}'`),
  mentionTeamIds: uuid('mention_team_ids').array().notNull().default(sql`'{}'`),
  hashtags: text('hashtags').array().notNull().default(sql`'{}'`),
  attachments: jsonb('attachments').$type<{ key: string; name: string; contentType: string; size: number }[]>().notNull().default(sql`'[]'::jsonb`),
  /** The quick search: the folded body's full text (lib/fulltext.ts, migration 0013). */
  searchTsv: tsvector('search_tsv').generatedAlwaysAs(sql.raw(foldedVectorSql('body'))),
  createdAt: created(),
  editedAt: ts('edited_at'),
  deletedAt: ts('deleted_at'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('comments_record').on(t.workspaceId, t.recordType, t.recordId, t.createdAt),
  index('comments_hashtags').using('gin', t.hashtags),
  index('comments_search').using('gin', t.searchTsv),
]);

/** One use of a #hashtag (normalized: NFC lower case) in a comment, note, message or post: feeds the hashtag page. */
export const hashtagUses = pgTable('hashtag_uses', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  tag: text('tag').notNull(),
  displayTag: text('display_tag').notNull(),
  /** comment | note | message | post */
  sourceKind: text('source_kind').notNull(),
  sourceId: uuid('source_id').notNull(),
  recordType: text('record_type').notNull(),
  recordId: uuid('record_id').notNull(),
  /** The author's first team, or null. */
  teamId: uuid('team_id'),
  createdAt: created(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('hashtag_uses_source').on(t.workspaceId, t.sourceKind, t.sourceId, t.tag),
  index('hashtag_uses_tag').on(t.workspaceId, t.tag, t.createdAt),
]);
