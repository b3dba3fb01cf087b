import type { ContactSort, LifecycleStage } from '../../api/types.ts';
import { LIFECYCLE_STAGES } from './lifecycle.ts';

/** The people list's view: filters and sort, kept in the URL so a view can be shared. */
export interface PeopleView {
  q: string;
  tags: string[];
  ownerId: string;
  lifecycleStage: LifecycleStage[];
  custom: string[];
  companyId: string;
  createdFrom: string;
  createdTo: string;
  updatedFrom: string;
  updatedTo: string;
  sort: ContactSort | '';
}

export const CONTACT_SORTS = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const satisfies readonly ContactSort[];
export const CUSTOM_OPERATORS = ['=', '!=', '>=', '<=', '~'] as const;
export type CustomOperator = (typeof CUSTOM_OPERATORS)[number];

const list = (v: string | null) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

/** Reads the view from URL parameters, dropping what the API would reject. */
export function readView(sp: URLSearchParams): PeopleView {
  const sort = sp.get('sort') ?? '';
  return {
    q: sp.get('q') ?? '',
    tags: list(sp.get('tags')),
    ownerId: sp.get('ownerId') ?? '',
    lifecycleStage: list(sp.get('lifecycleStage')).filter((s): s is LifecycleStage => (LIFECYCLE_STAGES as readonly string[]).includes(s)),
    custom: sp.getAll('custom').filter((c) => parseCondition(c) !== null),
    companyId: sp.get('companyId') ?? '',
    createdFrom: sp.get('createdFrom') ?? '',
    createdTo: sp.get('createdTo') ?? '',
    updatedFrom: sp.get('updatedFrom') ?? '',
    updatedTo: sp.get('updatedTo') ?? '',
    sort: (CONTACT_SORTS as readonly string[]).includes(sort) ? (sort as ContactSort) : '',
  };
}

/** The URL (and API) parameters of a view; empty values are left out. */
export function writeView(v: PeopleView): URLSearchParams {
  const sp = new URLSearchParams();
  if (v.q.trim()) sp.set('q', v.q.trim());
  if (v.tags.length) sp.set('tags', v.tags.join(','));
  if (v.ownerId) sp.set('ownerId', v.ownerId);
  if (v.lifecycleStage.length) sp.set('lifecycleStage', v.lifecycleStage.join(','));
  for (const c of v.custom) sp.append('custom', c);
  if (v.companyId) sp.set('companyId', v.companyId);
  for (const k of ['createdFrom', 'createdTo', 'updatedFrom', 'updatedTo'] as const) if (v[k]) sp.set(k, v[k]);
  if (v.sort) sp.set('sort', v.sort);
  return sp;
}

/** How many filters (not search or sort) are set. */
export function countFilters(v: PeopleView): number {
  return (v.tags.length ? 1 : 0) + (v.ownerId ? 1 : 0) + (v.lifecycleStage.length ? 1 : 0) + v.custom.length
    + (v.createdFrom || v.createdTo ? 1 : 0) + (v.updatedFrom || v.updatedTo ? 1 : 0) + (v.companyId ? 1 : 0);
}

/** Splits `key>=value` into its parts; null when it is not a condition. */
export function parseCondition(c: string): { key: string; op: CustomOperator; value: string } | null {
  const m = /^([a-z][a-z0-9_]{0,62})(!=|>=|<=|=|~)(.*)$/.exec(c);
  if (!m) return null;
  return { key: m[1]!, op: m[2] as CustomOperator, value: m[3]! };
}

/** Writes a custom field condition for the `custom` parameter. */
export function formatCondition(key: string, op: CustomOperator, value: string): string {
  return `${key}${op}${value}`;
}
