import type { ConversationCustomer, ConversationNote, ConversationTaskDraft, ConversationTaskInput, NoteInput, NoteUseResult } from '@parley/contracts/experts';
import type { Task } from '@parley/contracts/tasks';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { createReply } from '../inbox/service.ts';
import * as tasksService from '../tasks/service.ts';
import { resolveMentions, type MentionTarget } from './mentions.ts';
import { presentNote } from './presenter.ts';
import * as repo from './repo.ts';
import { addressedToActor, releaseConversation } from './service.ts';
import { authorizeInbox } from './visibility.ts';

// Internal notes and suggested replies on a conversation (never sent to the customer), the customer data an expert
// may see of a consulted conversation, and tasks from a thread.

/**
 * Writes an internal note or a suggested reply. On a consult (named, or for an expert their open consult on this
 * conversation) it answers the consult: answered, and the conversation open again unless another consult still waits.
 */
export async function createNote(deps: Deps, actor: Actor, conversationId: string, input: NoteInput): Promise<ConversationNote> {
  authorize(actor, 'experts:answer');
  await authorizeInbox(deps.db, actor, 'inbox:read', conversationId);
  let consult: repo.ConsultRow | undefined;
  if (input.consultId) {
    consult = await repo.findConsult(deps.db, actor.workspaceId, input.consultId);
    if (!consult || consult.conversationId !== conversationId) throw new Validation('consult_not_found', 'No such consult on this conversation', { field: 'consultId' });
  } else if (actor.role === 'expert') {
    const teamIds = actor.userId ? await repo.teamIdsOf(deps.db, actor.workspaceId, actor.userId) : [];
    const [open] = await repo.listConsults(deps.db, { workspaceId: actor.workspaceId, conversationId, status: 'open', where: repo.addressedTo(actor.userId!, teamIds) });
    consult = open?.k;
  }
  const answers = consult && consult.status === 'open' && (await addressedToActor(deps.db, actor, consult));
  const mentions = resolveMentions(input.text, await repo.mentionTargets(deps.db, actor.workspaceId)).map((m) => ({ type: m.type, id: m.id }));
  const kind = input.kind ?? 'note';
  const note = await deps.db.transaction(async (tx) => {
    const row = await repo.insertNote(tx, {
      workspaceId: actor.workspaceId, id: newId(), conversationId, consultId: consult?.id ?? null, authorId: actor.userId, kind, text: input.text,
      mentions, suggestionStatus: kind === 'suggestion' ? 'pending' : null,
    });
    await emit(tx, deps.queue, actor, {
      type: 'note.created', subject: { type: 'conversation_note', id: row.id },
      payload: { conversationId, consultId: row.consultId, kind, mentions, after: { kind, consultId: row.consultId } },
    });
    if (answers && consult) {
      const now = (await repo.findConsult(tx, actor.workspaceId, consult.id, true))!;
      if (now.status === 'open') {
        await repo.updateConsult(tx, actor.workspaceId, consult.id, { status: 'answered', answeredAt: new Date(), answeredBy: actor.userId });
        await releaseConversation(tx, deps, actor, conversationId);
        await emit(tx, deps.queue, actor, {
          type: 'consult.answered', subject: { type: 'consult', id: consult.id },
          payload: { conversationId, noteId: row.id, kind, before: { status: 'open' }, after: { status: 'answered' } },
        });
      }
    }
    return row;
  });
  return presentNote(note, await namesOf(deps, actor, [note]));
}

/** A conversation's notes and suggestions, oldest first. */
export async function listNotes(deps: Deps, actor: Actor, conversationId: string): Promise<{ items: ConversationNote[] }> {
  authorize(actor, 'experts:answer');
  await authorizeInbox(deps.db, actor, 'inbox:read', conversationId);
  const list = await repo.listNotes(deps.db, actor.workspaceId, conversationId);
  const n = await namesOf(deps, actor, list);
  return { items: list.map((m) => presentNote(m, n)) };
}

/**
 * Takes a suggested reply into a reply: marks it used and returns its text for the composer, or with `send` queues it as
 * the reply at once (through the outbox, so approval, retries and delivery states apply). Whoever may reply may use it.
 */
export async function useSuggestion(deps: Deps, actor: Actor, noteId: string, opts: { send?: boolean }): Promise<NoteUseResult> {
  const m = await visibleNote(deps, actor, noteId);
  if (m.kind !== 'suggestion') throw new Validation('not_a_suggestion', 'Only a suggested reply can be used as a reply');
  await authorizeInbox(deps.db, actor, 'inbox:reply', m.conversationId);
  if (m.suggestionStatus === 'dismissed') throw new Conflict('suggestion_dismissed', 'This suggestion was dismissed');
  const message = opts.send ? await createReply(deps, actor, m.conversationId, { text: m.text }) : null;
  const row = await markSuggestion(deps, actor, m, 'used');
  return { note: presentNote(row, await namesOf(deps, actor, [row])), text: m.text, messageId: message?.id ?? null };
}

/** Sets a suggested reply aside (it stays in the thread, marked dismissed). */
export async function dismissSuggestion(deps: Deps, actor: Actor, noteId: string): Promise<ConversationNote> {
  const m = await visibleNote(deps, actor, noteId);
  if (m.kind !== 'suggestion') throw new Validation('not_a_suggestion', 'Only a suggested reply can be dismissed');
  authorize(actor, 'experts:consult');
  if (m.suggestionStatus === 'used') throw new Conflict('suggestion_used', 'This suggestion was used already');
  const row = await markSuggestion(deps, actor, m, 'dismissed');
  return presentNote(row, await namesOf(deps, actor, [row]));
}

/** The customer of a conversation: who wrote and, when linked, the person's contact data (for experts too, when consulted). */
export async function customerOf(deps: Deps, actor: Actor, conversationId: string): Promise<ConversationCustomer> {
  await authorizeInbox(deps.db, actor, 'inbox:read', conversationId);
  const c = await repo.findConversation(deps.db, actor.workspaceId, conversationId);
  if (!c) throw new NotFound('conversation_not_found', 'No such conversation');
  const identity = c.identityId ? await repo.findIdentity(deps.db, actor.workspaceId, c.identityId) : undefined;
  const contact = await contactOf(deps, actor.workspaceId, c.contactId ?? identity?.contactId ?? null);
  return {
    identity: identity ? { network: identity.network, displayName: identity.displayName, handle: identity.handle, avatarUrl: identity.avatarUrl, profileUrl: identity.profileUrl } : null,
    contact: contact ? { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone, companyName: contact.companyName, address: contact.address } : null,
  };
}

/** What the task dialog starts with: the person and their first address, written out for the description. */
export async function taskDraft(deps: Deps, actor: Actor, conversationId: string): Promise<ConversationTaskDraft> {
  const customer = await customerOf(deps, actor, conversationId);
  const a = customer.contact?.address ?? null;
  const lines = [customer.contact?.name, a?.street, a?.extended, [a?.postalCode, a?.city].filter(Boolean).join(' '), a?.country, customer.contact?.phone]
    .filter((l): l is string => !!l && l.trim() !== '');
  return { contactId: customer.contact?.id ?? null, contactName: customer.contact?.name ?? null, address: a, description: lines.join('\n') };
}

/** Creates a task from a thread, linked to the conversation's person (shown on their tasks) and to the conversation. */
export async function createConversationTask(deps: Deps, actor: Actor, conversationId: string, input: ConversationTaskInput): Promise<Task> {
  authorize(actor, 'tasks:write');
  const draft = await taskDraft(deps, actor, conversationId);
  const task = await tasksService.createTask(deps, actor, {
    title: input.title, description: input.description ?? draft.description, dueAt: input.dueAt ?? null,
    ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
    ...(draft.contactId ? { recordType: 'contact' as const, recordId: draft.contactId } : {}),
  });
  await deps.db.transaction(async (tx) => {
    await repo.linkTask(tx, actor.workspaceId, conversationId, task.id);
    await emit(tx, deps.queue, actor, {
      type: 'conversation_task.created', subject: { type: 'task', id: task.id },
      payload: { conversationId, after: { taskId: task.id, contactId: draft.contactId } },
    });
  });
  return task;
}

/** The tasks created from a conversation that the actor may see (an expert: their own). */
export async function listConversationTasks(deps: Deps, actor: Actor, conversationId: string): Promise<{ items: Task[] }> {
  authorize(actor, 'tasks:read');
  await authorizeInbox(deps.db, actor, 'inbox:read', conversationId);
  const items: Task[] = [];
  for (const id of await repo.conversationTaskIds(deps.db, actor.workspaceId, conversationId)) {
    try {
      items.push(await tasksService.getTask(deps, actor, id));
    } catch (err) {
      if (!(err instanceof NotFound)) throw err; // deleted since, or not the expert's own
    }
  }
  return { items };
}

// ---- helpers ----

async function visibleNote(deps: Deps, actor: Actor, id: string): Promise<repo.NoteRow> {
  authorize(actor, 'experts:answer');
  const m = await repo.findNote(deps.db, actor.workspaceId, id);
  if (!m) throw new NotFound('note_not_found', 'No such note');
  try {
    await authorizeInbox(deps.db, actor, 'inbox:read', m.conversationId);
  } catch (err) {
    if (err instanceof NotFound) throw new NotFound('note_not_found', 'No such note');
    throw err;
  }
  return m;
}

async function markSuggestion(deps: Deps, actor: Actor, m: repo.NoteRow, status: 'used' | 'dismissed'): Promise<repo.NoteRow> {
  return deps.db.transaction(async (tx) => {
    const now = (await repo.findNote(tx, actor.workspaceId, m.id, true))!;
    if (now.suggestionStatus === status) return now;
    const row = await repo.updateNote(tx, actor.workspaceId, m.id, status === 'used' ? { suggestionStatus: 'used', usedBy: actor.userId, usedAt: new Date() } : { suggestionStatus: 'dismissed' });
    await emit(tx, deps.queue, actor, {
      type: status === 'used' ? 'suggestion.used' : 'suggestion.dismissed', subject: { type: 'conversation_note', id: m.id },
      payload: { conversationId: m.conversationId, consultId: m.consultId, before: { status: now.suggestionStatus }, after: { status } },
    });
    return row;
  });
}

async function namesOf(deps: Deps, actor: Actor, list: repo.NoteRow[]) {
  const users = list.flatMap((m) => [m.authorId, m.usedBy, ...m.mentions.filter((x) => x.type === 'user').map((x) => x.id)]);
  const teams = list.flatMap((m) => m.mentions.filter((x) => x.type === 'team').map((x) => x.id));
  return repo.names(deps.db, actor.workspaceId, users, teams);
}

async function contactOf(deps: Deps, workspaceId: string, id: string | null) {
  let row = id ? await repo.findContact(deps.db, workspaceId, id) : undefined;
  // A person merged into another: the survivor is the customer now.
  for (let hops = 0; row?.mergedInto && hops < 20; hops++) row = await repo.findContact(deps.db, workspaceId, row.mergedInto);
  if (!row) return null;
  const name = [row.firstName, row.lastName].filter(Boolean).join(' ') || row.email || '—';
  return { id: row.id, name, email: row.email, phone: row.phone, companyName: row.companyName, address: row.addresses[0] ?? null };
}

/** The users and teams a text @mentions, resolved against the workspace's (for other domains: notifications, comments, posts). */
export async function mentionsInText(ex: Executor, workspaceId: string, text: string): Promise<MentionTarget[]> {
  return resolveMentions(text, await repo.mentionTargets(ex, workspaceId));
}
