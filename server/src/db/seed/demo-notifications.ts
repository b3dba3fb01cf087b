import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { notes, notifications, users } from '../schema.ts';
import { newId } from '../../lib/ids.ts';
import { STAFF_DOMAIN } from './demo-vocabulary.ts';

// Notifications in the demo workspace (issue 5, part B): the admin who logs in (Katrin Vogel) finds colleagues'
// @mentions in notes on customers in the bell, two unread and one read, each linking to the exact note.

const MIN = 60_000;

/** Seeds notes that mention the demo admin, with their notifications (after users and people). */
export async function seedDemoNotifications(tx: Executor, workspaceId: string, contactIds: string[], now: Date): Promise<void> {
  const emails = ['katrin.vogel', 'leonie.schuster', 'mehmet.yilmaz', 'anja.lorenz'].map((n) => `${n}@${STAFF_DOMAIN}`);
  const staff = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.email, emails)));
  const by = (n: string) => staff.find((u) => u.email.startsWith(`${n}@`));
  const [katrin, leonie, mehmet, anja] = [by('katrin.vogel'), by('leonie.schuster'), by('mehmet.yilmaz'), by('anja.lorenz')];
  if (!katrin || !leonie || !mehmet || !anja || contactIds.length < 9) return;
  const m = `@[${katrin.name}](user:${katrin.id})`;
  const list = [
    { author: leonie, contactId: contactIds[6]!, minutesAgo: 12, read: false, body: `${m} die Kundin bittet um eine Rechnungskopie für 2025 – kannst du sie ihr aus dem Portal schicken?` },
    { author: mehmet, contactId: contactIds[7]!, minutesAgo: 95, read: false, body: `Wartungsvertrag läuft Ende des Monats aus. ${m} bitte Verlängerung mit neuer Preisliste freigeben.` },
    { author: anja, contactId: contactIds[8]!, minutesAgo: 60 * 26, read: true, body: `${m} zur Info: Kunde hat der Datenspeicherung widersprochen, bitte Export vorbereiten.` },
  ];
  const noteRows = list.map((n) => ({
    workspaceId, id: newId(), recordType: 'contact', recordId: n.contactId, authorId: n.author.id, body: n.body,
    createdAt: new Date(now.getTime() - n.minutesAgo * MIN), updatedAt: new Date(now.getTime() - n.minutesAgo * MIN),
  }));
  await tx.insert(notes).values(noteRows);
  await tx.insert(notifications).values(list.map((n, i) => {
    const note = noteRows[i]!;
    return {
      workspaceId, id: newId(), userId: katrin.id, kind: 'mention', actorId: n.author.id, subjectType: 'contact', subjectId: n.contactId,
      link: `/people/${n.contactId}#note-${note.id}`, excerpt: n.body.replace(m, `@${katrin.name}`), groupKey: `mention:contact:${n.contactId}`,
      eventId: newId(), readAt: n.read ? note.createdAt : null, emailedAt: note.createdAt, createdAt: note.createdAt,
    };
  }));
}
