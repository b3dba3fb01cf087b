import { InboxFilters, type CustomStatus, type InboxLabel, type SavedView } from '@parley/contracts/inbox-views';
import type { CustomStatusRow, LabelRow, ViewRow } from './views-repo.ts';

/** A custom status as the inbox's menus show it. */
export function presentCustomStatus(s: CustomStatusRow): CustomStatus {
  return { id: s.id, baseStatus: s.baseStatus as CustomStatus['baseStatus'], nameDe: s.nameDe, nameEn: s.nameEn, color: s.color as CustomStatus['color'], position: s.position };
}

/** A managed label. */
export function presentLabel(l: LabelRow): InboxLabel {
  return { id: l.id, name: l.name, color: l.color as InboxLabel['color'] };
}

/** A stored view; `editable` tells the web app whether to offer renaming and deleting it. */
export function presentView(v: ViewRow, editable: boolean): SavedView {
  // Filters were validated when saved; a later, stricter contract must not make a stored view unreadable.
  const filters = InboxFilters.safeParse(v.filters);
  return { id: v.id, builtin: null, name: v.name, shared: v.ownerId === null, filters: filters.success ? filters.data : {}, position: v.position, editable };
}
