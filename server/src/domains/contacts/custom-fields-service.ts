import type { CustomField } from '@parley/contracts/contacts';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import * as repo from './custom-fields-repo.ts';
import type { CustomFieldRow } from './repo.ts';

type Option = CustomFieldRow['options'][number];
type Label = CustomFieldRow['label'];

export interface CustomFieldCreate {
  entity: repo.CustomEntity;
  key: string;
  label: Label;
  type: CustomField['type'];
  options?: Option[];
  position?: number;
}
export interface CustomFieldChange { label?: Label; options?: Option[]; position?: number }

const SELECT_TYPES = new Set(['select', 'multi_select']);

/** The custom field definitions of the workspace (for forms, lists and filters): every role that reads contacts. */
export async function listCustomFields(deps: Deps, actor: Actor, entity?: repo.CustomEntity): Promise<CustomField[]> {
  authorize(actor, 'contacts:read');
  return (await repo.listDefinitions(deps.db, actor.workspaceId, entity)).map(presentCustomField);
}

/** Defines a custom field; keys are unique per entity and never change. */
export async function createCustomField(deps: Deps, actor: Actor, input: CustomFieldCreate): Promise<CustomField> {
  authorize(actor, 'custom_fields:manage');
  const options = checkOptions(input.type, input.options ?? []);
  return deps.db.transaction(async (tx) => {
    if (await repo.findDefinitionByKey(tx, actor.workspaceId, input.entity, input.key)) {
      throw new Conflict('custom_field_exists', `A custom field "${input.key}" exists already`, { field: 'key' });
    }
    const row = await repo.insertDefinition(tx, {
      workspaceId: actor.workspaceId, id: newId(), entity: input.entity, key: input.key, label: input.label, type: input.type, options,
      position: input.position ?? await repo.nextPosition(tx, actor.workspaceId, input.entity),
    });
    const after = presentCustomField(row);
    await emit(tx, deps.queue, actor, { type: 'custom_field.created', subject: { type: 'custom_field', id: row.id }, payload: { after } });
    return after;
  });
}

/**
 * Changes a field's label, options or position. Removing select options that records use is refused
 * (409 option_in_use, with the counts) unless `force`, which clears those values from the records.
 */
export async function updateCustomField(deps: Deps, actor: Actor, id: string, patch: CustomFieldChange, force = false): Promise<CustomField> {
  authorize(actor, 'custom_fields:manage');
  return deps.db.transaction(async (tx) => {
    const before = await findOr404(tx, actor, id);
    const entity = before.entity as repo.CustomEntity;
    let cleared = 0;
    const set: Partial<CustomFieldRow> = {};
    if (patch.label) set.label = patch.label;
    if (patch.position !== undefined) set.position = patch.position;
    if (patch.options) {
      set.options = checkOptions(before.type, patch.options);
      const kept = new Set(set.options.map((o) => o.value));
      const removed = before.options.map((o) => o.value).filter((v) => !kept.has(v));
      const multi = before.type === 'multi_select';
      const inUse = await repo.countOptionUse(tx, actor.workspaceId, entity, before.key, multi, removed);
      if (inUse.length && !force) {
        throw new Conflict('option_in_use', `Records use ${inUse.map((u) => `"${u.value}" (${u.count})`).join(', ')}; remove with force=true to clear those values`, { options: inUse });
      }
      if (inUse.length) cleared = await repo.clearOptionValues(tx, actor.workspaceId, entity, before.key, multi, inUse.map((u) => u.value));
    }
    const row = Object.keys(set).length ? await repo.updateDefinition(tx, actor.workspaceId, id, set) : before;
    const after = presentCustomField(row);
    await emit(tx, deps.queue, actor, {
      type: 'custom_field.updated', subject: { type: 'custom_field', id },
      payload: { before: presentCustomField(before), after, ...(cleared ? { clearedRecords: cleared } : {}) },
    });
    return after;
  });
}

/** Deletes a field and removes its values from every person or company (one UPDATE). */
export async function deleteCustomField(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'custom_fields:manage');
  await deps.db.transaction(async (tx) => {
    const before = await findOr404(tx, actor, id);
    await repo.deleteDefinition(tx, actor.workspaceId, id);
    const cleared = await repo.removeValues(tx, actor.workspaceId, before.entity as repo.CustomEntity, before.key);
    await emit(tx, deps.queue, actor, {
      type: 'custom_field.deleted', subject: { type: 'custom_field', id }, payload: { before: presentCustomField(before), clearedRecords: cleared },
    });
  });
}

/** The fields of a definition that leave the server. */
export function presentCustomField(r: CustomFieldRow): CustomField {
  return {
    id: r.id, entity: r.entity as CustomField['entity'], key: r.key, label: r.label, type: r.type as CustomField['type'],
    options: r.options.map((o) => ({ value: o.value, label: o.label })), position: r.position,
  };
}

function checkOptions(type: string, options: Option[]): Option[] {
  if (!SELECT_TYPES.has(type)) {
    if (options.length) throw new Validation('options_not_allowed', `A ${type} field has no options`, { field: 'options' });
    return [];
  }
  if (!options.length) throw new Validation('options_required', 'A select field needs at least one option', { field: 'options' });
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.value)) throw new Validation('duplicate_option', `The option "${o.value}" appears twice`, { field: 'options' });
    seen.add(o.value);
  }
  return options.map((o) => ({ value: o.value, label: o.label }));
}

async function findOr404(ex: Executor, actor: Actor, id: string): Promise<CustomFieldRow> {
  const row = await repo.findDefinition(ex, actor.workspaceId, id);
  if (!row) throw new NotFound('custom_field_not_found', 'No such custom field');
  return row;
}
