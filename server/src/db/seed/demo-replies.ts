import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { approvalAgents, approvalRules, cannedReplies, contacts, csatSurveys, replySettings, users } from '../schema.ts';
import { newId } from '../../lib/ids.ts';
import { STAFF_DOMAIN } from './demo-vocabulary.ts';

// Replies in the demo workspace (issue 3): Wärmewerk's canned replies in German and English, the approval rule the
// social media manager set (negative public threads are read twice), a new colleague whose replies need approval, and
// CSAT switched on with the answers of the last weeks (surveys of earlier conversations, which the demo does not
// include: the report has something to show from the first start).

const CANNED: { name: string; shortcut: string; de: string; en?: string }[] = [
  {
    name: 'Versandstatus', shortcut: 'versand',
    de: 'Hallo {{contact.first_name|zusammen}}, danke für Ihre Geduld! Ihr Ersatzteil ist unterwegs und kommt in 2–3 Werktagen bei Ihnen an. Die Sendungsnummer schicken wir Ihnen per Direktnachricht. Viele Grüße, {{agent.first_name}} von {{company.name}}',
    en: 'Hi {{contact.first_name|there}}, thanks for your patience! Your spare part is on its way and should arrive within 2–3 working days. We will send you the tracking number by direct message. Best, {{agent.first_name}} from {{company.name}}',
  },
  {
    name: 'Termin Servicetechniker', shortcut: 'techniker',
    de: 'Hallo {{contact.first_name|zusammen}}, gern schicken wir Ihnen einen Servicetechniker. Nennen Sie uns bitte per Direktnachricht Ihre Adresse, eine Telefonnummer und zwei Wunschtermine – wir bestätigen innerhalb eines Werktags. Ihr Vorgang: {{conversation.id}}',
    en: 'Hi {{contact.first_name|there}}, we will gladly send a service technician. Please send us your address, a phone number and two preferred dates by direct message – we confirm within one working day. Your reference: {{conversation.id}}',
  },
  {
    name: 'Danke für das Lob', shortcut: 'danke',
    de: 'Vielen Dank für das Lob, {{contact.first_name|liebe Kundin, lieber Kunde}}! Das freut das ganze Team von {{company.name}}. Wir geben es gern an die Kolleginnen und Kollegen vor Ort weiter.',
    en: 'Thank you so much for the kind words, {{contact.first_name|dear customer}}! The whole {{company.name}} team is delighted – we will pass it on to our colleagues on site.',
  },
  {
    name: 'Störung: Erste Hilfe', shortcut: 'stoerung',
    de: 'Hallo {{contact.first_name|zusammen}}, das tut uns leid! Bitte prüfen Sie kurz: Ist der Heizungsnotschalter an und zeigt das Display einen Fehlercode? Schicken Sie uns den Code gern per Direktnachricht, dann helfen wir sofort weiter.',
    en: 'Hi {{contact.first_name|there}}, we are sorry to hear that! Please check: is the heating emergency switch on, and does the display show an error code? Send us the code by direct message and we will help right away.',
  },
  {
    name: 'Bitte per Direktnachricht', shortcut: 'dm',
    de: 'Hallo {{contact.first_name|zusammen}}, damit Ihre Daten nicht öffentlich sichtbar sind, schreiben Sie uns bitte eine Direktnachricht mit Ihrer Kundennummer. Danke!',
  },
];

// Answers per week, newest last: [score 1, 2, 3, 4, 5].
const WEEKS: number[][] = [[0, 1, 1, 3, 4], [1, 0, 2, 4, 5], [0, 0, 1, 5, 6], [0, 1, 0, 4, 7], [1, 0, 1, 3, 8], [0, 0, 2, 5, 6], [0, 0, 1, 4, 9], [0, 1, 1, 3, 7]];
const COMMENTS: Record<number, string[]> = {
  1: ['Drei Tage ohne Heizung, und niemand hat zurückgerufen.'],
  2: ['Die Antwort kam spät.'],
  3: ['Hat geklappt, aber ich musste zweimal nachfragen.'],
  4: ['Freundlich und schnell.', 'Gute Hilfe per Messenger.'],
  5: ['Super Service, der Techniker war am nächsten Tag da!', 'Sehr freundlich, danke!', 'Schnelle und kompetente Antwort.'],
};

/** Seeds canned replies, the approval rule and flagged agent, and CSAT settings with answers (after users and contacts). */
export async function seedDemoReplies(tx: Executor, workspaceId: string, now: Date): Promise<void> {
  const staff = await tx.select({ id: users.id, email: users.email }).from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.email, [`mehmet.yilmaz@${STAFF_DOMAIN}`, `jonas.becker@${STAFF_DOMAIN}`])));
  const byName = (n: string) => staff.find((u) => u.email.startsWith(`${n}@`))?.id ?? null;
  await tx.insert(cannedReplies).values(CANNED.map((c, i) => ({
    workspaceId, id: newId(), name: c.name, shortcut: c.shortcut, texts: c.en ? { de: c.de, en: c.en } : { de: c.de },
    usageCount: [42, 17, 23, 31, 9][i] ?? 0, createdBy: byName('jonas.becker'),
  })));
  await tx.insert(approvalRules).values([
    { workspaceId, id: newId(), name: 'Negative öffentliche Threads', conditions: { negativeSentiment: true, publicThread: true }, enabled: true },
    { workspaceId, id: newId(), name: 'Rechtliche Themen', conditions: { keywords: ['Anwalt', 'Klage', 'Schadensersatz'] }, enabled: true },
  ]);
  // Mehmet joined the social media team recently: his replies are read by Jonas before they go out.
  const mehmet = byName('mehmet.yilmaz');
  if (mehmet) await tx.insert(approvalAgents).values({ workspaceId, userId: mehmet });
  await tx.insert(replySettings).values({ workspaceId, csatEnabled: true, csatLinkDays: 14 });

  const people = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.workspaceId, workspaceId)).limit(200);
  const rows: (typeof csatSurveys.$inferInsert)[] = [];
  let n = 0;
  WEEKS.forEach((dist, w) => {
    const weekStart = now.getTime() - (WEEKS.length - w) * 7 * 86_400_000;
    dist.forEach((count, s) => {
      for (let k = 0; k < count; k++) {
        const sentAt = new Date(weekStart + ((n * 37) % 7) * 86_400_000 + ((n * 13) % 10) * 3_600_000);
        const comments = COMMENTS[s + 1]!;
        rows.push({
          workspaceId, id: newId(), conversationId: newId(), resolutionEventId: newId(), contactId: people[n % Math.max(people.length, 1)]?.id ?? null,
          language: n % 6 === 0 ? 'en' : 'de', score: s + 1, comment: n % 3 === 0 ? comments[n % comments.length]! : null,
          sentAt, answeredAt: new Date(sentAt.getTime() + 2 * 3_600_000),
        });
        n++;
      }
    });
  });
  // And some that were sent but never answered (the response rate).
  for (let k = 0; k < 14; k++) {
    rows.push({ workspaceId, id: newId(), conversationId: newId(), resolutionEventId: newId(), contactId: null, language: 'de', sentAt: new Date(now.getTime() - (k * 4 + 1) * 86_400_000) });
  }
  await tx.insert(csatSurveys).values(rows);
}
