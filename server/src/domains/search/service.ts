import type { Language } from '@parley/contracts/common';
import type { SearchHit, SearchResult, SearchType } from '@parley/contracts/search';
import type { Deps } from '../../deps.ts';
import { Forbidden } from '../../lib/errors.ts';
import { highlightWords, tsQueryText } from '../../lib/fulltext.ts';
import { foldText, transliterateGerman } from '../../lib/text.ts';
import type { Actor } from '../../policies/actor.ts';
import { can } from '../../policies/authorize.ts';
import * as commentsService from '../comments/service.ts';
import * as companiesService from '../contacts/companies-service.ts';
import * as contactsService from '../contacts/service.ts';
import * as roomsService from '../rooms/service.ts';
import * as tasksService from '../tasks/service.ts';
import { excerpt } from './excerpt.ts';
import * as repo from './repo.ts';

// The few words of a result line, and the locale of its dates (the web app formats English dates en-GB too).
const WORDS = {
  en: {
    locale: 'en-GB', people: (n: number) => (n === 1 ? '1 person' : `${n} people`), done: 'done',
    records: { contact: 'Person', company: 'Company', conversation: 'Conversation', room: 'Room', document: 'Document' } as Record<string, string>,
  },
  de: {
    locale: 'de-DE', people: (n: number) => (n === 1 ? '1 Person' : `${n} Personen`), done: 'erledigt',
    records: { contact: 'Person', company: 'Firma', conversation: 'Konversation', room: 'Raum', document: 'Dokument' } as Record<string, string>,
  },
} as const satisfies Record<Language, unknown>;

/**
 * The quick search (Ctrl+K) over people, companies, tasks, comments, room posts and document names. Each domain
 * searches its own records and checks its own permission; a type the actor's role may not read is left out, not
 * refused (an expert gets their tasks, the comments they may read and the rooms they may read). Which rooms the actor
 * may read is the rooms service's answer (a private room only for its members and admins). The queries run at the
 * same time, each with a small limit.
 */
export async function search(deps: Deps, actor: Actor, input: { q: string; limit: number; tz?: string }): Promise<SearchResult> {
  const searchable = {
    contact: can(actor, 'contacts:read'), company: can(actor, 'companies:read'), task: can(actor, 'tasks:read'),
    comment: can(actor, 'comments:write'), rooms: can(actor, 'rooms:use'),
  };
  if (!Object.values(searchable).some(Boolean)) throw new Forbidden('forbidden', 'Your role may not search');
  // Punctuation alone matches nothing; spare the database.
  if (foldText(input.q) === '') return { groups: [] };
  const words = WORDS[actor.language] ?? WORDS.en;
  const tsText = tsQueryText(input.q);
  const typed = input.q.trim().toLowerCase();
  const [people, companies, tasks, comments, roomIds] = await Promise.all([
    searchable.contact ? contactsService.searchContacts(deps, actor, input.q, input.limit) : [],
    searchable.company ? companiesService.searchCompanies(deps, actor, input.q, input.limit) : [],
    searchable.task ? tasksService.searchTasks(deps, actor, input.q, input.limit) : [],
    searchable.comment ? commentsService.searchComments(deps, actor, input.q, input.limit) : [],
    searchable.rooms ? roomsService.listRooms(deps, actor).then((r) => r.items.map((room) => room.id)) : [],
  ]);
  const [posts, documents] = await Promise.all([
    tsText ? repo.searchPosts(deps.db, actor.workspaceId, roomIds, tsText, input.limit) : [],
    repo.searchDocuments(deps.db, actor.workspaceId, roomIds, [...new Set([typed, foldText(input.q), transliterateGerman(input.q)])].filter(Boolean), typed, input.limit),
  ]);
  const when = new Intl.DateTimeFormat(words.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: input.tz ?? 'UTC' });
  const day = new Intl.DateTimeFormat(words.locale, { dateStyle: 'medium', timeZone: input.tz ?? 'UTC' });
  const marks = highlightWords(input.q);
  const groups: { type: SearchType; items: SearchHit[] }[] = [
    { type: 'contact', items: people.map((p) => hit('contact', p.id, p.displayName, [p.companyName, p.email], `/people/${p.id}`, p.score)) },
    { type: 'company', items: companies.map((c) => hit('company', c.id, c.name, [c.city, words.people(c.peopleCount)], `/companies/${c.id}`, c.score)) },
    {
      type: 'task',
      items: tasks.map((t) => hit('task', t.id, t.title, [t.dueAt && when.format(t.dueAt), t.assigneeName, t.status === 'done' ? words.done : null], `/tasks?task=${t.id}`, t.score)),
    },
    {
      type: 'comment',
      items: comments.map((c) => ({
        ...hit('comment', c.id, c.recordName ?? words.records[c.recordType] ?? c.recordType, [words.records[c.recordType], c.authorName, day.format(c.createdAt)], c.link, c.score),
        excerpt: excerpt(c.body, marks), record: { type: c.recordType, id: c.recordId },
      })),
    },
    {
      type: 'room_post',
      items: posts.map((p) => ({ ...hit('room_post', p.id, p.roomName, [p.authorName, day.format(p.createdAt)], `/rooms/${p.roomId}#post-${p.id}`, p.score), excerpt: excerpt(p.body, marks) })),
    },
    { type: 'document', items: documents.map((d) => hit('document', d.id, d.name, [d.roomName, day.format(d.updatedAt)], `/rooms/${d.roomId}?tab=documents&document=${d.id}#document-${d.id}`, d.score)) },
  ];
  return { groups: groups.filter((g) => g.items.length > 0) };
}

function hit(type: SearchType, id: string, title: string, subtitle: (string | null | undefined | false)[], link: string, score: number): SearchHit {
  return { type, id, title, subtitle: subtitle.filter(Boolean).join(' · '), link, score: Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000 };
}
