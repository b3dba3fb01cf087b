import type { CannedReply, CannedReplyInput, Draft, DraftInput, RenderedReply, ReplyLanguage } from '@parley/contracts/replies';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { presentCanned, presentDraft } from './presenter.ts';
import * as repo from './repo.ts';
import { firstName, pickLanguage, renderTemplate, type TemplateValues } from './template.ts';

// Canned replies (managers keep them, agents use them) and the agents' server-side drafts.

const isUnique = (err: unknown) => (err as { code?: string; cause?: { code?: string } }).code === '23505' || (err as { cause?: { code?: string } }).cause?.code === '23505';

/** Canned replies, most used first; `q` searches name and shortcut. */
export async function listCanned(deps: Deps, actor: Actor, q?: string): Promise<CannedReply[]> {
  authorize(actor, 'canned_replies:read');
  return (await repo.listCanned(deps.db, actor.workspaceId, q)).map(presentCanned);
}

/** Creates a canned reply; its shortcut is unique in the workspace. */
export async function createCanned(deps: Deps, actor: Actor, input: CannedReplyInput): Promise<CannedReply> {
  authorize(actor, 'canned_replies:manage');
  try {
    return await deps.db.transaction(async (tx) => {
      const row = await repo.insertCanned(tx, {
        workspaceId: actor.workspaceId, id: newId(), name: input.name, shortcut: input.shortcut, teamId: input.teamId ?? null, texts: input.texts, createdBy: actor.userId,
      });
      await emit(tx, deps.queue, actor, { type: 'canned_reply.created', subject: { type: 'canned_reply', id: row.id }, payload: { after: { name: row.name, shortcut: row.shortcut } } });
      return presentCanned(row);
    });
  } catch (err) {
    if (isUnique(err)) throw new Conflict('canned_shortcut_taken', 'Another canned reply has this shortcut', { field: 'shortcut' });
    throw err;
  }
}

/** Replaces a canned reply's name, shortcut, team and texts. */
export async function updateCanned(deps: Deps, actor: Actor, id: string, input: CannedReplyInput): Promise<CannedReply> {
  authorize(actor, 'canned_replies:manage');
  try {
    return await deps.db.transaction(async (tx) => {
      const before = await repo.findCanned(tx, actor.workspaceId, id);
      if (!before) throw new NotFound('canned_reply_not_found', 'No such canned reply');
      const row = (await repo.updateCanned(tx, actor.workspaceId, id, { name: input.name, shortcut: input.shortcut, teamId: input.teamId ?? null, texts: input.texts }))!;
      await emit(tx, deps.queue, actor, {
        type: 'canned_reply.updated', subject: { type: 'canned_reply', id },
        payload: { before: { name: before.name, shortcut: before.shortcut, texts: before.texts }, after: { name: row.name, shortcut: row.shortcut, texts: row.texts } },
      });
      return presentCanned(row);
    });
  } catch (err) {
    if (isUnique(err)) throw new Conflict('canned_shortcut_taken', 'Another canned reply has this shortcut', { field: 'shortcut' });
    throw err;
  }
}

/** Deletes a canned reply. */
export async function deleteCanned(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'canned_replies:manage');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.deleteCanned(tx, actor.workspaceId, id))) throw new NotFound('canned_reply_not_found', 'No such canned reply');
    await emit(tx, deps.queue, actor, { type: 'canned_reply.deleted', subject: { type: 'canned_reply', id }, payload: {} });
  });
}

function agentValues(name: string | undefined): TemplateValues {
  return { 'agent.name': name ?? null, 'agent.first_name': firstName(name) };
}

async function conversationValues(ex: Executor, actor: Actor, conversationId: string): Promise<{ values: TemplateValues; language: ReplyLanguage }> {
  const ctx = await repo.renderContext(ex, actor.workspaceId, conversationId);
  if (!ctx) throw new NotFound('conversation_not_found', 'No such conversation');
  const agent = await repo.userInfo(ex, actor.workspaceId, actor.userId);
  // Without a linked person, the customer's name on the network stands in (the identity's display name).
  const full = [ctx.firstName, ctx.lastName].filter(Boolean).join(' ') || ctx.displayName;
  const language = (ctx.language === 'en' || ctx.language === 'de' ? ctx.language : ctx.workspaceLanguage === 'en' ? 'en' : 'de') as ReplyLanguage;
  return {
    language,
    values: {
      ...agentValues(agent?.name),
      'contact.first_name': ctx.firstName ?? (ctx.contactId && ctx.lastName ? null : firstName(ctx.displayName)),
      'contact.last_name': ctx.lastName,
      'contact.name': full || null,
      'contact.salutation': ctx.salutation,
      'company.name': ctx.workspaceName,
      'conversation.id': ctx.conversationId,
    },
  };
}

/** Renders a canned reply for a conversation, in its language (or the other), and counts the use. */
export async function renderCanned(deps: Deps, actor: Actor, conversationId: string, cannedId: string): Promise<RenderedReply> {
  authorize(actor, 'canned_replies:read');
  authorize(actor, 'inbox:read');
  return deps.db.transaction(async (tx) => {
    const canned = await repo.findCanned(tx, actor.workspaceId, cannedId);
    if (!canned) throw new NotFound('canned_reply_not_found', 'No such canned reply');
    const { values, language } = await conversationValues(tx, actor, conversationId);
    const picked = pickLanguage(canned.texts, language);
    const out = renderTemplate(picked.text, values);
    await repo.countCannedUse(tx, actor.workspaceId, cannedId);
    return { text: out.text, language: picked.language, fellBack: picked.fellBack, unknown: out.unknown, missing: out.missing };
  });
}

/** Renders a template against an example customer (the settings' preview). */
export async function previewTemplate(deps: Deps, actor: Actor, text: string, language: ReplyLanguage): Promise<RenderedReply> {
  authorize(actor, 'canned_replies:read');
  const ws = await repo.workspaceInfo(deps.db, actor.workspaceId);
  const agent = await repo.userInfo(deps.db, actor.workspaceId, actor.userId);
  const example: TemplateValues = language === 'de'
    ? { 'contact.first_name': 'Anna', 'contact.last_name': 'Schneider', 'contact.name': 'Anna Schneider', 'contact.salutation': 'Frau' }
    : { 'contact.first_name': 'Emma', 'contact.last_name': 'Miller', 'contact.name': 'Emma Miller', 'contact.salutation': 'Ms' };
  const out = renderTemplate(text, { ...example, ...agentValues(agent?.name), 'company.name': ws.name, 'conversation.id': '00000000-0000-4000-8000-000000000000' });
  return { text: out.text, language, fellBack: false, unknown: out.unknown, missing: out.missing };
}

async function mustSeeConversation(ex: Executor, actor: Actor, conversationId: string): Promise<void> {
  if (!(await repo.renderContext(ex, actor.workspaceId, conversationId))) throw new NotFound('conversation_not_found', 'No such conversation');
}

/** The actor's draft in a conversation (null: none). */
export async function getDraft(deps: Deps, actor: Actor, conversationId: string): Promise<Draft | null> {
  authorize(actor, 'inbox:reply');
  await mustSeeConversation(deps.db, actor, conversationId);
  const d = await repo.findDraft(deps.db, actor.workspaceId, conversationId, actor.userId!);
  return d ? presentDraft(d) : null;
}

/** Saves the actor's draft; an empty text deletes it. */
export async function saveDraft(deps: Deps, actor: Actor, conversationId: string, input: DraftInput): Promise<Draft | null> {
  authorize(actor, 'inbox:reply');
  await mustSeeConversation(deps.db, actor, conversationId);
  if (!input.text.trim()) {
    await repo.deleteDraft(deps.db, actor.workspaceId, conversationId, actor.userId!);
    return null;
  }
  return presentDraft(await repo.saveDraft(deps.db, { workspaceId: actor.workspaceId, conversationId, userId: actor.userId!, text: input.text, private: input.private }));
}

/** Deletes the actor's draft in a conversation. */
export async function deleteDraft(deps: Deps, actor: Actor, conversationId: string): Promise<void> {
  authorize(actor, 'inbox:reply');
  await mustSeeConversation(deps.db, actor, conversationId);
  await repo.deleteDraft(deps.db, actor.workspaceId, conversationId, actor.userId!);
}
