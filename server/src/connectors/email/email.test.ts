import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InboundEvent } from '@parley/contracts/channels';
import { MalformedDelivery } from '../shared/delivery.ts';
import { readFixture } from '../shared/fixtures.ts';
import { emailConnector } from './connector.ts';
import { readMail, type MailDelivery } from './parse.ts';
import { automatedKind, newlyWritten, normalizeSubject, replySubject } from './text.ts';

const dir = path.join(import.meta.dirname, 'fixtures');
const channel = 'service@waermewerk.example';
const receivedAt = new Date('2026-12-04T12:00:00Z');

async function mapped(file: string, patch: Partial<MailDelivery> = {}) {
  const mail = { ...(await readMail(readFixture(dir, file))), ...patch };
  const parsed = emailConnector.parseDelivery(Buffer.from(JSON.stringify(mail)), {}, { channelExternalId: channel, receivedAt });
  for (const e of parsed.events) expect(InboundEvent.safeParse(e).success).toBe(true);
  expect(parsed.events).toHaveLength(1);
  return { mail, key: parsed.deliveryKey, event: parsed.events[0]! };
}

describe('real mails', () => {
  test('Thunderbird multipart/alternative with quoted-printable umlauts: the new text without the signature, a new thread', async () => {
    const { event, key, mail } = await mapped('multipart-alternative-qp-de.eml');
    const id = '<b7e1c2f4-2d1a-4c1e-9f0a-1a2b3c4d5e6f@beispiel-mail.de>';
    expect(key).toBe(`message-id:${id}`);
    expect(event).toMatchObject({
      kind: 'message', network: 'email', channelExternalId: channel, externalId: id, eventKey: `message:${id}`, direction: 'inbound',
      objectType: 'message', language: 'de-DE', occurredAt: '2026-12-01T08:14:01.000Z',
      author: { externalId: 'anna.mueller@beispiel-mail.de', displayName: 'Anna Müller', email: 'anna.mueller@beispiel-mail.de' },
      thread: { kind: 'private', rootExternalId: id, parentExternalId: null },
      extra: { subject: 'Wärmepumpe WP-300 zeigt Fehler E42', normalizedSubject: 'Wärmepumpe WP-300 zeigt Fehler E42', quotedHistoryCut: true },
    });
    // The soft line break joins "und das"; the signature below "-- " is cut, the closing words stay.
    expect(event.text).toContain('den Fehler E42 und das Haus wird nicht mehr warm');
    expect(event.text).toMatch(/Viele Grüße\nAnna Müller$/);
    expect(event.text).not.toContain('Lindenstraße');
    // The whole text stays in the stored delivery.
    expect(mail.text).toContain('Lindenstraße 12');
    expect(mail.raw.base64).not.toBeNull();
  });

  test('ISO-8859-1 body and subject come out as proper umlauts', async () => {
    const { event } = await mapped('iso-8859-1.eml');
    expect(event.text).toContain('ich hätte gern ein Angebot für einen neuen Gasbrennwertkessel');
    expect(event.text).toContain('150 m²');
    expect(event.author).toMatchObject({ externalId: 'juergen.weiss@gmx-beispiel.de', displayName: 'Jürgen Weiß' });
    expect(event.extra.subject).toBe('Angebot für Gasbrennwertkessel');
  });

  test('an HTML-only mail becomes text', async () => {
    const { event } = await mapped('html-only.eml');
    expect(event.text).toContain('fixed our boiler in under an hour');
    expect(event.text).not.toMatch(/<[a-z]/i);
    expect(event.language).toBeNull();
  });

  test('attachments are metadata (name, type); their sizes are kept, their bytes only in the raw message', async () => {
    const { event, mail } = await mapped('attachments.eml');
    expect(event.attachments).toEqual([
      { type: 'image', url: null, externalId: null, mimeType: 'image/jpeg', title: 'typenschild.jpg', altText: null },
      { type: 'file', url: null, externalId: null, mimeType: 'application/pdf', title: 'Rechnung_2026-118.pdf', altText: null },
    ]);
    expect(mail.attachments.map((a) => a.size)).toEqual([22, 45]);
    expect(event.text).toBe('Hallo,\n\nanbei die Rechnung und ein Foto vom Typenschild für die Garantieanmeldung.\n\nGruß\nStefan Wagner');
  });

  test('an Outlook reply (AW:, "Von: … Gesendet: …"): only the new lines, threaded to the root of References', async () => {
    const { event } = await mapped('outlook-reply-de.eml');
    expect(event.text).toBe('Hallo Herr Schneider,\n\n14 Uhr passt uns gut, vielen Dank für die schnelle Antwort!\n\nAnna Müller');
    expect(event.thread).toEqual({
      kind: 'private',
      rootExternalId: '<b7e1c2f4-2d1a-4c1e-9f0a-1a2b3c4d5e6f@beispiel-mail.de>',
      parentExternalId: '<parley.0f1e2d3c4b5a69788796a5b4c3d2e1f0@waermewerk.example>',
    });
    expect(event.extra.normalizedSubject).toBe('Wärmepumpe WP-300 zeigt Fehler E42');
  });

  test('a reply with a wrapped "On … wrote:" and > quotes keeps the one new line', async () => {
    const { event } = await mapped('reply-en-quoted.eml');
    expect(event.text).toBe('Will do - I left a review on your Facebook page as well.');
    expect(event.thread?.rootExternalId).toBe('<CAE7x9f=Qm2pLr@mail.example.com>');
  });

  test('the thread the receiver found wins over the headers', async () => {
    const { event } = await mapped('reply-en-quoted.eml', { threadRoot: '<older-root@example.com>', threadedBy: 'subject' });
    expect(event.thread?.rootExternalId).toBe('<older-root@example.com>');
  });

  test.each([['auto-reply.eml', 'email:auto_reply'], ['bounce.eml', 'email:bounce']])('%s is no customer message (%s)', async (file, type) => {
    const { event } = await mapped(file);
    expect(event).toMatchObject({ kind: 'other', other: { type } });
    expect(event.text).toBeNull();
  });

  test('mail from the channel\'s own address is the company speaking', async () => {
    const { event } = await mapped('html-only.eml', { from: { address: channel, name: 'Wärmewerk' } });
    expect(event.direction).toBe('outbound');
  });

  test('a mail without Message-ID is keyed by its bytes', async () => {
    const { event, key, mail } = await mapped('html-only.eml', { messageId: null });
    expect(key).toBe(`sha256:${mail.raw.sha256}`);
    expect(event.externalId).toBe(`sha256:${mail.raw.sha256}`);
  });

  test.each([
    ['not JSON', Buffer.from('From: a@b\r\n\r\nhi')],
    ['another shape', Buffer.from('{"type":"sms"}')],
    ['no sender', Buffer.from('{"type":"email","messageId":"<a@b>","raw":{"sha256":"00"}}')],
  ])('%s is malformed', (_name, body) => {
    expect(() => emailConnector.parseDelivery(body, {}, { channelExternalId: channel })).toThrow(MalformedDelivery);
  });
});

describe('text', () => {
  test.each([
    ['AW: Re: Heizung', 'Heizung'],
    ['WG: Fwd: Angebot', 'Angebot'],
    ['Re[2]:  Termin  morgen', 'Termin morgen'],
    ['RE: AW: re: Wartung', 'Wartung'],
    ['Antw: Frage', 'Frage'],
    ['Reparatur', 'Reparatur'],
    ['', ''],
  ])('normalizeSubject(%j) = %j', (subject, expected) => {
    expect(normalizeSubject(subject)).toBe(expected);
  });

  test('replySubject adds one Re:', () => {
    expect(replySubject('AW: Heizung')).toBe('Re: Heizung');
    expect(replySubject(null)).toBe('Re: Ihre Nachricht');
  });

  test.each([
    ['Am 3. Dez. 2026 um 10:12 schrieb Wärmewerk <service@waermewerk.example>:', 'Danke!\n\nAm 3. Dez. 2026 um 10:12 schrieb Wärmewerk <service@waermewerk.example>:\n> Guten Tag'],
    ['-----Ursprüngliche Nachricht-----', 'Danke!\n-----Ursprüngliche Nachricht-----\nVon: x'],
    ['From:/Sent: block', 'Danke!\n\nFrom: Service <s@example>\nSent: Monday\nTo: me'],
  ])('cuts at %s', (_name, text) => {
    expect(newlyWritten(text)).toBe('Danke!');
  });

  test('a mail that is only a quote keeps its text', () => {
    expect(newlyWritten('> nur zitiert\n> weiter')).toBe('> nur zitiert\n> weiter');
  });

  test.each([
    [{ 'auto-submitted': 'auto-generated' }, null, 'auto_reply'],
    [{ 'auto-submitted': 'no' }, null, null],
    [{ precedence: 'bulk' }, null, 'bulk'],
    [{}, 'MAILER-DAEMON@mx.example', 'bounce'],
    [{ 'x-autoreply': 'yes' }, null, 'auto_reply'],
    [{}, 'kunde@example.com', null],
  ])('automatedKind(%j, %s) = %s', (headers, from, kind) => {
    expect(automatedKind(headers, from)).toBe(kind);
  });
});
