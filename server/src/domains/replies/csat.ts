import type { CsatReport, CsatSurvey, ReplyLanguage, ReplySettings } from '@parley/contracts/replies';
import type { Deps } from '../../deps.ts';
import { emit } from '../../events/emit.ts';
import type { EventHandler } from '../../events/registry.ts';
import { AppError, Conflict, NotFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { systemActor, type Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { createReply } from '../inbox/service.ts';
import * as repo from './repo.ts';

// CSAT (issue 3, "CSAT survey after resolution where the channel allows"): when a conversation is resolved and it is
// a private thread (a direct message, e-mail, API chat: never a public comment everyone reads), the outbox sends the
// customer a short question with a link to a public page (/csat/<token>, a signed expiring token), once per
// resolution. The customer answers 1–5 with an optional comment; the answer can be changed for 24 hours after it was
// first given (a slip of the finger), then it is final.

const TOKEN_PURPOSE = 'csat';
const CHANGE_WINDOW_MS = 24 * 3600_000;
const DAY_MS = 86_400_000;

const SURVEY_TEXT: Record<ReplyLanguage, (company: string, link: string) => string> = {
  de: (company, link) => `Wie zufrieden waren Sie mit der Hilfe von ${company}? Wir freuen uns über Ihre Bewertung (1–5), es dauert nur einen Moment: ${link}`,
  en: (company, link) => `How satisfied were you with ${company}'s help? We'd love your rating (1–5), it only takes a moment: ${link}`,
};

/** The survey's public link for a survey id. */
export function surveyLink(deps: Deps, workspaceId: string, surveyId: string, days: number): string {
  const token = deps.secrets.sign(TOKEN_PURPOSE, { w: workspaceId, s: surveyId }, days * DAY_MS);
  return `${deps.config.publicUrl.replace(/\/$/, '')}/csat/${token}`;
}

/** Sends the survey of one resolution (idempotent: the resolution's event id keys it). */
export async function sendSurvey(deps: Deps, workspaceId: string, conversationId: string, resolutionEventId: string): Promise<void> {
  const settings = await repo.getSettings(deps.db, workspaceId);
  if (!settings.csatEnabled) return;
  const ctx = await repo.renderContext(deps.db, workspaceId, conversationId);
  // Public comment threads get no survey: the link would be posted for everyone to read.
  if (!ctx || ctx.kind !== 'private') return;
  const language: ReplyLanguage = ctx.language === 'en' || ctx.language === 'de' ? ctx.language : ctx.workspaceLanguage === 'en' ? 'en' : 'de';
  const { row, created } = await repo.claimSurvey(deps.db, {
    workspaceId, id: newId(), conversationId, resolutionEventId, contactId: ctx.contactId, language,
  });
  if (!created && row.messageId) return;
  const text = SURVEY_TEXT[language](ctx.workspaceName, surveyLink(deps, workspaceId, row.id, settings.csatLinkDays));
  try {
    const message = await createReply(deps, systemActor(workspaceId), conversationId, { text });
    await deps.db.transaction(async (tx) => {
      await repo.setSurveyMessage(tx, workspaceId, row.id, message.id);
      await emit(tx, deps.queue, systemActor(workspaceId), {
        type: 'csat.sent', subject: { type: 'csat_survey', id: row.id },
        payload: { conversationId, messageId: message.id, related: ctx.contactId ? [{ type: 'contact', id: ctx.contactId }] : [] },
      });
    });
  } catch (err) {
    // The channel cannot send now (paused, disconnected, no token): no survey for this resolution, and no retries.
    if (err instanceof AppError) {
      deps.log.warn({ conversationId, code: err.code }, 'CSAT survey not sent');
      await repo.deleteSurvey(deps.db, workspaceId, row.id);
      return;
    }
    throw err;
  }
}

/** Sends a CSAT survey when a conversation becomes resolved. */
export const csatHandler: EventHandler = {
  name: 'replies.csat',
  events: ['conversation.updated'],
  async handle(deps, event) {
    const p = event.payload as { before?: { status?: string } | null; after?: { status?: string } | null };
    if (p.after?.status !== 'resolved' || p.before?.status === 'resolved') return;
    await sendSurvey(deps, event.workspaceId, event.subjectId, event.id);
  },
};

function readToken(deps: Deps, token: string): { w: string; s: string } {
  try {
    const p = deps.secrets.verify<{ w?: unknown; s?: unknown }>(TOKEN_PURPOSE, token);
    if (typeof p.w !== 'string' || typeof p.s !== 'string') throw new Error('bad payload');
    return { w: p.w, s: p.s };
  } catch {
    // Invalid and expired links look the same from outside: there is no such survey to answer.
    throw new NotFound('csat_not_found', 'This survey link is not valid or has expired.');
  }
}

const isOpen = (answeredAt: Date | null, now = Date.now()) => !answeredAt || now - answeredAt.getTime() < CHANGE_WINDOW_MS;

/** The public survey page's data. */
export async function getSurvey(deps: Deps, token: string): Promise<CsatSurvey> {
  const { w, s } = readToken(deps, token);
  const row = await repo.lockSurvey(deps.db, w, s);
  if (!row) throw new NotFound('csat_not_found', 'This survey link is not valid or has expired.');
  const ws = await repo.workspaceInfo(deps.db, w);
  return { language: row.language === 'en' ? 'en' : 'de', company: ws.name, score: row.score, comment: row.comment, open: isOpen(row.answeredAt) };
}

/** Stores the customer's answer (or changes it within 24 hours of the first answer). */
export async function answerSurvey(deps: Deps, token: string, input: { score: number; comment?: string | undefined }): Promise<CsatSurvey> {
  const { w, s } = readToken(deps, token);
  return deps.db.transaction(async (tx) => {
    const row = await repo.lockSurvey(tx, w, s);
    if (!row) throw new NotFound('csat_not_found', 'This survey link is not valid or has expired.');
    if (!isOpen(row.answeredAt)) throw new Conflict('csat_closed', 'This survey was answered already.');
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    const answeredAt = row.answeredAt ?? new Date();
    await repo.answerSurvey(tx, w, s, { score: input.score, comment, answeredAt });
    await emit(tx, deps.queue, systemActor(w), {
      type: 'csat.answered', subject: { type: 'csat_survey', id: s },
      payload: { conversationId: row.conversationId, score: input.score, changed: row.answeredAt !== null, related: row.contactId ? [{ type: 'contact', id: row.contactId }] : [] },
    });
    const ws = await repo.workspaceInfo(tx, w);
    return { language: row.language === 'en' ? 'en' : 'de', company: ws.name, score: input.score, comment, open: isOpen(answeredAt) };
  });
}

/** The surveys of a conversation, newest first, with their answers. */
export async function conversationCsat(deps: Deps, actor: Actor, conversationId: string) {
  authorize(actor, 'csat:read');
  authorize(actor, 'inbox:read');
  if (!(await repo.renderContext(deps.db, actor.workspaceId, conversationId))) throw new NotFound('conversation_not_found', 'No such conversation');
  const list = await repo.conversationSurveys(deps.db, actor.workspaceId, conversationId);
  return {
    surveys: list.map((r) => ({ sentAt: r.sentAt.toISOString(), score: r.score, comment: r.comment, answeredAt: r.answeredAt?.toISOString() ?? null })),
  };
}

/** Average, count and distribution of the answers, per week over the last `weeks` weeks. */
export async function csatReport(deps: Deps, actor: Actor, weeks: number): Promise<CsatReport> {
  authorize(actor, 'csat:read');
  const since = new Date(Date.now() - weeks * 7 * DAY_MS);
  const stats = await repo.csatStats(deps.db, actor.workspaceId, since);
  const byWeek = new Map<string, number[]>();
  for (const r of stats.weeks) {
    const dist = byWeek.get(r.week) ?? [0, 0, 0, 0, 0];
    dist[r.score - 1]! += r.n;
    byWeek.set(r.week, dist);
  }
  const avg = (d: number[]) => {
    const n = d.reduce((a, b) => a + b, 0);
    return n ? Math.round((d.reduce((a, b, i) => a + b * (i + 1), 0) / n) * 100) / 100 : null;
  };
  const total = [0, 0, 0, 0, 0];
  for (const d of byWeek.values()) d.forEach((v, i) => { total[i]! += v; });
  return {
    sent: stats.sent, answered: total.reduce((a, b) => a + b, 0), average: avg(total), distribution: total,
    weeks: [...byWeek.entries()].map(([week, d]) => ({ week, count: d.reduce((a, b) => a + b, 0), average: avg(d), distribution: d })),
  };
}

/** The replies domain's workspace settings. */
export async function getSettings(deps: Deps, actor: Actor): Promise<ReplySettings> {
  authorize(actor, 'csat:read');
  return repo.getSettings(deps.db, actor.workspaceId);
}

/** Changes the replies domain's workspace settings. */
export async function updateSettings(deps: Deps, actor: Actor, patch: Partial<ReplySettings>): Promise<ReplySettings> {
  authorize(actor, 'replies:settings');
  return deps.db.transaction(async (tx) => {
    const before = await repo.getSettings(tx, actor.workspaceId);
    const after = { ...before, ...patch };
    await repo.saveSettings(tx, actor.workspaceId, after);
    await emit(tx, deps.queue, actor, { type: 'reply_settings.updated', subject: { type: 'workspace', id: actor.workspaceId }, payload: { before, after } });
    return after;
  });
}
