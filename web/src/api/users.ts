import { queryOptions, useQuery } from '@tanstack/react-query';
import { takeEarly } from '../boot.ts';
import { api } from './client.ts';
import { useSession } from './session.tsx';
import type { User } from './types.ts';

export type UserOption = Pick<User, 'id' | 'name'> & Partial<Pick<User, 'email' | 'status' | 'role'>>;

/** The query of every user of the workspace; its first answer may have been asked for at start (boot.ts). */
export const usersQueryOptions = queryOptions({
  queryKey: ['users', 'all'],
  queryFn: ({ signal }) => (takeEarly<{ items: User[] }>('/api/users') ?? api.get<{ items: User[] }>('/api/users', undefined, signal)).then((r) => r.items),
  staleTime: 5 * 60_000,
});

/** Every user of the workspace (shared by the pickers and the settings page). */
export function useUsersQuery() {
  return useQuery(usersQueryOptions);
}

/** The users for owner and assignee pickers (active and invited) and every user's name by id. */
export function useUsers(): { users: UserOption[]; byId: Map<string, UserOption> } {
  const { session } = useSession();
  const q = useUsersQuery();
  const me: UserOption = { id: session.user.id, name: session.user.name, email: session.user.email };
  const all: UserOption[] = q.data?.length ? q.data : [me];
  // Deactivated users are not offered, but their names still show on the records they own.
  const users = all.filter((u) => u.status !== 'deactivated');
  const byId = new Map(all.map((u) => [u.id, u]));
  if (!byId.has(me.id)) byId.set(me.id, me);
  return { users, byId };
}
