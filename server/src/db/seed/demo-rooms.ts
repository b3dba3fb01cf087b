import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { documents, documentVersions, roomMembers, roomNoteRevisions, roomNotes, roomPosts, rooms, teams, users } from '../schema.ts';
import { extractHashtags } from '../../lib/hashtags.ts';
import { newId } from '../../lib/ids.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import type { FileStore } from '../../lib/storage.ts';
import { STAFF_DOMAIN } from './demo-vocabulary.ts';

// Team rooms in the demo workspace (issue 5): the public room of the service team with a thread and a shared
// checklist in two versions, a private room of sales (sign in as a non-member to see that it does not show), and an
// English room of the international customer care (Emily Carter's; posts, a thread, a shared datasheet, a reply guide
// in two versions), so someone who reads English finds a room that speaks their language.

const at = (now: Date, minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);

/** The rooms of the demo by name: a room already there is left as it is (seeding again adds nothing). */
export const DEMO_ROOMS = { service: 'Service & Technik', sales: 'Vertrieb intern', international: 'International Customer Care' } as const;

/**
 * Seeds the demo's rooms with members, posts with replies, notes with history and a shared document (after users and
 * teams); the document's file goes to `files` (none: the room has no document).
 */
export async function seedDemoRooms(tx: Executor, workspaceId: string, now: Date, files?: FileStore): Promise<void> {
  const staff = await tx.select({ id: users.id, email: users.email }).from(users).where(and(eq(users.workspaceId, workspaceId),
    inArray(users.email, ['leonie.schuster', 'mehmet.yilmaz', 'anja.lorenz', 'thomas.brandl', 'emily.carter', 'jonas.becker'].map((n) => `${n}@${STAFF_DOMAIN}`))));
  const user = (n: string) => staff.find((u) => u.email.startsWith(`${n}@`))?.id;
  const [leonie, mehmet, anja, thomas] = [user('leonie.schuster'), user('mehmet.yilmaz'), user('anja.lorenz'), user('thomas.brandl')];
  if (!leonie || !mehmet || !anja || !thomas) return;
  const [service] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.name, 'Service')));
  const existing = new Set((await tx.select({ name: rooms.name }).from(rooms).where(and(eq(rooms.workspaceId, workspaceId), inArray(rooms.name, Object.values(DEMO_ROOMS))))).map((r) => r.name));

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

  const note = async (roomId: string, title: string, versions: { body: string; authorId: string; minutesAgo: number }[]) => {
    const id = newId();
    const last = versions[versions.length - 1]!;
    await tx.insert(roomNotes).values({ workspaceId, id, roomId, title, body: last.body, version: versions.length, updatedBy: last.authorId, createdAt: at(now, versions[0]!.minutesAgo), updatedAt: at(now, last.minutesAgo) });
    await tx.insert(roomNoteRevisions).values(versions.map((v, i) => ({ workspaceId, noteId: id, version: i + 1, title, body: v.body, authorId: v.authorId, createdAt: at(now, v.minutesAgo) })));
  };

  const document = async (roomId: string, authorId: string, file: { name: string; contentType: string; content: string; note: string }, minutesAgo: number) => {
    if (!files) return;
    const id = newId();
    const key = `rooms/${roomId}/${id}/v1`;
    const data = Buffer.from(file.content, 'utf8');
    // Written before the rows: a rolled-back seed leaves an unreferenced file at worst, never a row without its file.
    await files.put(`${workspaceId}/${key}`, data, { contentType: file.contentType });
    await tx.insert(documents).values({ workspaceId, id, roomId, name: file.name, currentVersion: 1, createdBy: authorId, createdAt: at(now, minutesAgo), updatedAt: at(now, minutesAgo) });
    await tx.insert(documentVersions).values({ workspaceId, documentId: id, version: 1, storageKey: key, size: data.length, contentType: file.contentType, uploadedBy: authorId, note: file.note, createdAt: at(now, minutesAgo) });
  };

  if (!existing.has(DEMO_ROOMS.service)) {
    const serviceRoom = await room(DEMO_ROOMS.service, 'Absprachen zu Einsätzen, Ersatzteilen und Fehlercodes', 'public', thomas, [leonie, mehmet, anja], 60 * 24 * 20, service?.id ?? null);
    const p1 = await post(serviceRoom, thomas, 'Achtung: Bei der **WP-300** tritt Fehlercode **E42** gehäuft auf. Bitte Kunden an mich verweisen. #wärmepumpe #e42', 60 * 24 * 2);
    await post(serviceRoom, anja, 'Danke! Der Hersteller hat ein Firmware-Update angekündigt, ich halte euch auf dem Laufenden.', 60 * 24 * 2 - 45, p1);
    await post(serviceRoom, leonie, 'Heute drei Anfragen dazu im Posteingang – ich verlinke die Gespräche in der Notiz.', 60 * 5, p1);
    await post(serviceRoom, mehmet, 'Ersatzteillieferung für **Umwälzpumpen** verzögert sich bis KW 51. #lieferung', 60 * 26);
    await note(serviceRoom, 'Checkliste Wartung', [
      { body: '# Checkliste Wartung\n\n- Druck prüfen\n- Filter reinigen', authorId: thomas, minutesAgo: 60 * 24 * 10 },
      { body: '# Checkliste Wartung\n\n- Druck prüfen (1,5–2 bar)\n- Filter reinigen\n- Firmware-Stand notieren (E42!)', authorId: anja, minutesAgo: 60 * 24 },
    ]);
  }

  if (!existing.has(DEMO_ROOMS.sales)) {
    const sales = await room(DEMO_ROOMS.sales, 'Angebote und Konditionen – nur für das Vertriebsteam', 'private', mehmet, [leonie], 60 * 24 * 8);
    await post(sales, mehmet, 'Rahmenvertrag mit der Wohnbau Süd: 8 % Nachlass ab 20 Anlagen freigegeben. #angebot', 60 * 30);
  }

  // The English room: UK and Irish customers write in English since the UK launch; marketing, service and product
  // management agree on the answers here.
  const [emily, jonas] = [user('emily.carter'), user('jonas.becker')];
  if (!existing.has(DEMO_ROOMS.international) && emily && jonas) {
    const r = await room(DEMO_ROOMS.international, 'English-language enquiries from the UK and Ireland: answers, escalations and the reply guide', 'public', emily, [jonas, leonie, anja, thomas], 60 * 24 * 14, service?.id ?? null);
    const launch = await post(r, emily, 'Heads-up: the **WP-300** heat pump campaign goes live in the UK on Monday. Expect more English questions on Facebook and Instagram, mostly about installation lead times and the Boiler Upgrade Scheme grant. #uklaunch #wp300', 60 * 24 * 3);
    await post(r, leonie, 'Thanks, Emily! We only have the grant answer in German so far. Could someone check my English draft in the reply guide before we use it?', 60 * 24 * 3 - 50, launch);
    await post(r, jonas, 'Done, I tightened the wording and added the link to the installer finder. Please always say "up to £7,500" — the grant depends on the installer, not on us.', 60 * 24 * 2, launch);
    await post(r, emily, 'Perfect. I will pin the final version for the weekend shift.', 60 * 24 * 2 - 20, launch);
    await post(r, anja, 'The English datasheet of the WP-300 is under Documents. Noise level: 35 dB(A) at 3 m, the figure UK planning offices ask for. #wp300', 60 * 24 * 2 - 90);
    const e42 = await post(r, leonie, 'A customer in Leeds reports error **E42** after a power cut. Same firmware issue as in the German room? #e42', 60 * 7);
    await post(r, thomas, 'Yes, same cause. Ask them to switch the unit off for 30 seconds; the firmware update comes next week. I will call them if it happens again.', 60 * 6, e42);
    await note(r, 'English reply guide', [
      { body: '# English reply guide\n\n- Thank the customer by name\n- Grant: we do not decide it, the installer applies', authorId: leonie, minutesAgo: 60 * 24 * 3 - 40 },
      { body: '# English reply guide\n\n- Thank the customer by name and answer within one working day\n- Grant (Boiler Upgrade Scheme): up to £7,500, the installer applies on the customer\'s behalf\n- Error E42: switch off for 30 seconds; if it returns, escalate to Thomas in this room\n- Never promise installation dates: link the installer finder instead', authorId: jonas, minutesAgo: 60 * 24 * 2 },
    ]);
    await document(r, anja, { name: 'WP-300 datasheet (EN).md', contentType: 'text/markdown', content: DATASHEET, note: 'English datasheet for the UK launch' }, 60 * 24 * 2 - 95);
  }
}

const DATASHEET = `# WP-300 air-source heat pump — datasheet (UK)

| | |
| --- | --- |
| Heating output (A7/W35) | 3–9 kW |
| Seasonal efficiency (SCOP, 35 °C) | 4.6 |
| Sound power / pressure at 3 m | 52 dB(A) / 35 dB(A) |
| Refrigerant | R290 (propane), 0.9 kg |
| Flow temperature | up to 70 °C |
| Power supply | 230 V, 1 phase |
| Dimensions (H × W × D) | 1,020 × 1,160 × 480 mm |
| Warranty | 7 years with annual service |

## Installation notes
- MCS-certified installer required for the Boiler Upgrade Scheme.
- Keep 300 mm free behind and 1 m in front of the unit.
- Firmware 2.4 or later fixes error E42 after a power cut.
`;
