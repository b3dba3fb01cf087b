import type { Consult, ConversationNote } from '@parley/contracts/experts';
import type { ConsultRow, NoteRow } from './repo.ts';

export interface Names { users: Map<string, string>; teams: Map<string, string> }
export interface ConsultListRow { k: ConsultRow; preview: string | null; conversationStatus: string | null; network: string | null; authorName: string | null }

/** The OLA's business hours and the open minutes left of an open consult (null: not open). */
export interface OlaView { calendar: { id: string; name: string } | null; minutesLeft: number | null }

/** A consult as it leaves the server, with what the actor may do with it (`asker`: may cancel and close; `mine`: addressed to the actor or their team). */
export function presentConsult(r: ConsultListRow, n: Names, asker: boolean, mine: boolean, ola: OlaView): Consult {
  const k = r.k;
  const active = k.status === 'open' || k.status === 'answered';
  return {
    id: k.id, conversationId: k.conversationId,
    askedBy: k.askedBy ? { id: k.askedBy, name: n.users.get(k.askedBy) ?? '—' } : null,
    expert: k.expertUserId ? { type: 'user', id: k.expertUserId, name: n.users.get(k.expertUserId) ?? '—' } : { type: 'team', id: k.expertTeamId!, name: n.teams.get(k.expertTeamId!) ?? '—' },
    question: k.question, status: k.status as Consult['status'], olaMinutes: k.olaMinutes, olaDueAt: k.olaDueAt.toISOString(), olaCalendar: ola.calendar, olaMinutesLeft: ola.minutesLeft, overdue: k.overdue,
    answeredAt: k.answeredAt?.toISOString() ?? null, closedAt: k.closedAt?.toISOString() ?? null, createdAt: k.createdAt.toISOString(),
    conversation: r.conversationStatus === null ? null : { preview: r.preview, status: r.conversationStatus, network: r.network, authorName: r.authorName },
    can: { cancel: asker && k.status === 'open', close: asker && active, takeOver: mine && active, answer: mine && active },
  };
}

/** An internal note or suggested reply as it leaves the server. */
export function presentNote(m: NoteRow, n: Names): ConversationNote {
  return {
    id: m.id, conversationId: m.conversationId, consultId: m.consultId, kind: m.kind as ConversationNote['kind'], text: m.text,
    mentions: m.mentions.map((x) => ({ type: x.type, id: x.id, name: (x.type === 'user' ? n.users.get(x.id) : n.teams.get(x.id)) ?? '—' })),
    author: m.authorId ? { id: m.authorId, name: n.users.get(m.authorId) ?? '—' } : null,
    suggestionStatus: (m.suggestionStatus as ConversationNote['suggestionStatus']) ?? null,
    usedBy: m.usedBy ? { id: m.usedBy, name: n.users.get(m.usedBy) ?? '—' } : null,
    usedAt: m.usedAt?.toISOString() ?? null, createdAt: m.createdAt.toISOString(),
  };
}
