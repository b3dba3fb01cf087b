import { infiniteQueryOptions, keepPreviousData, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { hasEarly, PEOPLE_PAGE_SIZE, peopleCountUrl, peopleUrl, takeEarly } from '../boot.ts';
import { readView, writeView } from '../features/contacts/people-filters.ts';
import { api } from './client.ts';
import { usersQueryOptions } from './users.ts';
import type {
  Company, CompanyInput, CompanyPage, CompanyPatch, Contact, ContactCount, ContactInput, ContactPage, ContactPatch, CustomField, Note, TimelinePage,
} from './types.ts';

export type RecordKind = 'contact' | 'company';
const base = (kind: RecordKind) => (kind === 'contact' ? '/api/contacts' : '/api/companies');

/** The query of a people list (URL parameters of the people list), page by page; shared by the page and its prefetch. */
export function contactPagesOptions(params: URLSearchParams, pageSize = PEOPLE_PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: ['contacts', 'list', params.toString(), pageSize],
    queryFn: ({ pageParam, signal }) => {
      const url = peopleUrl(params, pageSize, pageParam);
      // The first page of the list the app opened on was asked for at start (boot.ts).
      return takeEarly<ContactPage>(url) ?? api.get<ContactPage>(url, undefined, signal);
    },
    initialPageParam: '',
    getNextPageParam: (last: ContactPage) => last.nextCursor ?? undefined,
    staleTime: 15_000,
  });
}

/** Asks for the first page of the people list of the view in `search` (the list's URL parameters). */
export function prefetchPeople(qc: QueryClient, search: string): void {
  void qc.prefetchInfiniteQuery(contactPagesOptions(writeView(readView(new URLSearchParams(search))))).catch(() => {});
}

/**
 * Puts what the people list's first screen asked for at start (boot.ts: the owners, the custom fields, the count) into
 * the cache, so that the list's first render has it instead of rendering again when it arrives.
 */
export function prefetchPeopleExtras(qc: QueryClient, search: string): void {
  const params = writeView(readView(new URLSearchParams(search)));
  if (hasEarly('/api/users')) void qc.prefetchQuery(usersQueryOptions);
  if (hasEarly('/api/custom-fields')) void qc.prefetchQuery(customFieldsQueryOptions);
  if (hasEarly(peopleCountUrl(params))) void qc.prefetchQuery(contactCountOptions(params));
}

/** The people matching a list query, page by page. */
export function useContactPages(params: URLSearchParams, pageSize = PEOPLE_PAGE_SIZE) {
  return useInfiniteQuery({ ...contactPagesOptions(params, pageSize), placeholderData: keepPreviousData });
}

/** How many people match a list query (capped: `capped` when there are more); its own request, after the page. */
export function useContactCount(params: URLSearchParams) {
  // No placeholder from the previous filter: a count that belongs to another list is worse than none for a moment.
  return useQuery(contactCountOptions(params));
}

/** The query of the count of a people list; shared by the page and its prefetch. */
export function contactCountOptions(params: URLSearchParams) {
  const url = peopleCountUrl(params);
  return queryOptions({
    queryKey: ['contacts', 'count', url],
    queryFn: ({ signal }) => takeEarly<ContactCount>(url) ?? api.get<ContactCount>(url, undefined, signal),
    staleTime: 15_000,
  });
}

/** One person. */
export function useContact(id: string | undefined) {
  return useQuery({
    queryKey: ['contacts', 'one', id],
    queryFn: ({ signal }) => api.get<Contact>(`/api/contacts/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** Creates a person. */
export function useCreateContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ContactInput) => api.post<Contact>('/api/contacts', input),
    onSuccess: (c) => {
      qc.setQueryData(['contacts', 'one', c.id], c);
      void qc.invalidateQueries({ queryKey: ['contacts', 'list'] });
      void qc.invalidateQueries({ queryKey: ['companies'] });
    },
  });
}

/** Changes a person. */
export function useUpdateContact(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: ContactPatch) => api.patch<Contact>(`/api/contacts/${id}`, patch),
    onSuccess: (c) => {
      qc.setQueryData(['contacts', 'one', id], c);
      void qc.invalidateQueries({ queryKey: ['contacts', 'list'] });
      void qc.invalidateQueries({ queryKey: ['timeline', 'contact', id] });
    },
  });
}

/** Deletes a person. */
export function useDeleteContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api/contacts/${id}`),
    onSuccess: (_v, id) => {
      qc.removeQueries({ queryKey: ['contacts', 'one', id] });
      void qc.invalidateQueries({ queryKey: ['contacts', 'list'] });
    },
  });
}

/** Companies matching a search, page by page. */
export function useCompanyPages(params: URLSearchParams, pageSize = 100) {
  const key = params.toString();
  return useInfiniteQuery({
    queryKey: ['companies', 'list', key, pageSize],
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams(params);
      p.set('limit', String(pageSize));
      if (pageParam) p.set('cursor', pageParam);
      return api.get<CompanyPage>('/api/companies', p, signal);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}

/** One company. */
export function useCompany(id: string | undefined) {
  return useQuery({
    queryKey: ['companies', 'one', id],
    queryFn: ({ signal }) => api.get<Company>(`/api/companies/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** Creates a company. */
export function useCreateCompany() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CompanyInput) => api.post<Company>('/api/companies', input),
    onSuccess: (c) => {
      qc.setQueryData(['companies', 'one', c.id], c);
      void qc.invalidateQueries({ queryKey: ['companies', 'list'] });
    },
  });
}

/** Changes a company. */
export function useUpdateCompany(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: CompanyPatch) => api.patch<Company>(`/api/companies/${id}`, patch),
    onSuccess: (c) => {
      qc.setQueryData(['companies', 'one', id], c);
      void qc.invalidateQueries({ queryKey: ['companies', 'list'] });
      void qc.invalidateQueries({ queryKey: ['timeline', 'company', id] });
      void qc.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}

/** Deletes a company (its people stay). */
export function useDeleteCompany() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/api/companies/${id}`),
    onSuccess: (_v, id) => {
      qc.removeQueries({ queryKey: ['companies', 'one', id] });
      void qc.invalidateQueries({ queryKey: ['companies', 'list'] });
      void qc.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}

/** The notes of a person or company. */
export function useNotes(kind: RecordKind, id: string) {
  return useQuery({
    queryKey: ['notes', kind, id],
    queryFn: ({ signal }) => api.get<{ items: Note[] }>(`${base(kind)}/${id}/notes`, undefined, signal).then((r) => r.items),
  });
}

/**
 * Looks at a record's timeline again after a change: the timeline is written by a background job, which takes from
 * a moment to several seconds when the workers are busy, so it looks at once and again after 1, 3, 7, 15 and 30
 * seconds (until realtime updates arrive with the inbox).
 */
export function refreshTimelineSoon(qc: QueryClient, kind: string, id: string): void {
  void qc.invalidateQueries({ queryKey: ['timeline', kind, id] });
  for (const ms of [1000, 3000, 7000, 15_000, 30_000]) setTimeout(() => void qc.invalidateQueries({ queryKey: ['timeline', kind, id] }), ms);
}

/** Add, edit and delete notes of a record; each refreshes the notes and the timeline. */
export function useNoteMutations(kind: RecordKind, id: string) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['notes', kind, id] });
    refreshTimelineSoon(qc, kind, id);
  };
  return {
    add: useMutation({ mutationFn: (body: string) => api.post<Note>(`${base(kind)}/${id}/notes`, { body }), onSuccess: refresh }),
    edit: useMutation({ mutationFn: (v: { id: string; body: string }) => api.patch<Note>(`/api/notes/${v.id}`, { body: v.body }), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (noteId: string) => api.del(`/api/notes/${noteId}`), onSuccess: refresh }),
  };
}

/** The timeline of a record, newest first, page by page. */
export function useTimeline(kind: RecordKind, id: string) {
  return useInfiniteQuery({
    queryKey: ['timeline', kind, id],
    queryFn: ({ pageParam, signal }) => api.get<TimelinePage>(`${base(kind)}/${id}/timeline`, { limit: 30, cursor: pageParam || undefined }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The workspace's custom field definitions of people or companies, in their order. */
export function useCustomFields(entity: RecordKind) {
  return useQuery({
    ...customFieldsQueryOptions,
    select: (list) => list.filter((f) => f.entity === entity).sort((a, b) => a.position - b.position),
  });
}

/** The query of every custom field definition; its first answer may have been asked for at start (boot.ts). */
export const customFieldsQueryOptions = queryOptions({
  queryKey: ['custom-fields'],
  queryFn: ({ signal }) => (takeEarly<{ items: CustomField[] }>('/api/custom-fields') ?? api.get<{ items: CustomField[] }>('/api/custom-fields', undefined, signal)).then((r) => r.items),
  staleTime: 60_000,
});
