import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, api } from './client.ts';
import type { Import, ImportColumn, ImportErrorPage, ImportList, ImportPreview, ImportStartBody, ImportUploadResult } from './types.ts';

const RUNNING = new Set(['queued', 'running']);

/** True while the server works on an import. */
export function isRunning(i: Import | undefined): boolean {
  return !!i && RUNNING.has(i.status);
}

/** Uploads a CSV or vCard file; the answer carries the suggested mapping and a preview. */
export function useUploadImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<ImportUploadResult>('POST', '/api/imports', { body: form });
    },
    onSuccess: (r) => {
      qc.setQueryData(['imports', 'one', r.id], r);
      void qc.invalidateQueries({ queryKey: ['imports', 'list'] });
    },
  });
}

/** One import; polls while it runs so the progress bar moves. */
export function useImport(id: string | undefined) {
  return useQuery({
    queryKey: ['imports', 'one', id],
    queryFn: ({ signal }) => api.get<Import>(`/api/imports/${id}`, undefined, signal),
    enabled: !!id,
    refetchInterval: (q) => (isRunning(q.state.data) ? 600 : false),
  });
}

/** Recent imports. */
export function useImports() {
  return useQuery({ queryKey: ['imports', 'list'], queryFn: ({ signal }) => api.get<ImportList>('/api/imports', undefined, signal).then((r) => r.items) });
}

/** The first rows mapped with a mapping (re-asked when the mapping changes). */
export function useImportPreview(id: string, mapping: ImportColumn[] | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['imports', 'preview', id, mapping],
    queryFn: () => api.post<ImportPreview>(`/api/imports/${id}/preview`, { mapping }),
    enabled,
    placeholderData: (prev) => prev,
    staleTime: Infinity,
  });
}

/** Starts the import or a dry run. */
export function useStartImport(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportStartBody) => api.post<Import>(`/api/imports/${id}/start`, body),
    onSuccess: (r) => {
      qc.setQueryData(['imports', 'one', id], r);
      void qc.invalidateQueries({ queryKey: ['imports', 'errors', id] });
    },
  });
}

/** The rows that failed, by line, page by page. */
export function useImportErrors(id: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['imports', 'errors', id],
    queryFn: ({ pageParam, signal }) => api.get<ImportErrorPage>(`/api/imports/${id}/errors`, { limit: 100, cursor: pageParam || undefined }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}
