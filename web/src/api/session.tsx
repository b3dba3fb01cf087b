import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { fetchSession, takeBootSession } from '../boot.ts';
import { setUiLanguage } from '../i18n/index.ts';
import { api, request, setCsrfToken, setUnauthorizedHandler } from './client.ts';
import type { Language, LoginBody, SessionInfo } from './types.ts';

interface SessionContextValue {
  session: SessionInfo;
  /** True when the user's role allows an action (e.g. `contacts:delete`). */
  can: (ability: string) => boolean;
  logout: () => Promise<void>;
  setLanguage: (lang: Language) => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);
export const SESSION_KEY = ['session'] as const;

/** The session query (null when signed out); its first fetch is the check started at load (boot.ts). */
export const sessionQueryOptions = queryOptions({
  queryKey: SESSION_KEY,
  queryFn: () => takeBootSession() ?? fetchSession(),
  staleTime: Infinity,
  retry: 1,
});

/** The session query: null when signed out. */
export function useSessionQuery() {
  const qc = useQueryClient();
  useEffect(() => {
    setUnauthorizedHandler(() => qc.setQueryData(SESSION_KEY, null));
    return () => setUnauthorizedHandler(null);
  }, [qc]);
  const q = useQuery(sessionQueryOptions);
  useEffect(() => {
    setCsrfToken(q.data?.csrfToken ?? null);
    if (q.data) setUiLanguage(q.data.user.language);
  }, [q.data]);
  return q;
}

/** Signs in and stores the session. */
export function useLogin() {
  const qc = useQueryClient();
  return useCallback(async (body: LoginBody) => {
    const info = await request<SessionInfo>('POST', '/api/auth/login', { body, quiet401: true });
    setCsrfToken(info.csrfToken);
    qc.setQueryData(SESSION_KEY, info);
    return info;
  }, [qc]);
}

/** Provides the signed-in session to the app. */
export function SessionProvider({ session, children }: { session: SessionInfo; children: ReactNode }) {
  const qc = useQueryClient();
  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(SESSION_KEY, null);
    }
  }, [qc]);
  const setLanguage = useCallback(async (language: Language) => {
    setUiLanguage(language); // switch at once; the server remembers it for the next session
    qc.setQueryData<SessionInfo | null>(SESSION_KEY, (s) => (s ? { ...s, user: { ...s.user, language } } : s));
    await api.patch('/api/me', { language });
  }, [qc]);
  const value = useMemo<SessionContextValue>(() => {
    const abilities = new Set(session.abilities);
    return { session, can: (a) => abilities.has(a), logout, setLanguage };
  }, [session, logout, setLanguage]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The signed-in session; only inside SessionProvider. */
export function useSession(): SessionContextValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
