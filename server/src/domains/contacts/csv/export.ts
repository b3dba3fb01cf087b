import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { AddressEntry, ContactInput } from '@parley/contracts/contacts';

/** A contact as the export reads it. */
export type ExportRow = ContactInput & { id: string; createdAt: string; updatedAt: string; companyName?: string };

export interface ExportOptions {
  /** Keys of the workspace's custom fields; each becomes a column headed by its key. */
  customFieldKeys?: string[];
  /**
   * Columns per repeatable value. Best pass the largest counts among the exported contacts; a contact with more
   * entries than columns has the extra ones joined into the last column with ' ::: ' (as Google does), so nothing is lost.
   */
  slots?: { emails?: number; phones?: number; addresses?: number };
  /** ',' by default; ';' is what Excel with German settings expects. */
  delimiter?: ',' | ';' | '\t';
}

const DEFAULT_SLOTS = { emails: 3, phones: 3, addresses: 2 };
const ADDRESS_PARTS = [
  ['label', 'Label'], ['street', 'Street'], ['extended', 'Extended'], ['postalCode', 'Postal Code'],
  ['city', 'City'], ['region', 'Region'], ['country', 'Country'],
] as const satisfies readonly (readonly [keyof AddressEntry, string])[];
const OVERFLOW_SEPARATOR = ' ::: ';

/** The header row for the given options. Its names are ones the import recognises, so an export can be re-imported. */
export function exportHeaders(opts: ExportOptions = {}): string[] {
  const slots = { ...DEFAULT_SLOTS, ...opts.slots };
  const numbered = (count: number, names: (n: number) => string[]) =>
    Array.from({ length: Math.max(count, 1) }, (_, i) => names(i + 1)).flat();
  return [
    'ID', 'First Name', 'Last Name', 'Company', 'Job Title',
    ...numbered(slots.emails, (n) => [`Email ${n}`, `Email ${n} Label`]),
    ...numbered(slots.phones, (n) => [`Phone ${n}`, `Phone ${n} Label`]),
    ...numbered(slots.addresses, (n) => ADDRESS_PARTS.map(([, name]) => `Address ${n} ${name}`)),
    'Website', 'Birthday', 'Language', 'Lifecycle Stage', 'Tags', 'Note',
    ...(opts.customFieldKeys ?? []),
    'Created At', 'Updated At',
  ];
}

/** Spreads `entries` over `slots` columns; the last column takes every entry that does not fit. */
function spread<T>(entries: readonly T[] | undefined, slots: number): T[][] {
  const list = entries ?? [];
  const n = Math.max(slots, 1);
  return Array.from({ length: n }, (_, i) => (i < n - 1 ? list.slice(i, i + 1) : list.slice(i)));
}

function joined(values: (string | undefined)[]): string {
  return values.filter((v): v is string => v !== undefined && v !== '').join(OVERFLOW_SEPARATOR);
}

// A label shared by all entries of an overflowing column still applies to them; mixed labels would mislead.
function sharedLabel(entries: { label?: string }[]): string {
  const labels = new Set(entries.map((e) => e.label ?? ''));
  return labels.size === 1 ? [...labels][0]! : '';
}

function customCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(customCell).join('; ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One contact as the cells of a row, in the order of exportHeaders(opts). */
export function exportRecord(row: ExportRow, opts: ExportOptions = {}): string[] {
  const slots = { ...DEFAULT_SLOTS, ...opts.slots };
  return [
    row.id, row.firstName ?? '', row.lastName ?? '', row.companyName ?? '', row.jobTitle ?? '',
    ...spread(row.emails, slots.emails).flatMap((es) => [joined(es.map((e) => e.value)), sharedLabel(es)]),
    ...spread(row.phones, slots.phones).flatMap((ps) => [joined(ps.map((p) => p.value)), sharedLabel(ps)]),
    ...spread(row.addresses, slots.addresses).flatMap((as) => ADDRESS_PARTS.map(([part]) => joined(as.map((a) => a[part])))),
    row.website ?? '', row.birthday ?? '', row.language ?? '', row.lifecycleStage ?? '',
    (row.tags ?? []).join('; '), row.note ?? '',
    ...(opts.customFieldKeys ?? []).map((key) => customCell(row.custom?.[key])),
    row.createdAt, row.updatedAt,
  ];
}

async function* records(rows: AsyncIterable<ExportRow>, opts: ExportOptions): AsyncGenerator<string[]> {
  yield exportHeaders(opts);
  for await (const row of rows) yield exportRecord(row, opts);
}

/**
 * Streams contacts as a CSV file: UTF-8 with a byte order mark (so that Excel reads the umlauts), CRLF line ends,
 * a header row, and cells starting with = + - @ prefixed with ' so that spreadsheets do not run them as formulas.
 * An error of `rows` destroys the returned stream with that error.
 */
export function contactsToCsv(rows: AsyncIterable<ExportRow>, opts: ExportOptions = {}): Readable {
  const csv = stringify({ bom: true, delimiter: opts.delimiter ?? ',', record_delimiter: 'windows', escape_formulas: true });
  pipeline(Readable.from(records(rows, opts)), csv, () => {});
  return csv;
}
