import type { Executor } from '../db/client.ts';
import type { MailDelivery } from '../connectors/email/parse.ts';
import { normalizeSubject } from '../connectors/email/text.ts';
import * as repo from './repo.ts';

/** How long after a conversation's last message a mail with the same subject from the same sender still joins it. */
export const SUBJECT_FALLBACK_DAYS = 14;

/**
 * The conversation a mail belongs to, found when it arrives: the one holding a Message-ID the mail answers
 * (In-Reply-To first, then References from the newest), else — for a mail that looks like an answer (a reply prefix
 * or In-Reply-To) but whose headers name nothing Parley knows (a program that drops References) — the sender's latest
 * conversation with the same subject within SUBJECT_FALLBACK_DAYS. Null: a new thread, keyed by the mail's headers.
 */
export async function resolveThread(ex: Executor, workspaceId: string, channelId: string, mail: MailDelivery, now = new Date()): Promise<Pick<MailDelivery, 'threadRoot' | 'threadedBy'>> {
  const candidates = [...new Set([mail.inReplyTo, ...[...mail.references].reverse()].filter((id): id is string => id !== null))].slice(0, 50);
  const byReference = await repo.threadKeyOfMessages(ex, workspaceId, channelId, candidates);
  if (byReference) return { threadRoot: byReference, threadedBy: 'references' };
  const subject = normalizeSubject(mail.subject);
  const looksLikeAnswer = mail.inReplyTo !== null || (mail.subject ?? '').trim() !== subject;
  if (mail.from && subject && looksLikeAnswer) {
    const since = new Date(now.getTime() - SUBJECT_FALLBACK_DAYS * 86_400_000);
    const match = (await repo.recentConversationsOf(ex, workspaceId, channelId, mail.from.address, since))
      .find((c) => normalizeSubject(c.subject).toLowerCase() === subject.toLowerCase());
    if (match) return { threadRoot: match.threadKey, threadedBy: 'subject' };
  }
  return { threadRoot: null, threadedBy: null };
}
