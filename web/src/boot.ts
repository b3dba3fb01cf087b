import { ApiError, request, toQuery } from './api/client.ts';
import type { SessionInfo } from './api/types.ts';
import type * as SignedInAppModule from './features/shell/signed-in-app.tsx';
import { readView, writeView } from './features/contacts/people-filters.ts';
import { browserLanguage, warmIntl } from './i18n/locale.ts';

// The requests of the first screen, started by the entry module as soon as it runs: before React, Mantine and the
// screens have loaded, so the answers arrive while the code is still being fetched and compiled. This module stays
// tiny (no React, no libraries) because nothing in it runs before all of its imports have loaded.

/** The page size of the people list's requests. */
export const PEOPLE_PAGE_SIZE = 100;

/** GET of the current session: null when signed out. */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    return await request<SessionInfo>('GET', '/api/auth/session', { quiet401: true });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

type SignedInModule = typeof SignedInAppModule;
let signedInApp: SignedInModule | undefined;

/** Loads the signed-in part of the app (shell, routes, people list); started as soon as it is likely needed. */
export function loadSignedInApp(): Promise<SignedInModule> {
  return import('./features/shell/signed-in-app.tsx').then((m) => (signedInApp = m));
}

/** The signed-in part once it has loaded (so that it renders at once, without suspending), else undefined. */
export function loadedSignedInApp(): SignedInModule | undefined {
  return signedInApp;
}

/** A person's page, the first screen of `/people/<id>`. */
export const loadPersonPage = () => import('./features/contacts/person-page.tsx');
/** The page of an invitation link. */
export const loadAcceptInvite = () => import('./features/auth/accept-invite-page.tsx');
/** The community's sign-in pages (customers, not staff). */
export const loadCommunity = () => import('./features/community/community-app.tsx');

// GETs asked for at start, by path with query string; each query function takes its answer once (takeEarly).
const early = new Map<string, Promise<unknown>>();
function askEarly(url: string): void {
  const answer = request('GET', url, { quiet401: true });
  answer.catch(() => undefined); // the query that takes it handles a failure
  early.set(url, answer);
}

/** The answer of a GET of `url` (path and query string) asked for at start, once; otherwise undefined. */
export function takeEarly<T>(url: string): Promise<T> | undefined {
  const answer = early.get(url);
  early.delete(url);
  return answer as Promise<T> | undefined;
}

/** True while an answer asked for at start for `url` waits to be taken. */
export function hasEarly(url: string): boolean {
  return early.has(url);
}

/** The URL of a people list page (the list's API parameters, as people-filters.ts writes them). */
export function peopleUrl(params: URLSearchParams, pageSize = PEOPLE_PAGE_SIZE, cursor?: string): string {
  const p = new URLSearchParams(params);
  p.set('limit', String(pageSize));
  if (cursor) p.set('cursor', cursor);
  return `/api/contacts${toQuery(p)}`;
}

/** The URL of the count of a people list (its parameters without the sort). */
export function peopleCountUrl(params: URLSearchParams): string {
  const p = new URLSearchParams(params);
  p.delete('sort');
  return `/api/contacts/count${toQuery(p)}`;
}

const path = window.location.pathname;
const invite = path.startsWith('/invite/');
// The community's pages are for customers: none of the staff screens' code or data.
const community = path.startsWith('/community/');
// A deep link (any path but the start page: a bookmark, a reload) is nearly always opened signed in.
const deepLink = path !== '/' && !invite && !community;
const listParams = path === '/' || path === '/people' ? writeView(readView(new URLSearchParams(window.location.search))) : null;

// The session check of the first screen, in flight from the start; rejects on a network or server error.
let bootSession: Promise<SessionInfo | null> | null = fetchSession();
const started = bootSession;
started.catch(() => undefined); // the session query that takes it asks again

/** The session check started at load, once (the session query's first fetch); afterwards undefined. */
export function takeBootSession(): Promise<SessionInfo | null> | undefined {
  const s = bootSession ?? undefined;
  bootSession = null;
  return s;
}

// The people list is the first signed-in screen: its first page is asked for together with the session (a signed-out
// visitor gets a 401, which costs less than waiting for the session before asking). The rest of its first screen (the
// owners' names, the filters' custom fields, the count), asked for early enough, is there for its first render, which
// then needs no second one: together with the session on a deep link, else once someone is signed in.
const askListExtras = () => {
  if (!listParams) return;
  askEarly('/api/users');
  askEarly('/api/custom-fields');
  askEarly(peopleCountUrl(listParams));
};
if (listParams) askEarly(peopleUrl(listParams));
if (deepLink) askListExtras();

// The code of the first screen loads alongside the app's frame: for an invitation link and a deep link at once; on the
// start page, which signed-out visitors see first, once the session says someone is signed in. The signed-in screens
// format dates and numbers: the locale data loads while the code is on its way.
const loadQuietly = (load: () => Promise<unknown>) => void load().catch(() => undefined);
const loadScreen = () => {
  loadQuietly(loadSignedInApp);
  if (/^\/people\/[^/]+/.test(path)) loadQuietly(loadPersonPage);
};
if (invite) loadQuietly(loadAcceptInvite);
if (community) loadQuietly(loadCommunity);
if (deepLink) {
  loadScreen();
  warmIntl(browserLanguage());
}
void started.then((s) => {
  if (!s) {
    early.clear(); // 401s: the screens ask anew after signing in
    return;
  }
  if (invite || community || deepLink) return;
  askListExtras();
  loadScreen();
  warmIntl(s.user.language);
}, () => undefined);
