import { z } from 'zod';
import { ContactInput } from './contacts.ts';

/**
 * Where a CSV column's cells can go. Repeatable targets (email, phone, address.*) form entries grouped by
 * ImportColumn.group; `fullName` is split into first and last name; `owner` is the owning user's e-mail or name.
 * Custom fields are `custom:<key>`.
 */
export const FIELD_TARGETS = [
  'ignore', 'firstName', 'lastName', 'fullName', 'companyName', 'jobTitle',
  'email', 'email.label', 'phone', 'phone.label',
  'address.label', 'address.street', 'address.houseNumber', 'address.extended', 'address.postalCode',
  'address.city', 'address.region', 'address.country',
  'website', 'birthday', 'note', 'tags', 'lifecycleStage', 'language', 'owner',
] as const;

export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'finished', 'failed'] as const;

/** One column of a CSV file and where its cells go (see the server's csv/mapping.ts for the targets). */
export const ImportColumn = z.object({
  index: z.number().int().min(0),
  header: z.string().max(1000),
  target: z.string().max(80),
  group: z.number().int().min(1).max(1000).optional(),
  label: z.string().max(200).optional(),
});
export type ImportColumn = z.infer<typeof ImportColumn>;

export const ImportPreviewRow = z.object({
  line: z.number().int(),
  input: ContactInput.optional(),
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional(), column: z.string().optional() }).optional(),
});

export const Import = z.object({
  id: z.uuid(),
  kind: z.enum(['csv', 'vcard']),
  filename: z.string(),
  status: z.enum(IMPORT_STATUSES),
  dryRun: z.boolean(),
  encoding: z.string().nullable(),
  sizeBytes: z.number().int(),
  processedBytes: z.number().int(),
  /** 0..1, from the bytes read so far. */
  progress: z.number(),
  rowsTotal: z.number().int(),
  rowsCreated: z.number().int(),
  rowsUpdated: z.number().int(),
  rowsFailed: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** CSV: the header row, the recognised export format and the suggested or chosen mapping. */
  headers: z.array(z.string()).optional(),
  preset: z.string().optional(),
  mapping: z.array(ImportColumn).optional(),
});
export type Import = z.infer<typeof Import>;

export const ImportUploadResult = Import.extend({ preview: z.array(ImportPreviewRow) });
export type ImportUploadResult = z.infer<typeof ImportUploadResult>;

export const ImportPreviewBody = z.object({ mapping: z.array(ImportColumn).max(1000).optional() });
export const ImportPreview = z.object({ rows: z.array(ImportPreviewRow) });

export const ImportStartBody = z.object({
  mapping: z.array(ImportColumn).max(1000).optional(),
  /** Check every row and count what would happen, writing nothing. */
  dryRun: z.boolean().default(false),
  /** An existing person with the same e-mail: update them (fill in and add) or skip the row. */
  onDuplicate: z.enum(['update', 'skip']).default('update'),
  tags: z.array(z.string().trim().min(1).max(64)).max(10).optional(),
});

export const ImportErrorRow = z.object({ line: z.number().int(), code: z.string(), message: z.string() });
export const ImportErrorPage = z.object({ items: z.array(ImportErrorRow), nextCursor: z.string().nullable() });
export const ImportList = z.object({ items: z.array(Import) });
