import { z } from 'zod';
import { Language } from './common.ts';

// Data subject rights (GDPR Art. 15, 17, 20): a person's data as one document, their erasure, and how long kinds of
// data are kept (retention rules, applied by a daily job).

// ---- export -----------------------------------------------------------------------------------------------------

export const PersonalDataQuery = z.object({
  format: z.enum(['json', 'html']).default('json'),
  /** Language of the HTML page; the requesting user's when left out. */
  lang: Language.optional(),
});
export type PersonalDataQuery = z.input<typeof PersonalDataQuery>;

/**
 * The JSON export: everything Parley holds about the person, one entry per kind of data (`contact`, `notes`,
 * `timeline`, `merges`, `tasks`, `identities`, `consents`, `customer_accounts`; messages and community posts when
 * those exist). A kind with nothing about the person is an empty list or object, never left out.
 */
export const PersonalDataExport = z.object({
  format: z.literal('parley.personal-data'),
  version: z.literal(1),
  exportedAt: z.string(),
  workspace: z.object({ name: z.string() }),
  contactId: z.uuid(),
  data: z.record(z.string(), z.unknown()),
});
export type PersonalDataExport = z.infer<typeof PersonalDataExport>;

// ---- erasure ----------------------------------------------------------------------------------------------------

export const EraseBody = z.object({
  /** The person's display name as shown on their page, typed again: an erasure cannot be undone. */
  confirm: z.string().trim().min(1).max(500),
});
export type EraseBody = z.infer<typeof EraseBody>;

export const EraseResult = z.object({
  contactId: z.uuid(),
  /** How many records of each kind were removed. */
  erased: z.record(z.string(), z.number().int()),
  /**
   * Uploaded import files the workspace still keeps on disk: they hold rows as uploaded and may include the person.
   * They are removed by the `import_files` retention rule (after `importFilesRetentionMonths`), not by an erasure.
   */
  importFilesKept: z.number().int(),
  importFilesRetentionMonths: z.number().int().nullable(),
});
export type EraseResult = z.infer<typeof EraseResult>;

// ---- retention --------------------------------------------------------------------------------------------------

/**
 * unlinked_identities: social identities no one is linked to, removed after N months without activity.
 * import_files: uploaded import files, removed N months after the import ended (0: at the next daily run).
 * audit_log: audit entries and the events they came from, removed after N months (off unless chosen).
 * sign_on_attempts, customer_sessions: removed once expired; always on.
 */
export const RETENTION_KINDS = ['unlinked_identities', 'import_files', 'audit_log', 'sign_on_attempts', 'customer_sessions'] as const;
export const RetentionKind = z.enum(RETENTION_KINDS);
export type RetentionKind = z.infer<typeof RetentionKind>;

export const RETENTION_MAX_MONTHS = 120;

/** What a workspace starts with, and the least each kind may be set to. `fixed` kinds cannot be changed. */
export const RETENTION_DEFAULTS: Record<RetentionKind, { months: number; enabled: boolean; fixed: boolean; minMonths: number }> = {
  unlinked_identities: { months: 12, enabled: true, fixed: false, minMonths: 1 },
  import_files: { months: 1, enabled: true, fixed: false, minMonths: 0 },
  audit_log: { months: 24, enabled: false, fixed: false, minMonths: 6 },
  sign_on_attempts: { months: 0, enabled: true, fixed: true, minMonths: 0 },
  customer_sessions: { months: 0, enabled: true, fixed: true, minMonths: 0 },
};

export const RetentionRule = z.object({
  kind: RetentionKind,
  months: z.number().int(),
  enabled: z.boolean(),
  fixed: z.boolean(),
  minMonths: z.number().int(),
  lastRunAt: z.string().nullable(),
  lastRunRemoved: z.number().int().nullable(),
});
export type RetentionRule = z.infer<typeof RetentionRule>;
export const RetentionRuleList = z.object({ items: z.array(RetentionRule) });

export const RetentionRuleInput = z.object({
  kind: RetentionKind,
  months: z.number().int().min(0).max(RETENTION_MAX_MONTHS),
  enabled: z.boolean(),
});
/** The rules to change (others stay as they are). */
export const RetentionRulesBody = z.object({ rules: z.array(RetentionRuleInput).min(1).max(RETENTION_KINDS.length) });
export type RetentionRulesBody = z.infer<typeof RetentionRulesBody>;

/** What one run removed, per kind. */
export const RetentionRunResult = z.object({ removed: z.record(z.string(), z.number().int()), rules: z.array(RetentionRule) });
export type RetentionRunResult = z.infer<typeof RetentionRunResult>;
