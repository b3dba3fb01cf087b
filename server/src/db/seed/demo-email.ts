import { readMail, mailDeliveryKey } from '../../connectors/email/parse.ts';
import type { Deps } from '../../deps.ts';
import * as inboxRepo from '../../domains/inbox/repo.ts';
import { INGEST_QUEUE } from '../../domains/inbox/webhook-service.ts';
import { newId } from '../../lib/ids.ts';
import type { Executor } from '../client.ts';
import { channels } from '../schema.ts';

// The demo's e-mail: Wärmewerk's sales address as an e-mail channel, with a few German customer mails as they arrive
// (raw RFC 5322, one an Outlook answer quoting the first), stored as inbound deliveries and processed by the real
// ingestion job once the demo is committed. Senders are people of the demo, so their addresses match (identity
// resolution by e-mail). The sandbox's own e-mail channel (service@…) plays live traffic beside it.

export const DEMO_SALES_ADDRESS = 'vertrieb@waermewerk.example';

interface DemoPerson { firstName: string | null; lastName: string | null; email: string | null }

function mail(opts: { id: string; from: string; name: string; subject: string; date: Date; text: string; inReplyTo?: string; references?: string[]; language?: string }): Buffer {
  const encode = (s: string) => `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
  const headers = [
    `Message-ID: ${opts.id}`,
    `Date: ${opts.date.toUTCString().replace('GMT', '+0000')}`,
    `From: ${encode(opts.name)} <${opts.from}>`,
    `To: ${encode('Wärmewerk Vertrieb')} <${DEMO_SALES_ADDRESS}>`,
    `Subject: ${encode(opts.subject)}`,
    ...(opts.inReplyTo ? [`In-Reply-To: ${opts.inReplyTo}`, `References: ${(opts.references ?? [opts.inReplyTo]).join(' ')}`] : []),
    `Content-Language: ${opts.language ?? 'de-DE'}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
  ];
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${Buffer.from(opts.text, 'utf8').toString('base64').replace(/(.{76})/g, '$1\r\n')}\r\n`);
}

/** Seeds the demo's sales e-mail channel and its first mails (processed by the ingestion job after the commit). */
export async function seedDemoEmail(deps: Deps, tx: Executor, workspaceId: string, people: DemoPerson[], now: Date): Promise<void> {
  const channelId = newId();
  await tx.insert(channels).values({ workspaceId, id: channelId, network: 'email', externalId: DEMO_SALES_ADDRESS, name: 'Wärmewerk Vertrieb (E-Mail)', settings: { fromName: 'Wärmewerk Vertrieb' } });
  const senders = people.filter((p) => p.firstName && p.lastName && p.email).slice(0, 3);
  if (senders.length < 3) return;
  const [a, b, c] = senders as Required<{ [K in keyof DemoPerson]: string }>[];
  const ago = (hours: number) => new Date(now.getTime() - hours * 3600_000);
  const first = '<c5a1e0f2.demo-angebot@web-beispiel.example>';
  const raws = [
    mail({
      id: first, from: a!.email, name: `${a!.firstName} ${a!.lastName}`, subject: 'Angebot Wärmepumpe für Einfamilienhaus', date: ago(30),
      text: `Sehr geehrte Damen und Herren,\n\nwir planen, unsere alte Ölheizung (Baujahr 1994) durch eine Wärmepumpe zu ersetzen. Das Haus hat 140 m² Wohnfläche, Heizkörper im Erdgeschoss und Fußbodenheizung im Anbau.\n\nKönnen Sie uns ein Angebot inklusive Montage machen? Gibt es dafür aktuell noch Förderung?\n\nMit freundlichen Grüßen\n${a!.firstName} ${a!.lastName}\n\n-- \n${a!.firstName} ${a!.lastName}\nTel. 0761 4471203`,
    }),
    mail({
      id: '<AM9PR07MB7712.demo-aw@eurprd07.prod.outlook.example>', from: a!.email, name: `${a!.firstName} ${a!.lastName}`, subject: 'AW: Angebot Wärmepumpe für Einfamilienhaus', date: ago(26),
      inReplyTo: first, references: [first],
      text: `Nachtrag: Ein Vor-Ort-Termin wäre uns am Donnerstag oder Freitag ab 15 Uhr am liebsten.\n\n${a!.firstName} ${a!.lastName}\n\n________________________________\nVon: ${a!.firstName} ${a!.lastName} <${a!.email}>\nGesendet: gestern\nAn: Wärmewerk Vertrieb <${DEMO_SALES_ADDRESS}>\nBetreff: Angebot Wärmepumpe für Einfamilienhaus\n\nSehr geehrte Damen und Herren,\n\nwir planen, unsere alte Ölheizung …`,
    }),
    mail({
      id: '<20261202081544.demo-wartung@gmx-beispiel.example>', from: b!.email, name: `${b!.firstName} ${b!.lastName}`, subject: 'Preis Wartungsvertrag für 3 Mehrfamilienhäuser', date: ago(20),
      text: `Guten Tag,\n\nals Hausverwaltung betreuen wir drei Mehrfamilienhäuser mit je einem Gas-Brennwertkessel von Ihnen. Was kostet ein Wartungsvertrag für alle drei Anlagen zusammen? Gibt es einen Rabatt ab drei Verträgen?\n\nFreundliche Grüße\n${b!.firstName} ${b!.lastName}`,
    }),
    mail({
      id: '<demo-rechnung-8812@posteo-beispiel.example>', from: c!.email, name: `${c!.firstName} ${c!.lastName}`, subject: 'Frage zur Rechnung 2026-1187', date: ago(4),
      text: `Hallo,\n\nauf der Rechnung 2026-1187 ist die Anfahrt zweimal berechnet worden. Können Sie das bitte prüfen und mir eine korrigierte Rechnung schicken?\n\nDanke und viele Grüße\n${c!.firstName} ${c!.lastName}`,
    }),
  ];
  let wake = false;
  for (const [i, raw] of raws.entries()) {
    const m = await readMail(raw);
    const id = newId();
    const stored = await inboxRepo.insertDelivery(tx, {
      workspaceId, id, channelId, deliveryKey: mailDeliveryKey(m.messageId, m.raw.sha256), body: JSON.stringify(m), bodyEncoding: 'utf8',
      headers: { 'content-type': 'application/json', 'x-parley-source': 'smtp' }, status: 'received', error: null, receivedAt: ago(30 - i * 8),
    });
    if (stored) wake = true;
  }
  // Stored due at once (the column's default); one job wakes the ingestion workers when the seed commits.
  if (wake) await deps.queue.send(INGEST_QUEUE, { workspaceId }, { tx, singletonKey: workspaceId });
}
