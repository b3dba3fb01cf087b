import type { InboxFilters, SavedView } from '../../api/inbox-views.ts';

// The inbox's state lives in the address (so a filtered list can be bookmarked and the back button works): `view` names
// a view, the other parameters add filters on top of it.
export const AD_HOC_KEYS = ['q', 'label', 'hashtag', 'status', 'priority', 'intent', 'sentiment', 'language', 'network', 'kind', 'channelId', 'customStatusId', 'sort'] as const;
export type AdHocKey = (typeof AD_HOC_KEYS)[number];
const LIST_KEYS = new Set<string>(['status', 'priority', 'network']);

export const DEFAULT_VIEW = 'open';

/** The filters the address adds to its view. */
export function adHocFilters(sp: URLSearchParams): InboxFilters {
  const f: Record<string, unknown> = {};
  for (const k of AD_HOC_KEYS) {
    const v = sp.get(k);
    if (!v) continue;
    f[k] = LIST_KEYS.has(k) ? v.split(',').filter(Boolean) : v;
  }
  return f as InboxFilters;
}

/** A view's filters with the address's on top (an address filter replaces the view's of the same name). */
export function effectiveFilters(view: SavedView | undefined, sp: URLSearchParams): InboxFilters {
  return { ...(view?.filters ?? {}), ...adHocFilters(sp) };
}

/** The address parameters of a set of filters (to open a view with extra filters). */
export function filtersToParams(f: InboxFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = Array.isArray(v) ? v.join(',') : String(v);
  }
  return out;
}
