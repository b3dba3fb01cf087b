import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { comments, hashtagUses, teamMembers, teams, users } from '../schema.ts';
import { extractHashtags } from '../../lib/hashtags.ts';
import { newId } from '../../lib/ids.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { STAFF_DOMAIN } from './demo-vocabulary.ts';

// Comments in the demo workspace (issue 5, part A): colleagues discussing customers and companies over the last ten
// weeks with @mentions and #hashtags, so that /hashtags/wärmepumpe shows a real curve, teams and co-occurring tags.

const DAY = 86400_000;

/** Seeds comments with mentions and hashtags on the first people and companies (after users, teams and records). */
export async function seedDemoComments(tx: Executor, workspaceId: string, contactIds: string[], companyIds: string[], now: Date): Promise<void> {
  const staff = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.workspaceId, workspaceId),
    inArray(users.email, ['leonie.schuster', 'mehmet.yilmaz', 'anja.lorenz', 'thomas.brandl'].map((n) => `${n}@${STAFF_DOMAIN}`))));
  if (staff.length < 4 || contactIds.length < 6 || companyIds.length < 2) return;
  const [leonie, mehmet, anja, thomas] = ['leonie.schuster', 'mehmet.yilmaz', 'anja.lorenz', 'thomas.brandl'].map((n) => staff.find((u) => u.email.startsWith(`${n}@`))!);
  const [service] = await tx.select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.name, 'Service')));
  const m = (u: { id: string; name: string }) => `@[${u.name}](user:${u.id})`;
  const serviceMention = service ? `@[${service.name}](team:${service.id})` : '';
  const list: { author: { id: string }; type: 'contact' | 'company'; id: string; daysAgo: number; body: string }[] = [
    { author: leonie!, type: 'contact', id: contactIds[0]!, daysAgo: 62, body: `Kundin fragt nach einer **#Wärmepumpe** für das Einfamilienhaus (Baujahr 1978). ${m(mehmet!)} kannst du ein Angebot vorbereiten? #Förderung prüfen.` },
    { author: mehmet!, type: 'contact', id: contactIds[0]!, daysAgo: 60, body: `Angebot ist raus, inkl. BEG-Zuschuss. Vor-Ort-Termin am Dienstag.\n\n- Heizlastberechnung\n- Aufstellort klären\n\n#Wärmepumpe #Förderung` },
    { author: anja!, type: 'contact', id: contactIds[1]!, daysAgo: 45, body: `Beschwerde: Gastherme fällt immer wieder aus. ${serviceMention} bitte Techniker schicken. #Störung` },
    { author: thomas!, type: 'contact', id: contactIds[2]!, daysAgo: 33, body: `Interessiert sich für eine #Wärmepumpe, wartet aber auf den Bescheid der Förderbank. #Förderung` },
    { author: leonie!, type: 'contact', id: contactIds[3]!, daysAgo: 20, body: `Ersatzteil (Umwälzpumpe) ist im #Lieferverzug, voraussichtlich KW ${isoWeekNumber(new Date(now.getTime() + 7 * DAY))}. Kunde informiert.` },
    { author: mehmet!, type: 'contact', id: contactIds[4]!, daysAgo: 12, body: `Jährliche #Wartung erledigt, Abgaswerte in Ordnung. Nächster Termin in 12 Monaten.` },
    { author: anja!, type: 'contact', id: contactIds[5]!, daysAgo: 6, body: `${m(leonie!)} die Kundin möchte die #Wärmepumpe doch jetzt bestellen – Lieferzeit? #Lieferverzug` },
    { author: thomas!, type: 'company', id: companyIds[0]!, daysAgo: 25, body: `Rahmenvertrag für 14 Liegenschaften: #Wartung zweimal jährlich, Notdienst inklusive. Unterlagen: https://example.com/rahmenvertrag` },
    { author: leonie!, type: 'company', id: companyIds[1]!, daysAgo: 3, body: `Wohnungsbaugesellschaft plant Umstellung auf #Wärmepumpe in drei Objekten. ${m(thomas!)} Termin für Begehung? #Förderung` },
    { author: mehmet!, type: 'contact', id: contactIds[2]!, daysAgo: 1, body: `Förderbescheid ist da 🎉 Auftrag für die #Wärmepumpe kommt diese Woche.` },
  ];
  const firstTeam = new Map<string, string>();
  for (const u of staff) {
    const [row] = await tx.select({ teamId: teamMembers.teamId }).from(teamMembers).where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.userId, u.id))).orderBy(asc(teamMembers.teamId)).limit(1);
    if (row) firstTeam.set(u.id, row.teamId);
  }
  for (const c of list) {
    const id = newId();
    const createdAt = new Date(now.getTime() - c.daysAgo * DAY);
    const tags = extractHashtags(c.body);
    const mentionUserIds = [...c.body.matchAll(/\(user:([0-9a-f-]{36})\)/g)].map((x) => x[1]!);
    const mentionTeamIds = [...c.body.matchAll(/\(team:([0-9a-f-]{36})\)/g)].map((x) => x[1]!);
    await tx.insert(comments).values({ workspaceId, id, recordType: c.type, recordId: c.id, authorId: c.author.id, body: c.body, bodyHtml: renderMarkdown(c.body), mentionUserIds, mentionTeamIds, hashtags: tags, createdAt });
    if (tags.length) {
      await tx.insert(hashtagUses).values(tags.map((tag) => {
        const i = c.body.normalize('NFC').toLowerCase().indexOf(`#${tag}`);
        return { workspaceId, id: newId(), tag, displayTag: c.body.normalize('NFC').slice(i + 1, i + 1 + tag.length), sourceKind: 'comment', sourceId: id, recordType: c.type, recordId: c.id, teamId: firstTeam.get(c.author.id) ?? null, createdAt };
      }));
    }
  }
}

function isoWeekNumber(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
  return Math.ceil(((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / DAY + 1) / 7);
}
