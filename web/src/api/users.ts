import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { useSession } from './session.tsx';

export interface UserOption {
  id: string;
  name: string;
  email?: string;
  status?: 'invited' | 'active' | 'deactivated';
}

/** The workspace's users (for owner and assignee pickers); just the signed-in user until the server lists users. */
export function useUsers(): { users: UserOption[]; byId: Map<string, UserOption> } {
  const { session } = useSession();
  const q = useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => api.get<{ items: UserOption[] } | UserOption[]>('/api/users', { limit: 200 }, signal).then((r) => (Array.isArray(r) ? r : r.items)),
    staleTime: 5 * 60_000,
  });
  const me: UserOption = { id: session.user.id, name: session.user.name, email: session.user.email };
  const all = q.data?.length ? q.data : [me];
  // Pickers offer active and invited users; names of deactivated ones still show on old records.
  const users = all.filter((u) => u.status !== 'deactivated');
  const byId = new Map(all.map((u) => [u.id, u]));
  if (!byId.has(me.id)) byId.set(me.id, me);
  return { users, byId };
}
