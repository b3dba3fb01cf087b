import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import {
  channels, consults, contacts, conversationNotes, conversations, conversationTasks, messages, socialIdentities, tasks, teams, users,
} from '../schema.ts';
import { newId } from '../../lib/ids.ts';
import { STAFF_DOMAIN } from './demo-vocabulary.ts';

// Experts in the demo workspace (issue 3): two chats from Wärmewerk's website, on which agents asked the second row.
// Leonie (agent) asked Anja Lorenz (Produktmanagement Wärmepumpen) whether an error code is a warranty case: Anja
// answered with a suggested reply that waits for Leonie. Mehmet asked Thomas Brandl (Servicetechniker) about a
// heating failure: the consult is open and past its OLA, and Thomas already created the task to book a technician,
// with the customer's address, visible on her contact. Sign in as anja.lorenz@… or thomas.brandl@… to see an expert's
// inbox: only these conversations.

const at = (now: Date, minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);

/** Seeds a website-chat channel with two consulted conversations, notes, a suggestion and a task (after users, teams, contacts). */
export async function seedDemoExperts(tx: Executor, workspaceId: string, now: Date): Promise<void> {
  const staff = await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(and(eq(users.workspaceId, workspaceId),
    inArray(users.email, ['leonie.schuster', 'mehmet.yilmaz', 'anja.lorenz', 'thomas.brandl'].map((n) => `${n}@${STAFF_DOMAIN}`))));
  const user = (n: string) => staff.find((u) => u.email.startsWith(`${n}@`));
  const leonie = user('leonie.schuster');
  const mehmet = user('mehmet.yilmaz');
  const anja = user('anja.lorenz');
  const thomas = user('thomas.brandl');
  if (!leonie || !mehmet || !anja || !thomas) return;
  const [service] = await tx.select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.name, 'Service')));
  const people = await tx.select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, addresses: contacts.addresses }).from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), sql`jsonb_array_length(${contacts.addresses}) > 0`, sql`${contacts.mergedInto} IS NULL`, sql`${contacts.firstName} IS NOT NULL`))
    .orderBy(contacts.createdAt).limit(2);
  if (people.length < 2) return;

  const channelId = newId();
  await tx.insert(channels).values({ workspaceId, id: channelId, network: 'api', externalId: 'website-chat', name: 'Website-Chat', createdAt: at(now, 60 * 24 * 30) });

  const chat = async (person: (typeof people)[number], lines: { minutesAgo: number; text: string; inbound: boolean; by?: string }[], status: string) => {
    const identityId = newId();
    const name = `${person.firstName} ${person.lastName ?? ''}`.trim();
    await tx.insert(socialIdentities).values({ workspaceId, id: identityId, network: 'api', externalId: `chat-${identityId.slice(-12)}`, displayName: name, contactId: person.id,
      firstSeenAt: at(now, lines[0]!.minutesAgo), lastSeenAt: at(now, lines.at(-1)!.minutesAgo) });
    const id = newId();
    const last = lines.at(-1)!;
    await tx.insert(conversations).values({
      workspaceId, id, channelId, kind: 'private', threadKey: `chat-${id.slice(-12)}`, identityId, contactId: person.id, status, priority: 'high',
      preview: last.text.slice(0, 280), language: 'de', sentiment: 'negative', intent: 'service_request', messageCount: lines.length,
      lastMessageAt: at(now, last.minutesAgo), lastInboundAt: at(now, lines.filter((l) => l.inbound).at(-1)!.minutesAgo), createdAt: at(now, lines[0]!.minutesAgo),
    });
    await tx.insert(messages).values(lines.map((l, i) => ({
      workspaceId, id: newId(), conversationId: id, channelId, externalId: l.inbound ? `chat-msg-${id.slice(-12)}-${i}` : `chat-reply-${id.slice(-12)}-${i}`,
      direction: l.inbound ? 'inbound' : 'outbound', objectType: 'message', identityId: l.inbound ? identityId : null, authorUserId: l.by ?? null,
      text: l.text, language: 'de', sendStatus: l.inbound ? null : 'sent', occurredAt: at(now, l.minutesAgo),
    })));
    return { id, contactId: person.id, name, address: person.addresses[0]! };
  };

  // 1. A heat pump error: asked, answered with a suggested reply that waits for the agent.
  const pump = await chat(people[0]!, [
    { minutesAgo: 240, inbound: true, text: 'Guten Tag, unsere Wärmepumpe WP-12 zeigt seit heute früh den Fehler E-104 und heizt nicht mehr richtig. Gekauft im März 2024. Ist das ein Garantiefall?' },
    { minutesAgo: 225, inbound: false, by: leonie.id, text: 'Guten Tag, danke für Ihre Nachricht! Ich kläre das mit unserem Produktmanagement und melde mich gleich wieder.' },
  ], 'open');
  const pumpConsult = newId();
  await tx.insert(consults).values({
    workspaceId, id: pumpConsult, conversationId: pump.id, askedBy: leonie.id, expertUserId: anja.id, question: 'E-104 an einer WP-12 von 03/2024: Garantiefall? Was soll die Kundin vorab prüfen?',
    status: 'answered', olaMinutes: 120, olaDueAt: at(now, 220 - 120), answeredAt: at(now, 190), answeredBy: anja.id, createdAt: at(now, 220), updatedAt: at(now, 190),
  });
  await tx.insert(conversationNotes).values([
    { workspaceId, id: newId(), conversationId: pump.id, authorId: leonie.id, kind: 'note', text: `@[${anja.name}](user:${anja.id}) die Kundin hat einen Wartungsvertrag, siehe Kontakt.`,
      mentions: [{ type: 'user', id: anja.id }], createdAt: at(now, 219), updatedAt: at(now, 219) },
    { workspaceId, id: newId(), conversationId: pump.id, consultId: pumpConsult, authorId: anja.id, kind: 'note',
      text: 'E-104 ist der Drucksensor im Kältekreis, bekannter Serienfehler der Charge 2024/01. Garantiefall, Tausch vor Ort.', createdAt: at(now, 191), updatedAt: at(now, 191) },
    { workspaceId, id: newId(), conversationId: pump.id, consultId: pumpConsult, authorId: anja.id, kind: 'suggestion', suggestionStatus: 'pending', createdAt: at(now, 190), updatedAt: at(now, 190),
      text: `Guten Tag ${people[0]!.firstName ?? ''}, der Fehler E-104 ist bei Ihrer Wärmepumpe ein Garantiefall – die Reparatur ist für Sie kostenlos. Ein Servicetechniker tauscht den Drucksensor vor Ort. Bitte schicken Sie uns die Seriennummer vom Typenschild, dann vereinbaren wir einen Termin.`.replace('Tag ,', 'Tag,') },
  ]);

  // 2. A heating failure: the consult to the service technician is open and past its OLA; he created the task already.
  const heating = await chat(people[1]!, [
    { minutesAgo: 200, inbound: true, text: 'Unsere Gastherme geht ständig auf Störung F28, seit zwei Tagen kein Warmwasser. Wir haben zwei kleine Kinder, bitte dringend!' },
    { minutesAgo: 185, inbound: false, by: mehmet.id, text: 'Das tut uns sehr leid! Wir kümmern uns sofort und melden uns in Kürze mit einem Termin.' },
    { minutesAgo: 170, inbound: true, text: 'Danke. Wir sind ab 14 Uhr zu Hause.' },
  ], 'waiting_expert');
  const heatingConsult = newId();
  await tx.insert(consults).values({
    workspaceId, id: heatingConsult, conversationId: heating.id, askedBy: mehmet.id, expertUserId: thomas.id, question: 'F28 (keine Flammenbildung) seit zwei Tagen, Familie mit Kleinkindern. Notdienst heute noch möglich?',
    status: 'open', olaMinutes: 60, olaDueAt: at(now, 180 - 60), overdue: true, createdAt: at(now, 180), updatedAt: at(now, 60),
  });
  if (service) {
    await tx.insert(consults).values({
      workspaceId, id: newId(), conversationId: heating.id, askedBy: mehmet.id, expertTeamId: service.id, question: 'Falls Thomas nicht kann: wer aus dem Service-Team hat heute Notdienst?',
      status: 'open', olaMinutes: 240, olaDueAt: at(now, 175 - 240), createdAt: at(now, 175), updatedAt: at(now, 175),
    });
  }
  await tx.insert(conversationNotes).values({ workspaceId, id: newId(), conversationId: heating.id, authorId: thomas.id, kind: 'note', createdAt: at(now, 30), updatedAt: at(now, 30),
    text: `Ich schaue, ob ich es heute schaffe; Termin ist als Aufgabe angelegt. @[${mehmet.name}](user:${mehmet.id}) bitte der Familie Bescheid geben.`, mentions: [{ type: 'user', id: mehmet.id }] });
  const a = heating.address;
  const taskId = newId();
  await tx.insert(tasks).values({
    workspaceId, id: taskId, title: 'Servicetechniker buchen: Notdienst Gastherme F28', dueAt: new Date(now.getTime() + 4 * 3_600_000), assigneeId: thomas.id, status: 'open',
    description: [heating.name, a.street, [a.postalCode, a.city].filter(Boolean).join(' '), 'Familie ab 14 Uhr zu Hause'].filter(Boolean).join('\n'),
    recordType: 'contact', recordId: heating.contactId, createdBy: thomas.id, createdAt: at(now, 31), updatedAt: at(now, 31),
  });
  await tx.insert(conversationTasks).values({ workspaceId, conversationId: heating.id, taskId, createdAt: at(now, 31) });
}
