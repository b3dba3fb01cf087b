import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { roomMembers, roomNoteRevisions, roomNotes, roomPosts, rooms, teams, users } from '../schema.ts';
import { extractHashtags } from '../../lib/hashtags.ts';
import { newId } from '../../lib/ids.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { STAFF_DOMAIN } from './demo-vocabulary.ts';

// Team rooms in the demo workspace (issue 5): the public room of the service team with a thread and a shared
// checklist in two versions, and a private room of sales (sign in as a non-member to see that it does not show).

const at = (now: Date, minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);

/** Seeds two rooms with members, posts with replies and a note with history (after users and teams). */
export async function seedDemoRooms(tx: Executor, workspaceId: string, now: Date): Promise<void> {
  const staff = await tx.select({ id: users.id, email: users.email }).from(users).where(and(eq(users.workspaceId, workspaceId),
    inArray(users.email, ['leonie.schuster', 'mehmet.yilmaz', 'anja.lorenz', 'thomas.brandl'].map((n) => `${n}@${STAFF_DOMAIN}`))));
  const user = (n: string) => staff.find((u) => u.email.startsWith(`${n}@`))?.id;
  const [leonie, mehmet, anja, thomas] = [user('leonie.schuster'), user('mehmet.yilmaz'), user('anja.lorenz'), user('thomas.brandl')];
  if (!leonie || !mehmet || !anja || !thomas) return;
  const [service] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.name, 'Service')));

  const room = async (name: string, description: string, visibility: 'public' | 'private', owner: string, members: string[], minutesAgo: number, teamId: string | null = null) => {
    const id = newId();
    await tx.insert(rooms).values({ workspaceId, id, name, description, visibility, teamId, createdBy: owner, createdAt: at(now, minutesAgo), updatedAt: at(now, minutesAgo) });
    await tx.insert(roomMembers).values([{ workspaceId, roomId: id, userId: owner, role: 'owner' }, ...members.map((userId) => ({ workspaceId, roomId: id, userId, role: 'member' }))]);
    return id;
  };
  const post = async (roomId: string, authorId: string, body: string, minutesAgo: number, parentId: string | null = null) => {
    const id = newId();
    await tx.insert(roomPosts).values({ workspaceId, id, roomId, authorId, parentId, body, bodyHtml: renderMarkdown(body), hashtags: extractHashtags(body), createdAt: at(now, minutesAgo) });
    return id;
  };

  const serviceRoom = await room('Service & Technik', 'Absprachen zu Einsätzen, Ersatzteilen und Fehlercodes', 'public', thomas, [leonie, mehmet, anja], 60 * 24 * 20, service?.id ?? null);
  const p1 = await post(serviceRoom, thomas, 'Achtung: Bei der **WP-300** tritt Fehlercode **E42** gehäuft auf. Bitte Kunden an mich verweisen. #wärmepumpe #e42', 60 * 24 * 2);
  await post(serviceRoom, anja, 'Danke! Der Hersteller hat ein Firmware-Update angekündigt, ich halte euch auf dem Laufenden.', 60 * 24 * 2 - 45, p1);
  await post(serviceRoom, leonie, 'Heute drei Anfragen dazu im Posteingang – ich verlinke die Gespräche in der Notiz.', 60 * 5, p1);
  await post(serviceRoom, mehmet, 'Ersatzteillieferung für **Umwälzpumpen** verzögert sich bis KW 51. #lieferung', 60 * 26);

  const noteId = newId();
  const v1 = '# Checkliste Wartung\n\n- Druck prüfen\n- Filter reinigen';
  const v2 = '# Checkliste Wartung\n\n- Druck prüfen (1,5–2 bar)\n- Filter reinigen\n- Firmware-Stand notieren (E42!)';
  await tx.insert(roomNotes).values({ workspaceId, id: noteId, roomId: serviceRoom, title: 'Checkliste Wartung', body: v2, version: 2, updatedBy: anja, createdAt: at(now, 60 * 24 * 10), updatedAt: at(now, 60 * 24) });
  await tx.insert(roomNoteRevisions).values([
    { workspaceId, noteId, version: 1, title: 'Checkliste Wartung', body: v1, authorId: thomas, createdAt: at(now, 60 * 24 * 10) },
    { workspaceId, noteId, version: 2, title: 'Checkliste Wartung', body: v2, authorId: anja, createdAt: at(now, 60 * 24) },
  ]);

  const sales = await room('Vertrieb intern', 'Angebote und Konditionen – nur für das Vertriebsteam', 'private', mehmet, [leonie], 60 * 24 * 8);
  await post(sales, mehmet, 'Rahmenvertrag mit der Wohnbau Süd: 8 % Nachlass ab 20 Anlagen freigegeben. #angebot', 60 * 30);
}
