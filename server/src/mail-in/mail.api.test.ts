import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { messages } from '../db/schema.ts';
import { eventually, useApi, type TestWorkspace } from '../testing/harness.ts';
import { settled, stored } from '../domains/inbox/testing.ts';
import { startSmtpReceiver, type SmtpReceiver } from './receiver.ts';

// The whole e-mail path over real SMTP on both database tiers: a customer's mail goes to Parley's receiver, becomes a
// conversation, an agent answers, the answer reaches the customer's mail server (a local smtp-server) with In-Reply-To
// and References, and the customer's answer to it threads back into the same conversation.

const api = useApi();
let receiver: SmtpReceiver;
let outbound: SMTPServer;
let outboundPort = 0;
const delivered: { envelopeTo: string[]; mail: ParsedMail }[] = [];

beforeAll(async () => {
  receiver = await startSmtpReceiver(api.deps, { port: 0, host: '127.0.0.1', maxBytes: 200_000 });
  outbound = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH'], hideSTARTTLS: true, logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        delivered.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => outbound.listen(0, '127.0.0.1', () => resolve()));
  outboundPort = (outbound.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await receiver?.close();
  await new Promise<void>((resolve) => outbound.close(() => resolve()));
});

const customerMailer = () => nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });

async function emailChannel(ws: TestWorkspace) {
  const address = `service@${ws.slug}.example`;
  const res = await ws.admin.req('POST', '/api/channels', {
    network: 'email', externalId: address, name: 'Wärmewerk Kundenservice', secrets: { smtpUrl: `smtp://127.0.0.1:${outboundPort}` },
  });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id as string, address };
}

describe('e-mail over SMTP', () => {
  test('mail in -> conversation -> reply out with In-Reply-To/References -> the answer threads back; duplicates once', async () => {
    const ws = await api.workspace();
    const ch = await emailChannel(ws);
    const mailer = customerMailer();
    const firstId = `<erste-${ws.slug}@kunde.example>`;
    await mailer.sendMail({
      from: 'Anna Müller <anna.mueller@kunde.example>', to: ch.address, subject: 'Wärmepumpe zeigt Fehler E42', messageId: firstId,
      text: 'Guten Tag,\n\nunsere Wärmepumpe zeigt seit heute früh den Fehler E42. Können Sie helfen?\n\nViele Grüße\nAnna Müller\n\n-- \nLindenstraße 12, Freiburg',
      headers: { 'Content-Language': 'de' },
    });
    await settled(api, ws.id, ch.id);
    let data = await stored(api, ws.id, ch.id);
    expect(data.conversations).toHaveLength(1);
    const conversation = data.conversations[0]!;
    expect(conversation).toMatchObject({ kind: 'private', threadKey: firstId, subject: 'Wärmepumpe zeigt Fehler E42' });
    expect(data.messages[0]).toMatchObject({ externalId: firstId, direction: 'inbound', language: 'de' });
    expect(data.messages[0]!.text).toMatch(/Fehler E42. Können Sie helfen\?\n\nViele Grüße\nAnna Müller$/);

    // The same mail again (a sending server's retry): stored once.
    await mailer.sendMail({ from: 'anna.mueller@kunde.example', to: ch.address, subject: 'Wärmepumpe zeigt Fehler E42', messageId: firstId, text: 'nochmal' });
    await settled(api, ws.id, ch.id);
    data = await stored(api, ws.id, ch.id);
    expect(data.deliveries).toHaveLength(1);
    expect(data.messages).toHaveLength(1);

    // The agent answers; the customer's mail server receives it.
    const reply = await ws.admin.req('POST', `/api/conversations/${conversation.id}/replies`, { text: 'Guten Tag Frau Müller,\n\nunser Techniker kommt heute um 14 Uhr.' });
    expect(reply.status, reply.text).toBe(201);
    const got = await eventually(async () => {
      const d = delivered.find((x) => x.envelopeTo.includes('anna.mueller@kunde.example') && x.mail.inReplyTo === firstId);
      expect(d).toBeDefined();
      return d!;
    }, 20_000);
    expect(got.mail.from?.value[0]).toMatchObject({ address: ch.address, name: 'Wärmewerk Kundenservice' });
    expect(got.mail.subject).toBe('Re: Wärmepumpe zeigt Fehler E42');
    expect([got.mail.references].flat()).toEqual([firstId]);
    expect(got.mail.text).toContain('unser Techniker kommt heute um 14 Uhr.');
    const sent = await eventually(async () => {
      const [m] = await api.deps.db.select().from(messages).where(and(eq(messages.workspaceId, ws.id), eq(messages.id, reply.body.id)));
      expect(m!.sendStatus).toBe('sent');
      return m!;
    });
    expect(sent.externalId).toBe(got.mail.messageId);

    // The customer answers the answer (Outlook style: AW:, quoted history below); it joins the conversation.
    await mailer.sendMail({
      from: 'Anna Müller <anna.mueller@kunde.example>', to: ch.address, subject: 'AW: Re: Wärmepumpe zeigt Fehler E42',
      messageId: `<zweite-${ws.slug}@kunde.example>`, inReplyTo: sent.externalId!, references: [firstId, sent.externalId!],
      text: '14 Uhr passt, danke!\n\n________________________________\nVon: Wärmewerk Kundenservice <service@example>\nGesendet: Dienstag\nAn: Anna\n\nunser Techniker kommt heute um 14 Uhr.',
    });
    await settled(api, ws.id, ch.id);
    data = await stored(api, ws.id, ch.id);
    expect(data.conversations).toHaveLength(1);
    const answer = data.messages.find((m) => m.externalId === `<zweite-${ws.slug}@kunde.example>`);
    expect(answer).toMatchObject({ conversationId: conversation.id, direction: 'inbound', text: '14 Uhr passt, danke!' });

    // A program that drops References: the "Re:" subject from the same sender within days finds the thread.
    await mailer.sendMail({ from: 'anna.mueller@kunde.example', to: ch.address, subject: 'Re: Wärmepumpe zeigt Fehler E42', messageId: `<dritte-${ws.slug}@kunde.example>`, text: 'Noch eine Frage zur Rechnung.' });
    // An out-of-office answer to our reply: stored as a delivery, but no message, and nothing answers it.
    await mailer.sendMail({
      from: 'anna.mueller@kunde.example', to: ch.address, subject: 'Abwesenheitsnotiz', messageId: `<ooo-${ws.slug}@kunde.example>`,
      inReplyTo: sent.externalId!, text: 'Ich bin nicht im Büro.', headers: { 'Auto-Submitted': 'auto-replied' },
    });
    // A new subject from another customer is a new conversation.
    await mailer.sendMail({ from: 'Sarah Collins <sarah@example.com>', to: ch.address, subject: 'Quote for a heat pump', messageId: `<neu-${ws.slug}@example.com>`, text: 'Hello, could you send me a quote?' });
    await settled(api, ws.id, ch.id);
    data = await stored(api, ws.id, ch.id);
    expect(data.deliveries).toHaveLength(5);
    expect(data.conversations).toHaveLength(2);
    expect(data.messages.find((m) => m.externalId === `<dritte-${ws.slug}@kunde.example>`)?.conversationId).toBe(conversation.id);
    expect(data.messages.some((m) => m.externalId === `<ooo-${ws.slug}@kunde.example>`)).toBe(false);
    expect(data.conversations.find((c) => c.id !== conversation.id)).toMatchObject({ subject: 'Quote for a heat pump', threadKey: `<neu-${ws.slug}@example.com>` });
    // Exactly one mail went out: the agent's answer; the auto-reply got none.
    expect(delivered.filter((d) => d.envelopeTo.includes('anna.mueller@kunde.example'))).toHaveLength(1);
    // The conversation detail through the API shows the thread.
    const detail = await ws.admin.req('GET', `/api/conversations/${conversation.id}`);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).toContain('14 Uhr passt, danke!');

    // Erasing Anna (GDPR) empties the raw mail she sent, including what made no message (the out-of-office answer).
    const person = await ws.admin.req('POST', '/api/contacts', { firstName: 'Anna', lastName: 'Müller', emails: [{ value: 'anna.mueller@kunde.example' }] });
    expect(person.status, person.text).toBe(201);
    const erased = await ws.admin.req('POST', `/api/contacts/${person.body.id}/erase`, { confirm: 'Anna Müller' });
    expect(erased.status, erased.text).toBe(200);
    data = await stored(api, ws.id, ch.id);
    const bodies = data.deliveries.map((d) => d.body);
    expect(bodies.filter((b) => b === '').length).toBeGreaterThanOrEqual(1);
    expect(bodies.some((b) => b.includes('anna.mueller@kunde.example'))).toBe(false);
    expect(bodies.some((b) => b.includes('sarah@example.com'))).toBe(true);
  }, 60_000);

  test('unknown recipients are refused at RCPT with 550; no relay', async () => {
    const ws = await api.workspace();
    await emailChannel(ws);
    const err = await customerMailer().sendMail({ from: 'spam@example.net', to: 'someone@elsewhere.example', subject: 'x', text: 'x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ responseCode: 550 });
  });

  test('mail over the size limit is refused with 552 and nothing is stored', async () => {
    const ws = await api.workspace();
    const ch = await emailChannel(ws);
    const err = await customerMailer().sendMail({ from: 'big@example.net', to: ch.address, subject: 'big', text: 'x'.repeat(300_000) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ responseCode: 552 });
    expect((await stored(api, ws.id, ch.id)).deliveries).toHaveLength(0);
  });

  test('a paused channel takes no mail', async () => {
    const ws = await api.workspace();
    const ch = await emailChannel(ws);
    expect((await ws.admin.req('PATCH', `/api/channels/${ch.id}`, { status: 'paused' })).status).toBe(200);
    const err = await customerMailer().sendMail({ from: 'a@example.net', to: ch.address, subject: 'x', text: 'x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ responseCode: 550 });
  });
});

test('the demo\'s e-mail channel: German mails through the real pipeline, the Outlook answer in its thread', async () => {
  const { seedDemoEmail } = await import('../db/seed/demo-email.ts');
  const ws = await api.workspace();
  const people = [
    { firstName: 'Sabine', lastName: 'Krüger', email: 'sabine.krueger@web-beispiel.example' },
    { firstName: 'Jürgen', lastName: 'Weiß', email: 'j.weiss@gmx-beispiel.example' },
    { firstName: 'Ayşe', lastName: 'Yılmaz', email: 'ayse.yilmaz@posteo-beispiel.example' },
  ];
  await api.deps.db.transaction((tx) => seedDemoEmail(api.deps, tx, ws.id, people, new Date()));
  const [channel] = (await ws.admin.req('GET', '/api/channels?limit=10')).body.items as { id: string; network: string }[];
  expect(channel!.network).toBe('email');
  await settled(api, ws.id, channel!.id);
  const data = await stored(api, ws.id, channel!.id);
  expect(data.deliveries.every((d) => d.status === 'processed')).toBe(true);
  expect(data.conversations.map((c) => c.subject).sort()).toEqual(['Angebot Wärmepumpe für Einfamilienhaus', 'Frage zur Rechnung 2026-1187', 'Preis Wartungsvertrag für 3 Mehrfamilienhäuser']);
  const offer = data.conversations.find((c) => c.subject?.startsWith('Angebot'))!;
  const thread = data.messages.filter((m) => m.conversationId === offer.id);
  expect(thread).toHaveLength(2);
  expect(thread.map((m) => m.text).find((t) => t!.startsWith('Nachtrag'))).toBe('Nachtrag: Ein Vor-Ort-Termin wäre uns am Donnerstag oder Freitag ab 15 Uhr am liebsten.\n\nSabine Krüger');
}, 60_000);
