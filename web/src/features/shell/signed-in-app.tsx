import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { SessionProvider } from '../../api/session.tsx';
import type { SessionInfo } from '../../api/types.ts';
import { loadPersonPage } from '../../boot.ts';
import { ConfirmHost } from '../../components/confirm.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { PeopleListPage } from '../contacts/people-list-page.tsx';
import { Shell } from './shell.tsx';
import { HashtagPageView } from '../comments/hashtag-page.tsx';

// The people list, the main screen, is part of this chunk: a lazy route would suspend, and React holds a revealed
// boundary back for a moment. Every other page loads when it is first opened.
const PersonPage = lazy(() => loadPersonPage().then((m) => ({ default: m.PersonPage })));
const CompaniesListPage = lazy(() => import('../companies/companies-list-page.tsx').then((m) => ({ default: m.CompaniesListPage })));
const CompanyPage = lazy(() => import('../companies/company-page.tsx').then((m) => ({ default: m.CompanyPage })));
const RoomsPage = lazy(() => import('../rooms/rooms-page.tsx').then((m) => ({ default: m.RoomsPage })));
const RoomPage = lazy(() => import('../rooms/room-page.tsx').then((m) => ({ default: m.RoomPage })));
const TasksPage = lazy(() => import('../tasks/tasks-page.tsx').then((m) => ({ default: m.TasksPage })));
const StreamPage = lazy(() => import('../activity/stream-page.tsx').then((m) => ({ default: m.StreamPage })));
const DuplicatesPage = lazy(() => import('../duplicates/duplicates-page.tsx').then((m) => ({ default: m.DuplicatesPage })));
const ImportPage = lazy(() => import('../imports/import-page.tsx').then((m) => ({ default: m.ImportPage })));
const SettingsPage = lazy(() => import('../settings/settings-page.tsx').then((m) => ({ default: m.SettingsPage })));
const InboxPage = lazy(() => import('../inbox/inbox-page.tsx').then((m) => ({ default: m.InboxPage })));
const ApprovalsPage = lazy(() => import('../replies/approvals-page.tsx').then((m) => ({ default: m.ApprovalsPage })));
const ReviewQueuePage = lazy(() => import('../identities/review-queue-page.tsx').then((m) => ({ default: m.ReviewQueuePage })));

/** The signed-in app: the shell and its routes (its own chunk: the sign-in page does not load it). */
export function SignedInApp({ session }: { session: SessionInfo }) {
  return (
    <SessionProvider session={session}>
      <Shell>
        <Suspense fallback={<PageLoader />}>
          <Routes>
            {/* Experts work only the conversations they are asked into: their start page is that inbox. */}
            <Route path="/" element={<Navigate to={session.abilities.includes('inbox:consulted') ? '/inbox' : '/people'} replace />} />
            <Route path="/inbox/:id?" element={<InboxPage />} />
            <Route path="/approvals" element={<ApprovalsPage />} />
            <Route path="/people" element={<PeopleListPage />} />
            <Route path="/people/:id" element={<PersonPage />} />
            <Route path="/companies" element={<CompaniesListPage />} />
            <Route path="/companies/:id" element={<CompanyPage />} />
            <Route path="/tasks" element={<TasksPage />} />
            <Route path="/rooms" element={<RoomsPage />} />
            <Route path="/rooms/:id" element={<RoomPage />} />
            <Route path="/stream" element={<StreamPage />} />
            <Route path="/hashtags/:tag" element={<HashtagPageView />} />
            <Route path="/duplicates/*" element={<DuplicatesPage />} />
            <Route path="/matches" element={<ReviewQueuePage />} />
            <Route path="/import/*" element={<ImportPage />} />
            <Route path="/settings/*" element={<SettingsPage />} />
            <Route path="*" element={<Navigate to="/people" replace />} />
          </Routes>
        </Suspense>
      </Shell>
      <ConfirmHost />
    </SessionProvider>
  );
}
