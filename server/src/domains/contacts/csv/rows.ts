import type { Readable } from 'node:stream';
import type { ContactInput } from '@parley/contracts/contacts';
import { Validation } from '../../../lib/errors.ts';
import type { ColumnMapping, Preset } from './mapping.ts';
import { readCsv, type Delimiter } from './records.ts';
import { ContactMapper, type RowError } from './to-contact.ts';
import type { DateOrder } from './values.ts';

/** One data row of the file: a contact to import, or why not. `owner` is the owner's e-mail or name as written. */
export type RowResult = { line: number; input: ContactInput; owner?: string } | { line: number; error: RowError };

export interface CsvReadOptions {
  /** Detected from the header line when not given. */
  delimiter?: Delimiter;
  /** The exporting tool (from suggestMapping); decides whether 3/4/1980 is 3 April or March 4. */
  preset?: Preset;
}

/** Slashed dates are month first in every recognised (US) tool's export, day first in anything else. */
export function dateOrderFor(preset: Preset): DateOrder {
  return preset === 'generic' ? 'dmy' : 'mdy';
}

function checkHeader(cells: string[], mapping: readonly ColumnMapping[]): void {
  for (const col of mapping) {
    const actual = cells[col.index];
    if (actual?.trim() !== col.header.trim()) {
      throw new Validation(
        'csv_mapping_mismatch',
        actual === undefined
          ? `The mapping names column ${col.index + 1}, but the file has only ${cells.length} columns`
          : `Column ${col.index + 1} is "${actual}", but the mapping expects "${col.header}"`,
      );
    }
  }
}

/**
 * Streams the data rows of a CSV file (text, e.g. from decodeStream) as contacts to import or row errors, in file
 * order and in constant memory. Rows whose mapped cells are all empty are skipped silently. Throws Validation
 * when the file has no header or its header does not fit the mapping.
 */
export async function* mapRows(text: Readable, mapping: ColumnMapping[], opts: CsvReadOptions = {}): AsyncGenerator<RowResult> {
  const mapper = new ContactMapper(mapping, dateOrderFor(opts.preset ?? 'generic'));
  for await (const event of readCsv(text, opts)) {
    switch (event.kind) {
      case 'header':
        checkHeader(event.cells, mapping);
        break;
      case 'record': {
        const result = mapper.map(event.cells);
        if (result !== undefined) yield { line: event.line, ...result };
        break;
      }
      case 'error':
        yield { line: event.line, error: { code: event.code, message: event.message } };
        break;
      default:
        event satisfies never;
    }
  }
}

/** The header of a CSV file, its delimiter and the cells of up to `sampleRows` rows, for the import wizard. */
export async function readHeader(
  text: Readable,
  opts: { delimiter?: Delimiter; sampleRows?: number } = {},
): Promise<{ headers: string[]; delimiter: Delimiter; samples: string[][] }> {
  const sampleRows = opts.sampleRows ?? 0;
  let header: { headers: string[]; delimiter: Delimiter } | undefined;
  const samples: string[][] = [];
  for await (const event of readCsv(text, opts)) {
    if (event.kind === 'header') header = { headers: event.cells, delimiter: event.delimiter };
    else if (event.kind === 'record') samples.push(event.cells);
    if (samples.length >= sampleRows) break;
  }
  // readCsv yields the header first or throws, so it is there.
  return { ...header!, samples };
}

/** The first `limit` results of mapRows, for the wizard's preview of a mapping. */
export async function previewRows(text: Readable, mapping: ColumnMapping[], opts: CsvReadOptions & { limit?: number } = {}): Promise<RowResult[]> {
  const limit = opts.limit ?? 20;
  const rows: RowResult[] = [];
  if (limit <= 0) return rows;
  for await (const row of mapRows(text, mapping, opts)) {
    if (rows.push(row) >= limit) break;
  }
  return rows;
}
