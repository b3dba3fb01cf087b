import { Center, Loader, MantineProvider } from '@mantine/core';
import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './api/client.ts';
import { contactPagesOptions } from './api/contacts.ts';
import { SessionProvider, useSessionQuery } from './api/session.tsx';
import { ConfirmHost } from './components/confirm.tsx';
import { Notifications } from './components/notifications.tsx';
import { LoginPage } from './features/auth/login-page.tsx';
import { readView, writeView } from './features/contacts/people-filters.ts';
import { PeopleListPage } from './features/contacts/people-list-page.tsx';
import { Shell } from './features/shell/shell.tsx';
import { theme } from './theme.ts';

const loadPerson = () => import('./features/contacts/person-page.tsx');
const PersonPage = lazy(() => loadPerson().then((m) => ({ default: m.PersonPage })));
const CompaniesListPage = lazy(() => import('./features/companies/companies-list-page.tsx').then((m) => ({ default: m.CompaniesListPage })));
const CompanyPage = lazy(() => import('./features/companies/company-page.tsx').then((m) => ({ default: m.CompanyPage })));
const TasksPage = lazy(() => import('./features/tasks/tasks-page.tsx').then((m) => ({ default: m.TasksPage })));
const DuplicatesPage = lazy(() => import('./features/duplicates/duplicates-page.tsx').then((m) => ({ default: m.DuplicatesPage })));
const ImportPage = lazy(() => import('./features/imports/import-page.tsx').then((m) => ({ default: m.ImportPage })));
const SettingsPage = lazy(() => import('./features/settings/settings-page.tsx').then((m) => ({ default: m.SettingsPage })));
const loadAcceptInvite = () => import('./features/auth/accept-invite-page.tsx');
const AcceptInvitePage = lazy(() => loadAcceptInvite().then((m) => ({ default: m.AcceptInvitePage })));

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

// The first screen should not wait for one request after another: its data loads while the session is checked.
// (The people list, the main screen, is part of the main bundle: a lazy route would suspend and React holds a
// revealed boundary back for a moment.)
const path = window.location.pathname;
if (path === '/' || path === '/people') {
  void queryClient.prefetchInfiniteQuery(contactPagesOptions(writeView(readView(new URLSearchParams(window.location.search))))).catch(() => {});
} else if (path.startsWith('/people/')) {
  void loadPerson();
} else if (path.startsWith('/invite/')) {
  void loadAcceptInvite();
}

function PageLoader() {
  return (
    <Center h="60vh">
      <Loader size="sm" />
    </Center>
  );
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
  if (session.isPending) return <PageLoader />;
  if (!session.data) return <LoginPage />;
  return (
    <SessionProvider session={session.data}>
      <Shell>
        <Suspense fallback={<PageLoader />}>
          <Routes>
            <Route path="/" element={<Navigate to="/people" replace />} />
            <Route path="/people" element={<PeopleListPage />} />
            <Route path="/people/:id" element={<PersonPage />} />
            <Route path="/companies" element={<CompaniesListPage />} />
            <Route path="/companies/:id" element={<CompanyPage />} />
            <Route path="/tasks" element={<TasksPage />} />
            <Route path="/duplicates/*" element={<DuplicatesPage />} />
            <Route path="/import/*" element={<ImportPage />} />
            <Route path="/settings/*" element={<SettingsPage />} />
            <Route path="*" element={<Navigate to="/people" replace />} />
          </Routes>
        </Suspense>
      </Shell>
    </SessionProvider>
  );
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
        <ConfirmHost />
      </QueryClientProvider>
    </MantineProvider>
  );
}
