import type { Executor } from '../../db/client.ts';

/**
 * Records of another domain that hang on a person (tasks, social identities; conversations, leads later): when two people are
 * merged they move to the survivor, and back to the loser when the merge is undone. The owning domain registers a
 * mover at load (contacts never imports it: the other domain depends on contacts, not the reverse). `kind` names
 * the list of moved ids stored with the merge and the count shown in its preview.
 */
export interface LinkedRecordMover {
  kind: 'tasks' | 'identities' | 'consents' | 'customer_accounts' | 'conversations';
  /** How many of these records are linked to the person. */
  count(ex: Executor, workspaceId: string, contactId: string): Promise<number>;
  /** Links every record of `fromId` to `toId`; returns the ids it moved. */
  move(ex: Executor, workspaceId: string, fromId: string, toId: string): Promise<string[]>;
  /** Links these records (moved earlier) to `toId` again. */
  moveBack(ex: Executor, workspaceId: string, ids: string[], toId: string): Promise<void>;
}

const movers = new Map<LinkedRecordMover['kind'], LinkedRecordMover>();

export function registerLinkedRecordMover(m: LinkedRecordMover): void {
  movers.set(m.kind, m);
}

export function linkedRecordMovers(): LinkedRecordMover[] {
  return [...movers.values()];
}
