import type { Language } from '@parley/contracts/common';
import type { SearchHit, SearchResult, SearchType } from '@parley/contracts/search';
import type { Deps } from '../../deps.ts';
import { Forbidden } from '../../lib/errors.ts';
import { foldText } from '../../lib/text.ts';
import type { Actor } from '../../policies/actor.ts';
import { can } from '../../policies/authorize.ts';
import * as companiesService from '../contacts/companies-service.ts';
import * as contactsService from '../contacts/service.ts';
import * as tasksService from '../tasks/service.ts';

// The few words of a result line, and the locale of its dates (the web app formats English dates en-GB too).
const WORDS = {
  en: { locale: 'en-GB', people: (n: number) => (n === 1 ? '1 person' : `${n} people`), done: 'done' },
  de: { locale: 'de-DE', people: (n: number) => (n === 1 ? '1 Person' : `${n} Personen`), done: 'erledigt' },
} as const satisfies Record<Language, unknown>;

/**
 * The quick search (Ctrl+K) over people, companies and tasks. Each domain searches its own records and checks its
 * own permission; a type the actor's role may not read is left out, not refused (an expert gets only tasks). The
 * three queries run at the same time, each with a small limit.
 */
export async function search(deps: Deps, actor: Actor, input: { q: string; limit: number; tz?: string }): Promise<SearchResult> {
  const searchable = { contact: can(actor, 'contacts:read'), company: can(actor, 'companies:read'), task: can(actor, 'tasks:read') };
  if (!Object.values(searchable).some(Boolean)) throw new Forbidden('forbidden', 'Your role may not search');
  // Punctuation alone matches nothing; spare the database.
  if (foldText(input.q) === '') return { groups: [] };
  const words = WORDS[actor.language] ?? WORDS.en;
  const [people, companies, tasks] = await Promise.all([
    searchable.contact ? contactsService.searchContacts(deps, actor, input.q, input.limit) : [],
    searchable.company ? companiesService.searchCompanies(deps, actor, input.q, input.limit) : [],
    searchable.task ? tasksService.searchTasks(deps, actor, input.q, input.limit) : [],
  ]);
  const when = new Intl.DateTimeFormat(words.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: input.tz ?? 'UTC' });
  const groups: { type: SearchType; items: SearchHit[] }[] = [
    { type: 'contact', items: people.map((p) => hit('contact', p.id, p.displayName, [p.companyName, p.email], p.score)) },
    { type: 'company', items: companies.map((c) => hit('company', c.id, c.name, [c.city, words.people(c.peopleCount)], c.score)) },
    {
      type: 'task',
      items: tasks.map((t) => hit('task', t.id, t.title, [t.dueAt && when.format(t.dueAt), t.assigneeName, t.status === 'done' ? words.done : null], t.score)),
    },
  ];
  return { groups: groups.filter((g) => g.items.length > 0) };
}

function hit(type: SearchType, id: string, title: string, subtitle: (string | null | undefined)[], score: number): SearchHit {
  return { type, id, title, subtitle: subtitle.filter(Boolean).join(' · '), score: Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000 };
}
