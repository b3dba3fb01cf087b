import { DEFAULT_PREFERENCES, type NotificationKind } from '@parley/contracts/notifications';
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { notificationPreferences, notifications, users } from '../../db/schema.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { sendMail } from '../../lib/mail.ts';

/** One job per notification to be mailed at once. */
export const NOTIFICATION_MAIL_QUEUE = 'notifications.mail';
/** The daily digest (07:00 UTC). */
export const NOTIFICATION_DIGEST_QUEUE = 'notifications.digest';

type Row = typeof notifications.$inferSelect;
type Lang = 'de' | 'en';

const KIND_TEXT: Record<Lang, Record<NotificationKind, string>> = {
  de: { mention: 'hat Sie erwähnt', assignment: 'hat Ihnen ein Gespräch zugewiesen', reply: 'hat geantwortet', follow: 'hat etwas geändert, dem Sie folgen', sla: 'SLA-Hinweis', consult: 'bittet Sie um Rat' },
  en: { mention: 'mentioned you', assignment: 'assigned a conversation to you', reply: 'replied', follow: 'changed something you follow', sla: 'SLA notice', consult: 'asks for your advice' },
};

function line(lang: Lang, n: Row, actorName: string, baseUrl: string): string {
  return `${actorName} ${KIND_TEXT[lang][n.kind as NotificationKind] ?? n.kind}${n.excerpt ? `: „${n.excerpt}“` : ''}\n${baseUrl}${n.link}`;
}

async function namesOf(deps: Deps, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const list = await deps.db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids)));
  return new Map(list.map((u) => [u.id, u.name]));
}

/** Mails one notification now (de/en by the recipient's language, with the link); marks it mailed. Idempotent. */
export async function mailNotification(deps: Deps, workspaceId: string, notificationId: string): Promise<void> {
  const [n] = await deps.db.select().from(notifications).where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.id, notificationId)));
  if (!n || n.emailedAt) return;
  const [to] = await deps.db.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, n.userId), eq(users.status, 'active')));
  if (!to) return;
  const lang: Lang = to.language === 'en' ? 'en' : 'de';
  const actor = (await namesOf(deps, workspaceId, n.actorId ? [n.actorId] : [])).get(n.actorId ?? '') ?? (lang === 'de' ? 'Jemand' : 'Someone');
  await sendMail(deps, {
    to: to.email,
    subject: `Parley: ${actor} ${KIND_TEXT[lang][n.kind as NotificationKind] ?? n.kind}`,
    text: `${line(lang, n, actor, deps.config.publicUrl)}\n\n${lang === 'de' ? 'Benachrichtigungen einstellen' : 'Notification settings'}: ${deps.config.publicUrl}/settings/notifications\n`,
  });
  await deps.db.update(notifications).set({ emailedAt: new Date() }).where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.id, n.id)));
}

/**
 * The daily digest: one mail per user with the unread, not yet mailed notifications (of the last week) of the kinds
 * they want as a digest; those are marked mailed. Run by schedule; a re-run mails nothing twice.
 */
export async function runDigest(deps: Deps, since = new Date(Date.now() - 7 * 86_400_000)): Promise<number> {
  const pending = await deps.db.select().from(notifications).where(and(isNull(notifications.readAt), isNull(notifications.emailedAt), gt(notifications.createdAt, since)));
  const prefs = await deps.db.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, [...new Set(pending.map((n) => n.userId))].slice(0, 10_000)));
  const prefOf = new Map(prefs.map((p) => [`${p.workspaceId}:${p.userId}:${p.kind}`, p.email]));
  const byUser = new Map<string, Row[]>();
  for (const n of pending) {
    const email = prefOf.get(`${n.workspaceId}:${n.userId}:${n.kind}`) ?? DEFAULT_PREFERENCES[n.kind as NotificationKind]?.email;
    if (email !== 'daily_digest') continue;
    const key = `${n.workspaceId}:${n.userId}`;
    byUser.set(key, [...(byUser.get(key) ?? []), n]);
  }
  let sent = 0;
  for (const list of byUser.values()) {
    const { workspaceId, userId } = list[0]!;
    const [to] = await deps.db.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId), eq(users.status, 'active')));
    if (!to) continue;
    const lang: Lang = to.language === 'en' ? 'en' : 'de';
    const names = await namesOf(deps, workspaceId, [...new Set(list.map((n) => n.actorId).filter((a): a is string => !!a))]);
    const lines = list.map((n) => line(lang, n, names.get(n.actorId ?? '') ?? (lang === 'de' ? 'Jemand' : 'Someone'), deps.config.publicUrl));
    await sendMail(deps, {
      to: to.email,
      subject: lang === 'de' ? `Parley: ${list.length} neue Benachrichtigungen` : `Parley: ${list.length} new notifications`,
      text: `${lines.join('\n\n')}\n\n${lang === 'de' ? 'Benachrichtigungen einstellen' : 'Notification settings'}: ${deps.config.publicUrl}/settings/notifications\n`,
    });
    await deps.db.update(notifications).set({ emailedAt: new Date() })
      .where(and(eq(notifications.workspaceId, workspaceId), inArray(notifications.id, list.map((n) => n.id))));
    sent++;
  }
  return sent;
}

/** The queues of notification mails: immediate (one job per notification) and the daily digest. */
export function notificationMailQueues(deps: Deps): QueueDef[] {
  return [
    { name: NOTIFICATION_MAIL_QUEUE, concurrency: 2, handler: (async (data: { workspaceId: string; notificationId: string }) => mailNotification(deps, data.workspaceId, data.notificationId)) as QueueDef['handler'] },
    { name: NOTIFICATION_DIGEST_QUEUE, concurrency: 1, batchSize: 1, schedule: '0 7 * * *', expireInSeconds: 3600, handler: (async () => { await runDigest(deps); }) as QueueDef['handler'] },
  ];
}
