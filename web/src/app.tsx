import { MantineProvider } from '@mantine/core';
import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './api/client.ts';
import { prefetchPeople, prefetchPeopleExtras } from './api/contacts.ts';
import { sessionQueryOptions, useSessionQuery } from './api/session.tsx';
import type { SessionInfo } from './api/types.ts';
import { hasEarly, loadAcceptInvite, loadCommunity, loadedSignedInApp, loadSignedInApp, peopleUrl } from './boot.ts';
import { Notifications } from './components/notifications.tsx';
import { PageLoader } from './components/page-loader.tsx';
import { QueryError } from './components/query-error.tsx';
import { LoginPage } from './features/auth/login-page.tsx';
import { readView, writeView } from './features/contacts/people-filters.ts';
import { browserLanguage, warmIntl } from './i18n/locale.ts';
import { theme } from './theme.ts';
import './i18n/index.ts';

const AcceptInvitePage = lazy(() => loadAcceptInvite().then((m) => ({ default: m.AcceptInvitePage })));
const CommunityApp = lazy(() => loadCommunity().then((m) => ({ default: m.CommunityApp })));
const CsatPage = lazy(() => import('./features/replies/csat-page.tsx').then((m) => ({ default: m.CsatPage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      // A 4xx will not get better by asking again.
      retry: (n, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && n < 2,
    },
  },
  mutationCache: new MutationCache(),
});

// The requests started at load (boot.ts) go into the query cache now, so that the first render already has their
// answers when they have arrived, instead of showing a spinner for one more round.
const sessionKnown = queryClient.prefetchQuery(sessionQueryOptions);
if (hasEarly(peopleUrl(writeView(readView(new URLSearchParams(window.location.search)))))) prefetchPeople(queryClient, window.location.search);
prefetchPeopleExtras(queryClient, window.location.search);
// On the start page, the rest of the list's first screen is asked for once the session is known (boot.ts).
void sessionKnown.then(() => prefetchPeopleExtras(queryClient, window.location.search));

// Signed out, the signed-in part (and the locale data its tables need) loads in the background while the user signs in,
// so that signing in does not wait for it: from the first input, or after a second. Not at once: on this page it
// would compete with drawing the form.
function usePreloadSignedInApp() {
  useEffect(() => {
    const events = ['input', 'keydown', 'pointerdown'] as const;
    const start = () => {
      stop();
      void loadSignedInApp().catch(() => undefined);
      warmIntl(browserLanguage());
    };
    const timer = window.setTimeout(start, 1000);
    function stop() {
      window.clearTimeout(timer);
      for (const e of events) document.removeEventListener(e, start, true);
    }
    for (const e of events) document.addEventListener(e, start, true);
    return stop;
  }, []);
}

function SignedOut() {
  usePreloadSignedInApp();
  return <LoginPage />;
}

// The signed-in part renders as soon as its code is there; usually it has loaded while the session was checked. (Not
// React.lazy: a lazy component suspends on its first render even when its code has loaded, and React then renders the
// whole screen in time slices, which makes the first screen later.)
function SignedIn({ session }: { session: SessionInfo }) {
  const [loaded, setLoaded] = useState(loadedSignedInApp);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!loaded) loadSignedInApp().then(setLoaded, () => setFailed(true));
  }, [loaded]);
  if (failed) return <QueryError error={new ApiError(0, 'network_error', 'network_error')} onRetry={() => window.location.reload()} />;
  if (!loaded) return <PageLoader />;
  return <loaded.SignedInApp session={session} />;
}

function Gate() {
  const session = useSessionQuery();
  const { pathname } = useLocation();
  // An invitation link (`/invite/<token>`) opens its own page, without waiting for the session: usually there is
  // none, and when someone else is signed in in this browser the page says so and ends that session on accepting.
  if (pathname.startsWith('/invite/')) {
    return (
      <Suspense fallback={<PageLoader />}>
        <Routes>
          <Route path="/invite/:token" element={<AcceptInvitePage signedInAs={session.data?.user.email} />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    );
  }
  // A customer's CSAT survey (the link in the message after resolution): public, the token is the key.
  if (pathname.startsWith('/csat/')) {
    return (
      <Suspense fallback={<PageLoader />}>
        <Routes><Route path="/csat/:token" element={<CsatPage />} /></Routes>
      </Suspense>
    );
  }
  // The community's pages (customers) have their own sign-in and session, apart from the staff's.
  if (pathname.startsWith('/community/')) {
    return (
      <Suspense fallback={<PageLoader />}>
        <CommunityApp />
      </Suspense>
    );
  }
  if (session.isPending) return <PageLoader />;
  if (!session.data) return <SignedOut />;
  return <SignedIn session={session.data} />;
}

/** The web app: providers, the session gate and the routes. */
export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Gate />
        </BrowserRouter>
        <Notifications />
      </QueryClientProvider>
    </MantineProvider>
  );
}

/** Renders the app into `el`: once the session is known, or after a moment (then with a spinner until it is). */
export function renderApp(el: HTMLElement): void {
  const render = () => createRoot(el).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  // Usually the answer is there or nearly: the first render is then the page itself, not a spinner shown for a few
  // milliseconds (a render of its own, on the way to the first screen).
  void Promise.race([sessionKnown, new Promise((wait) => setTimeout(wait, 250))]).then(render);
}
