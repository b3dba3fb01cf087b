import type { Language } from '@parley/contracts/common';
import type { EraseBody, EraseResult, PersonalDataExport } from '@parley/contracts/privacy';
import { eq } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { workspaces } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { filesOf } from '../../lib/storage.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { personalDataKinds } from '../../privacy/registry.ts';
import { scrubCopies, scrubTrail } from '../../privacy/trail.ts';
import * as contactsService from '../contacts/service.ts';
// Loaded for their personal-data registrations: every kind must be known before the first export or erasure.
import '../tasks/service.ts';
import { deleteOrphanProposals } from './personal-data.ts';
import { renderPersonalDataHtml } from './privacy-html.ts';
import { retentionRule } from './retention.ts';

/** The queue of follow-up scrubs after an erasure (see erasePerson). */
export const PRIVACY_SWEEP_QUEUE = 'privacy.sweep';
// A handler job that read an event just before the erasure scrubbed it may write its copy just after. Handler jobs
// run for seconds, and one still active after pg-boss's expiry (15 minutes, jobs/queue.ts) is retried, reading the
// scrubbed event: a sweep at one minute and one after the expiry scrub what such a job wrote.
const SWEEP_AFTER_SECONDS = [60, 16 * 60];
const SWEEP_CHUNK = 1000;

type Subject = { ids: string[]; displayName: string };

async function findSubject(ex: Executor, actor: Actor, contactId: string): Promise<Subject> {
  const s = await contactsService.lockPersonForPrivacy(ex, actor.workspaceId, contactId);
  if (!s) throw new NotFound('contact_not_found', 'No such person');
  if ('mergedInto' in s) throw new Conflict('contact_merged', 'This record was merged into another person; export or erase that person', { mergedInto: s.mergedInto });
  return s;
}

async function workspaceName(ex: Executor, workspaceId: string): Promise<string> {
  const [w] = await ex.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return w?.name ?? '';
}

/**
 * Everything Parley holds about a person (and the records merged into them), one entry per registered kind of
 * personal data, read in one transaction so the parts agree with each other.
 */
export async function exportPersonalData(deps: Deps, actor: Actor, contactId: string): Promise<{ doc: PersonalDataExport; displayName: string }> {
  authorize(actor, 'privacy:export');
  return deps.db.transaction(async (tx) => {
    const subject = await findSubject(tx, actor, contactId);
    const data: Record<string, unknown> = {};
    for (const k of personalDataKinds()) if (k.export) data[k.kind] = await k.export(tx, actor.workspaceId, subject.ids);
    const doc: PersonalDataExport = {
      format: 'parley.personal-data', version: 1, exportedAt: new Date().toISOString(),
      workspace: { name: await workspaceName(tx, actor.workspaceId) }, contactId, data,
    };
    // Who took a copy of a person's data, and when, belongs in the audit log (the kinds only, no values).
    await emit(tx, deps.queue, actor, {
      type: 'contact.exported', subject: { type: 'contact', id: contactId },
      payload: { kinds: Object.keys(data), related: [{ type: 'contact', id: contactId }] },
    });
    return { doc, displayName: subject.displayName };
  });
}

/** The export as a readable HTML page, in `lang` or the requesting user's language. */
export async function exportPersonalDataHtml(deps: Deps, actor: Actor, contactId: string, lang?: Language): Promise<string> {
  const { doc, displayName } = await exportPersonalData(deps, actor, contactId);
  return renderPersonalDataHtml(doc, displayName, lang ?? actor.language);
}

// Typed again by the admin: compared without case and runs of spaces, as people type names.
const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');

/**
 * Erases a person: every registered kind of their personal data (and of records merged into them) is deleted in
 * one transaction, the event trail naming them is scrubbed (outbox payloads, audit before/after, timeline copies:
 * the rows stay, their values go), and `contact.erased` is emitted with only the id and the counts per kind. The
 * confirmation must repeat the person's display name.
 */
export async function erasePerson(deps: Deps, actor: Actor, contactId: string, body: EraseBody): Promise<EraseResult> {
  authorize(actor, 'privacy:erase');
  const erasedFiles: string[] = [];
  const result = await deps.db.transaction(async (tx) => {
    const subject = await findSubject(tx, actor, contactId);
    if (fold(body.confirm) !== fold(subject.displayName)) {
      throw new Validation('erase_confirmation_mismatch', "Type the person's name as shown on their page to confirm the erasure", { field: 'confirm' });
    }
    const erased: Record<string, number> = {};
    const subjects: string[] = [];
    for (const k of personalDataKinds()) {
      const r = await k.erase(tx, actor.workspaceId, subject.ids);
      erased[k.kind] = r.count;
      subjects.push(...r.subjects);
      erasedFiles.push(...(r.files ?? []));
    }
    const eventIds = await scrubTrail(tx, actor.workspaceId, subject.ids, subjects);
    await emit(tx, deps.queue, actor, { type: 'contact.erased', subject: { type: 'contact', id: contactId }, payload: { after: { erased } } });
    for (let i = 0; i < eventIds.length; i += SWEEP_CHUNK) {
      for (const after of SWEEP_AFTER_SECONDS) {
        await deps.queue.send(PRIVACY_SWEEP_QUEUE, { workspaceId: actor.workspaceId, eventIds: eventIds.slice(i, i + SWEEP_CHUNK) }, { tx, startAfter: after });
      }
    }
    const files = await retentionRule(tx, actor.workspaceId, 'import_files');
    return {
      contactId, erased,
      importFilesKept: await contactsService.importFilesKept(tx, actor.workspaceId),
      importFilesRetentionMonths: files.enabled ? files.months : null,
    };
  });
  // Files of erased records (comment attachments) go after the commit: a rolled-back erasure must not lose them.
  for (const key of erasedFiles) {
    await filesOf(deps.config).delete(`${actor.workspaceId}/${key}`)
      .catch((err: unknown) => deps.log.error({ err, key }, 'erasure: a file of an erased record could not be deleted; remove it by hand'));
  }
  return result;
}

/** The follow-up sweep of an erasure's events and the records derived from them after the erasure; idempotent. */
export async function sweepErasure(deps: Deps, workspaceId: string, eventIds: string[]): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await scrubCopies(tx, workspaceId, eventIds);
    await deleteOrphanProposals(tx, workspaceId);
  });
}

/** The queue of follow-up sweeps (jobs carry the workspace and the scrubbed event ids). */
export function privacySweepQueue(deps: Deps): QueueDef {
  return {
    name: PRIVACY_SWEEP_QUEUE,
    concurrency: 1,
    handler: ((data: { workspaceId: string; eventIds: string[] }) => sweepErasure(deps, data.workspaceId, data.eventIds)) as QueueDef['handler'],
  };
}
