import { sql } from 'drizzle-orm';
import {
  bigint, boolean, customType, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import type { AddressEntry, EmailEntry, PhoneEntry } from '@parley/contracts/contacts';

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
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
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
