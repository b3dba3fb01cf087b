import { createContext, useContext } from 'react';

export interface ShellActions {
  openSearch: () => void;
  /** Opens the create-person dialog, optionally linked to a company. */
  createPerson: (preset?: { companyId?: string; companyName?: string }) => void;
}

export const ShellContext = createContext<ShellActions>({ openSearch: () => {}, createPerson: () => {} });

/** Actions of the app frame (global search, create person) for any page. */
export function useShell(): ShellActions {
  return useContext(ShellContext);
}
