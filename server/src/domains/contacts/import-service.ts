import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Import, ImportColumn, ImportUploadResult } from '@parley/contracts/imports';
import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { users } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { AppError, Conflict, NotFound, PayloadTooLarge, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { decodeStream } from './csv/decode.ts';
import { ColumnMappings, suggestMapping, type ColumnMapping, type Preset } from './csv/mapping.ts';
import type { Delimiter } from './csv/records.ts';
import { mapRows, previewRows, readHeader, type RowResult } from './csv/rows.ts';
import * as importRepo from './import-repo.ts';
import { addPrepared, prepareRow, writeBatch, type BatchResult, type PreparedBatch, type WriteContext } from './import-writer.ts';
import { listCustomFields } from './repo.ts';
import { parseContactCards } from './vcard.ts';

/** Rows written in one transaction (with the import's progress). */
export const IMPORT_BATCH_ROWS = 1000;
// The longest stretch (ms) of building rows without a look at the event loop: each statement of the batch in flight
// (about ten a batch) waits for the thread to read its reply, and the database idles meanwhile.
const BUSY_MS = 2;
const VCARD_MAX_BYTES = 64 * 1024 * 1024;
export const IMPORT_QUEUE = 'contacts.import';

interface CsvMeta { headers: string[]; delimiter: Delimiter; preset: Preset }

/** Stores an uploaded file and reads enough of it for the wizard: encoding, header, suggested mapping, preview. */
export async function uploadImport(deps: Deps, actor: Actor, file: { filename: string; stream: Readable; truncated: () => boolean }): Promise<ImportUploadResult> {
  authorize(actor, 'contacts:import');
  const id = newId();
  const dir = path.join(deps.config.dataDir, 'imports', actor.workspaceId);
  await mkdir(dir, { recursive: true });
  const filePath = path.join(dir, id);
  await pipeline(file.stream, createWriteStream(filePath));
  if (file.truncated()) {
    await rm(filePath, { force: true });
    throw new PayloadTooLarge('file_too_large', 'The file is larger than the import limit');
  }
  const sizeBytes = (await stat(filePath)).size;
  if (sizeBytes === 0) {
    await rm(filePath, { force: true });
    throw new Validation('empty_file', 'The file is empty');
  }
  const kind = await detectKind(filePath, file.filename);
  try {
    if (kind === 'vcard') {
      if (sizeBytes > VCARD_MAX_BYTES) throw new PayloadTooLarge('file_too_large', 'vCard files can have at most 64 MB; split it or use CSV');
      const parsed = parseContactCards(await readFile(filePath), file.filename);
      if (!parsed.cards.length) throw new Validation('no_cards', 'No contact cards were found in the file');
      const row = await importRepo.insertImport(deps.db, {
        workspaceId: actor.workspaceId, id, kind, filename: file.filename.slice(0, 255), filePath, sizeBytes, status: 'uploaded', createdBy: actor.userId,
      });
      return { ...presentImport(row), preview: vcardRows(parsed).slice(0, 20).map(toPreview) };
    }
    const decoded = decodeStream(createReadStream(filePath));
    const head = await readHeader(decoded);
    decoded.destroy();
    const defs = await listCustomFields(deps.db, actor.workspaceId, 'contact');
    const suggestion = suggestMapping(head.headers, defs.map((d) => d.key));
    const meta: CsvMeta = { headers: head.headers, delimiter: head.delimiter, preset: suggestion.preset };
    const preview = await previewCsv(filePath, suggestion.columns, meta);
    const row = await importRepo.insertImport(deps.db, {
      workspaceId: actor.workspaceId, id, kind, filename: file.filename.slice(0, 255), filePath, sizeBytes, status: 'uploaded',
      encoding: preview.encoding, mapping: suggestion.columns, meta: { ...meta }, createdBy: actor.userId,
    });
    return { ...presentImport(row), preview: preview.rows.map(toPreview) };
  } catch (err) {
    await rm(filePath, { force: true });
    throw err;
  }
}

/** Maps the first rows with a (user-edited) mapping, for the wizard's preview step. */
export async function previewImport(deps: Deps, actor: Actor, id: string, mapping: ImportColumn[] | undefined) {
  authorize(actor, 'contacts:import');
  const imp = await importRepo.findImport(deps.db, actor.workspaceId, id);
  if (!imp) throw new NotFound('import_not_found', 'No such import');
  if (imp.kind === 'vcard') return { rows: vcardRows(parseContactCards(await readFile(imp.filePath), imp.filename)).slice(0, 20).map(toPreview) };
  const cols = checkMapping(mapping ?? (imp.mapping as ColumnMapping[]));
  return { rows: (await previewCsv(imp.filePath, cols, imp.meta as unknown as CsvMeta)).rows.map(toPreview) };
}

/** Starts (or dry-runs) an uploaded import as a job; progress is read with getImport. */
export async function startImport(deps: Deps, actor: Actor, id: string, opts: { mapping?: ImportColumn[]; dryRun: boolean; onDuplicate: 'update' | 'skip'; tags?: string[] }): Promise<Import> {
  authorize(actor, 'contacts:import');
  return deps.db.transaction(async (tx) => {
    const imp = await importRepo.findImport(tx, actor.workspaceId, id);
    if (!imp) throw new NotFound('import_not_found', 'No such import');
    if (imp.status === 'queued' || imp.status === 'running') throw new Conflict('import_running', 'This import is already running');
    if (imp.status === 'finished' && !imp.dryRun) throw new Conflict('import_finished', 'This import has finished; upload the file again to import it once more');
    const mapping = imp.kind === 'csv' ? checkMapping(opts.mapping ?? (imp.mapping as ColumnMapping[])) : null;
    await importRepo.clearImportErrors(tx, actor.workspaceId, id);
    const row = await importRepo.updateImport(tx, actor.workspaceId, id, {
      status: 'queued', dryRun: opts.dryRun, mapping, meta: { ...imp.meta, onDuplicate: opts.onDuplicate, tags: opts.tags ?? [] },
      committedLine: 0, processedBytes: 0, rowsTotal: 0, rowsCreated: 0, rowsUpdated: 0, rowsFailed: 0, error: null, finishedAt: null,
    });
    await deps.queue.send(IMPORT_QUEUE, { workspaceId: actor.workspaceId, importId: id }, { tx });
    return presentImport(row!);
  });
}

/** An import with its progress. */
export async function getImport(deps: Deps, actor: Actor, id: string): Promise<Import> {
  authorize(actor, 'contacts:import');
  const imp = await importRepo.findImport(deps.db, actor.workspaceId, id);
  if (!imp) throw new NotFound('import_not_found', 'No such import');
  return presentImport(imp);
}

export async function listImports(deps: Deps, actor: Actor): Promise<Import[]> {
  authorize(actor, 'contacts:import');
  return (await importRepo.listImports(deps.db, actor.workspaceId)).map(presentImport);
}

/** The rows an import could not write, by line. */
export async function importErrorsPage(deps: Deps, actor: Actor, id: string, cursor: string | undefined, limit: number) {
  authorize(actor, 'contacts:import');
  if (!(await importRepo.findImport(deps.db, actor.workspaceId, id))) throw new NotFound('import_not_found', 'No such import');
  const after = cursor ? Number(cursor) : 0;
  if (!Number.isInteger(after) || after < 0) throw new Validation('invalid_cursor', 'The cursor is not valid');
  const items = await importRepo.listImportErrors(deps.db, actor.workspaceId, id, after, limit + 1);
  return { items: items.slice(0, limit), nextCursor: items.length > limit ? String(items[limit - 1]!.line) : null };
}

/**
 * The import job: streams the file, writes batches of 1,000 rows, each batch in one transaction together with
 * the import's progress. A restarted job (process killed) resumes after the last committed line. A dry run does
 * the same work and rolls every batch back.
 *
 * Node and the database work at the same time: while batch n is written, the rows of batch n+1 are read, checked
 * and built (prepareRow, which needs no database). Batch n+1 is written only after batch n committed, so its
 * e-mail lookup sees the rows of batch n: duplicates across batches are found as within one.
 */
export async function runImport(deps: Deps, data: { workspaceId: string; importId: string }): Promise<void> {
  const { workspaceId, importId } = data;
  const imp = await importRepo.findImport(deps.db, workspaceId, importId);
  if (!imp || imp.status === 'finished' || imp.status === 'failed' || imp.status === 'uploaded') return;
  const [creator] = imp.createdBy ? await deps.db.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, imp.createdBy))) : [];
  const actor: Actor = { workspaceId, userId: creator?.id ?? null, role: 'system', kind: 'system', language: 'en' };
  const meta = imp.meta as unknown as CsvMeta & { onDuplicate: 'update' | 'skip'; tags: string[] };
  const owners = new Map<string, string>();
  for (const u of await deps.db.select().from(users).where(eq(users.workspaceId, workspaceId))) {
    owners.set(u.email.toLowerCase(), u.id);
    owners.set(u.name.toLowerCase(), u.id);
  }
  const ctx: WriteContext = { importId, defs: await listCustomFields(deps.db, workspaceId, 'contact'), owners, onDuplicate: meta.onDuplicate ?? 'update', tags: meta.tags ?? [] };
  await importRepo.updateImport(deps.db, workspaceId, importId, { status: 'running' });

  let bytes = 0;
  const counter = new Transform({ transform(chunk: Buffer, _e, cb) { bytes += chunk.length; cb(null, chunk); } });
  let totals = { total: imp.rowsTotal, created: imp.rowsCreated, updated: imp.rowsUpdated, failed: imp.rowsFailed };

  // Writes one batch (in its transaction, with the import's progress) and adds it to the totals.
  const write = async (rows: PreparedBatch, size: number, lastLine: number, bytesRead: number) => {
    const progress = (r: { created: number; updated: number; failed: number }) => ({
      committedLine: lastLine, processedBytes: Math.min(bytesRead, imp.sizeBytes),
      rowsTotal: totals.total + size, rowsCreated: totals.created + r.created, rowsUpdated: totals.updated + r.updated, rowsFailed: totals.failed + r.failed,
    });
    let result: { created: number; updated: number; failed: number };
    if (imp.dryRun) {
      const r = await dryRunBatch(deps, actor, ctx, rows);
      await deps.db.transaction(async (tx) => {
        await importRepo.insertImportErrors(tx, workspaceId, importId, r.errors);
        await importRepo.updateImport(tx, workspaceId, importId, progress(r));
      });
      result = r;
    } else {
      result = await deps.db.transaction(async (tx) => {
        // Safe without waiting for the disk: a batch and the import's committedLine commit together, so a crash
        // that loses the last commits makes the job resume before them; nothing is lost or written twice.
        await tx.execute(sql`SET LOCAL synchronous_commit TO off`);
        const r = await writeBatch(tx, deps, actor, ctx, rows);
        await importRepo.insertImportErrors(tx, workspaceId, importId, r.errors);
        await importRepo.updateImport(tx, workspaceId, importId, progress(r));
        return r;
      });
    }
    totals = { total: totals.total + size, created: totals.created + result.created, updated: totals.updated + result.updated, failed: totals.failed + result.failed };
  };

  let batch: PreparedBatch = { rows: [], errors: [] };
  let size = 0;
  let lastLine = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let lastYield = performance.now();
  const flush = async () => {
    if (!size) return;
    const rows = batch;
    const [n, line, bytesRead] = [size, lastLine, bytes];
    batch = { rows: [], errors: [] };
    size = 0;
    await inFlight; // one batch in flight: the next one starts after it committed
    inFlight = write(rows, n, line, bytesRead);
    inFlight.catch(() => undefined); // awaited at the next flush or at the end
  };

  try {
    const source = createReadStream(imp.filePath);
    let rows: AsyncIterable<RowResult>;
    if (imp.kind === 'vcard') {
      rows = toAsync(vcardRows(parseContactCards(await readFile(imp.filePath), imp.filename)));
      bytes = imp.sizeBytes;
      source.destroy();
    } else {
      const piped = source.pipe(counter).pipe(new PassThrough());
      rows = mapRows(decodeStream(piped), imp.mapping as ColumnMapping[], { delimiter: meta.delimiter, preset: meta.preset });
    }
    for await (const row of rows) {
      if (row.line <= imp.committedLine) continue; // written before a restart
      addPrepared(batch, prepareRow(actor, ctx, row));
      lastLine = row.line;
      if (++size >= IMPORT_BATCH_ROWS) await flush();
      if (performance.now() - lastYield > BUSY_MS) {
        await yieldToIo();
        lastYield = performance.now();
      }
    }
    await flush();
    await inFlight;
    await deps.db.transaction(async (tx) => {
      await importRepo.updateImport(tx, workspaceId, importId, { status: 'finished', processedBytes: imp.sizeBytes, finishedAt: new Date() });
      await emit(tx, deps.queue, actor, {
        type: 'import.finished', subject: { type: 'import', id: importId },
        payload: { filename: imp.filename, dryRun: imp.dryRun, ...totals },
      });
    });
  } catch (err) {
    // The batch in flight ends first, whatever happened here: the import's state includes it.
    const writeErr: unknown = await inFlight.then(() => undefined, (e: unknown) => e);
    const first = writeErr ?? err;
    // A file that cannot be read is final; anything else (database gone) is retried by the queue.
    if (first instanceof AppError) {
      await importRepo.updateImport(deps.db, workspaceId, importId, { status: 'failed', error: first.message, finishedAt: new Date() });
      return;
    }
    throw first;
  }
}

class DryRunRollback extends Error {}

// The same work as a real batch, rolled back: every check, including the database's own, is made.
async function dryRunBatch(deps: Deps, actor: Actor, ctx: WriteContext, rows: PreparedBatch): Promise<BatchResult> {
  let result: BatchResult | undefined;
  try {
    await deps.db.transaction(async (tx) => {
      result = await writeBatch(tx, deps, actor, ctx, rows);
      throw new DryRunRollback();
    });
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return result!;
}

async function previewCsv(filePath: string, mapping: ColumnMapping[], meta: CsvMeta) {
  const decoded = decodeStream(createReadStream(filePath));
  const rows = await previewRows(decoded, mapping, { delimiter: meta.delimiter, preset: meta.preset, limit: 20 });
  const encoding = decoded.encoding;
  decoded.destroy();
  return { rows, encoding };
}

function checkMapping(mapping: unknown): ColumnMapping[] {
  const parsed = ColumnMappings.safeParse(mapping);
  if (!parsed.success) throw new Validation('invalid_mapping', `The column mapping is not valid: ${parsed.error.issues[0]?.message}`, parsed.error.issues);
  return parsed.data;
}

function vcardRows(parsed: ReturnType<typeof parseContactCards>): RowResult[] {
  const rows: RowResult[] = parsed.cards.map((c) => ({ line: c.line, input: c.input }));
  return rows.sort((a, b) => a.line - b.line);
}

async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

async function detectKind(filePath: string, filename: string): Promise<'csv' | 'vcard'> {
  if (/\.(vcf|vcard)$/i.test(filename)) return 'vcard';
  const fh = createReadStream(filePath, { start: 0, end: 511 });
  let head = '';
  for await (const chunk of fh) head += (chunk as Buffer).toString('latin1');
  const start = head.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toUpperCase();
  if (start.startsWith('BEGIN:VCARD') || /^\[\s*"VCARD"/.test(start) || (start.startsWith('<?XML') && start.includes('VCARDS')) || start.startsWith('<VCARDS')) return 'vcard';
  return 'csv';
}

function toPreview(r: RowResult) {
  return 'error' in r ? { line: r.line, error: r.error } : { line: r.line, input: r.input };
}

/** The fields of an import that leave the server (never its file path). */
export function presentImport(i: importRepo.ImportRowRecord): Import {
  const meta = i.meta as Partial<CsvMeta>;
  return {
    id: i.id, kind: i.kind as Import['kind'], filename: i.filename, status: i.status as Import['status'], dryRun: i.dryRun,
    encoding: i.encoding, sizeBytes: i.sizeBytes, processedBytes: i.processedBytes,
    progress: i.status === 'finished' ? 1 : i.sizeBytes ? Math.min(1, i.processedBytes / i.sizeBytes) : 0,
    rowsTotal: i.rowsTotal, rowsCreated: i.rowsCreated, rowsUpdated: i.rowsUpdated, rowsFailed: i.rowsFailed,
    error: i.error, createdAt: i.createdAt.toISOString(), finishedAt: i.finishedAt?.toISOString() ?? null,
    ...(i.kind === 'csv' ? { headers: meta.headers ?? [], preset: meta.preset, mapping: (i.mapping as ImportColumn[] | null) ?? [] } : {}),
  };
}
