import { readFile, readdir, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { systemActor } from '../../policies/actor.ts';
import { eventually, useApi, type TestUser, type TestWorkspace } from '../../testing/harness.ts';
import { consentStatus, hasConsent, recordConsent } from './consent-service.ts';

// A real SMTP server on a random port: the mails Parley sends arrive here, as they would at a mail provider.
interface Received { to: string[]; raw: string }
const inbox: Received[] = [];
const env: Record<string, string> = {};
let smtp: SMTPServer;
beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

const api = useApi(env);
const STARTED = Date.now() - 1000;

let seq = 0;
async function person(user: TestUser, extra: Record<string, unknown> = {}): Promise<{ id: string; email: string }> {
  const email = `person-${Date.now()}-${seq++}@example.com`;
  const res = await user.req('POST', '/api/contacts', { firstName: 'Jürgen', lastName: 'Müller', emails: [{ value: email }], language: 'de', ...extra });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id, email };
}

/** The body of a mail with quoted-printable and base64 parts decoded, headers unfolded. */
function decode(raw: string): string {
  const qp = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  const b64 = [...raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
  return [Buffer.from(qp, 'latin1').toString('utf8'), ...b64].join('\n');
}

/** A header of the mail, unfolded. */
function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1];
}

/** The Subject header with MIME encoded-words (RFC 2047) decoded. */
function subjectOf(raw: string): string {
  const line = headerOf(raw, 'Subject') ?? '';
  return line.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) => enc.toUpperCase() === 'B'
    ? Buffer.from(text, 'base64').toString('utf8')
    : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

/**
 * Every mail to `to`: those our SMTP server received, and on PostgreSQL also those another test file's worker took
 * from the shared job queue (its app has no SMTP_URL, so it wrote them into the shared drop folder).
 */
async function mailsTo(to: string): Promise<Received[]> {
  const received = inbox.filter((m) => m.to.includes(to));
  if (api.kind !== 'postgres') return received;
  const dir = api.deps.config.mail.dropDir;
  const files = (await readdir(dir).catch(() => [] as string[])).map((f) => path.join(dir, f));
  // The folder outlives test runs: only this run's files.
  const recent = (await Promise.all(files.map(async (f) => ((await stat(f)).mtimeMs >= STARTED ? f : null)))).filter((f): f is string => f !== null);
  const dropped = await Promise.all(recent.map((f) => readFile(f, 'utf8')));
  return [...received, ...dropped.filter((raw) => headerOf(raw, 'To') === to).map((raw) => ({ to: [to], raw }))];
}

/** Waits for the mail to `to` (the one asking to confirm `requestId`, when given) and returns it with its two links. */
async function mailTo(to: string, requestId?: string) {
  return eventually(async () => {
    const found = (await mailsTo(to)).map((m) => {
      const text = decode(m.raw);
      const confirm = /https?:\/\/[^\s"<>]+\/api\/public\/consent\/confirm\?token=[A-Za-z0-9_.%-]+/.exec(text)?.[0];
      const withdraw = /https?:\/\/[^\s"<>]+\/api\/public\/consent\/withdraw\?token=[A-Za-z0-9_.%-]+/.exec(text)?.[0];
      const token = confirm ? new URL(confirm).searchParams.get('token')! : '';
      const r = token ? (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { r: string }).r : undefined;
      return { raw: m.raw, text, r, confirm, withdraw };
    }).filter((m) => requestId === undefined || m.r === requestId);
    expect(found).toHaveLength(1);
    const mail = found[0]!;
    expect(mail.confirm).toBeDefined();
    expect(mail.withdraw).toBeDefined();
    const local = (u: string) => new URL(u).pathname + new URL(u).search;
    return { raw: mail.raw, text: mail.text, confirm: local(mail.confirm!), withdraw: local(mail.withdraw!) };
  });
}

async function consents(user: TestUser, contactId: string) {
  const res = await user.req('GET', `/api/contacts/${contactId}/consents`);
  expect(res.status, res.text).toBe(200);
  return res.body as { email: string | null; items: { purpose: { key: string }; status: string; wordingVersion: number | null; source: string | null }[]; history: any[]; historyTruncated: boolean };
}
const statusOf = (c: Awaited<ReturnType<typeof consents>>, key: string) => c.items.find((i) => i.purpose.key === key)?.status;

const TITLE = { de: 'Veranstaltungen', en: 'Events' };
const WORDING = { de: 'Ich möchte zu Veranstaltungen eingeladen werden.', en: 'I would like to be invited to events.' };

describe('consent purposes', () => {
  test('a new workspace has the standard purposes; create, reword (a new version), archive and restore', async () => {
    const ws = await api.workspace();
    const list = await ws.admin.req('GET', '/api/consent-purposes');
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { key: string }) => p.key)).toEqual(['newsletter', 'profiling', 'social_enrichment', 'tracking']);
    const newsletter = list.body.items.find((p: { key: string }) => p.key === 'newsletter');
    expect(newsletter).toMatchObject({ legalBasis: 'consent', doubleOptIn: true, currentVersion: 1, archivedAt: null });
    expect(newsletter.title.de).toBe('Newsletter');
    expect(newsletter.wording.en).toMatch(/withdraw/);

    const created = await ws.admin.req('POST', '/api/consent-purposes', { key: 'events', title: TITLE, wording: WORDING });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ key: 'events', legalBasis: 'consent', doubleOptIn: false, currentVersion: 1, title: TITLE, wording: WORDING });
    const id = created.body.id;
    const dup = await ws.admin.req('POST', '/api/consent-purposes', { key: 'events', title: TITLE, wording: WORDING });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('consent_purpose_exists');

    const reworded = await ws.admin.req('PATCH', `/api/consent-purposes/${id}`, { wording: { de: 'Ich möchte zu Hausmessen eingeladen werden.', en: 'I would like to be invited to open days.' } });
    expect(reworded.status, reworded.text).toBe(200);
    expect(reworded.body).toMatchObject({ currentVersion: 2, title: TITLE, wording: { en: 'I would like to be invited to open days.' } });
    expect(reworded.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    // The old version stays as it was: people who consented to it keep it.
    expect(reworded.body.versions[1]).toMatchObject({ version: 1, title: TITLE, wording: WORDING, createdBy: { id: ws.admin.id } });

    const same = await ws.admin.req('PATCH', `/api/consent-purposes/${id}`, { title: TITLE, legalBasis: 'legitimate_interest', doubleOptIn: true });
    expect(same.body).toMatchObject({ currentVersion: 2, legalBasis: 'legitimate_interest', doubleOptIn: true });
    const read = await ws.admin.req('GET', `/api/consent-purposes/${id}`);
    expect(read.body.versions).toHaveLength(2);

    const archived = await ws.admin.req('PATCH', `/api/consent-purposes/${id}`, { archived: true });
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await ws.admin.req('GET', '/api/consent-purposes')).body.items.map((p: { key: string }) => p.key)).not.toContain('events');
    expect((await ws.admin.req('GET', '/api/consent-purposes?includeArchived=true')).body.items.map((p: { key: string }) => p.key)).toContain('events');
    const p = await person(ws.admin);
    const onArchived = await ws.admin.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'events' });
    expect(onArchived.status).toBe(400);
    expect(onArchived.body.error.code).toBe('consent_purpose_archived');
    // Withdrawing is always possible, archived or not.
    expect((await ws.admin.req('POST', `/api/contacts/${p.id}/consents/withdraw`, { purposeKey: 'events' })).status).toBe(200);
    const restored = await ws.admin.req('PATCH', `/api/consent-purposes/${id}`, { archived: false });
    expect(restored.body.archivedAt).toBeNull();

    const audit = await eventually(async () => {
      const res = await ws.admin.req('GET', '/api/audit?limit=200');
      const actions = res.body.items.map((e: { action: string }) => e.action);
      expect(actions.filter((a: string) => a === 'consent_purpose.updated')).toHaveLength(4);
      return res.body.items;
    });
    expect(audit.map((e: { action: string }) => e.action)).toContain('consent_purpose.created');
  });

  test('bad input gets a clear error', async () => {
    const ws = await api.workspace();
    for (const body of [
      { key: 'Bad Key', title: TITLE, wording: WORDING },
      { key: 'x', title: { de: 'Nur deutsch' }, wording: WORDING },
      { key: 'x', title: TITLE, wording: { de: '', en: 'x' } },
      { key: 'x', title: TITLE, wording: WORDING, legalBasis: 'because' },
      { key: 'x', title: TITLE, wording: { de: 'x'.repeat(5001), en: 'x' } },
    ]) {
      const res = await ws.admin.req('POST', '/api/consent-purposes', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const missing = await ws.admin.req('GET', '/api/consent-purposes/0190a0a0-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('consent_purpose_not_found');
    expect((await ws.admin.req('PATCH', '/api/consent-purposes/0190a0a0-0000-7000-8000-000000000000', { archived: true })).body.error.code).toBe('consent_purpose_not_found');
    expect((await ws.admin.req('GET', '/api/consent-purposes/not-a-uuid')).status).toBe(400);
  });
});

describe("a person's consents", () => {
  test('grant and withdraw on behalf: the ledger only grows, the status follows', async () => {
    const ws = await api.workspace();
    const agent = await ws.user('agent');
    const p = await person(ws.admin);
    const before = await consents(agent, p.id);
    expect(before.email).toBe(p.email);
    expect(before.items.map((i) => [i.purpose.key, i.status])).toEqual([['newsletter', 'none'], ['profiling', 'none'], ['social_enrichment', 'none'], ['tracking', 'none']]);
    expect(before.history).toEqual([]);

    const granted = await agent.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'social_enrichment', note: 'Am Telefon zugestimmt' });
    expect(granted.status, granted.text).toBe(200);
    expect(statusOf(granted.body, 'social_enrichment')).toBe('granted');
    expect(granted.body.items.find((i: { purpose: { key: string } }) => i.purpose.key === 'social_enrichment')).toMatchObject({ wordingVersion: 1, source: 'agent' });
    expect(granted.body.history).toHaveLength(1);
    const first = granted.body.history[0];
    expect(first).toMatchObject({ action: 'grant', legalBasis: 'consent', source: 'agent', wordingVersion: 1, purpose: { key: 'social_enrichment' }, actor: { id: agent.id, name: 'agent user' }, proof: { note: 'Am Telefon zugestimmt' } });
    expect(await hasConsent(api.deps.db, ws.id, p.id, 'social_enrichment')).toBe(true);

    // Granting what is granted changes nothing.
    const again = await agent.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'social_enrichment', source: 'form' });
    expect(again.body.history).toHaveLength(1);

    const withdrawn = await ws.admin.req('POST', `/api/contacts/${p.id}/consents/withdraw`, { purposeKey: 'social_enrichment' });
    expect(withdrawn.status).toBe(200);
    expect(statusOf(withdrawn.body, 'social_enrichment')).toBe('withdrawn');
    expect(withdrawn.body.history.map((r: { action: string }) => r.action)).toEqual(['withdraw', 'grant']);
    expect(withdrawn.body.history[1]).toEqual(first);
    expect(await hasConsent(api.deps.db, ws.id, p.id, 'social_enrichment')).toBe(false);
    expect(await consentStatus(api.deps.db, ws.id, p.id, 'social_enrichment')).toBe('withdrawn');
    expect((await ws.admin.req('POST', `/api/contacts/${p.id}/consents/withdraw`, { purposeKey: 'social_enrichment' })).body.history).toHaveLength(2);

    // Granted again later: a new entry, the old ones stay.
    const regrant = await agent.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'social_enrichment', source: 'import' });
    expect(regrant.body.history.map((r: { action: string; source: string }) => `${r.action}:${r.source}`)).toEqual(['grant:import', 'withdraw:agent', 'grant:agent']);

    // Other domains record through the service, in their own transaction, as the system.
    await api.deps.db.transaction(async (tx) => {
      const r = await recordConsent(api.deps, systemActor(ws.id), { contactId: p.id, purposeKey: 'tracking', action: 'grant', source: 'form', proof: { formId: 'kontakt', ipHash: 'abc' } }, tx);
      expect(r).toMatchObject({ status: 'granted', changed: true });
    });
    expect(await consentStatus(api.deps.db, ws.id, p.id, 'tracking')).toBe('granted');
    expect(await consentStatus(api.deps.db, ws.id, p.id, 'profiling')).toBe('none');
    expect(await consentStatus(api.deps.db, ws.id, p.id, 'no_such_purpose')).toBe('none');
    const after = await consents(ws.admin, p.id);
    expect(after.history[0]).toMatchObject({ action: 'grant', source: 'form', actor: null, proof: { formId: 'kontakt', ipHash: 'abc' }, purpose: { key: 'tracking' } });

    // Every entry shows on the person's timeline, and withdrawals are events other domains act on.
    await eventually(async () => {
      const res = await ws.admin.req('GET', `/api/contacts/${p.id}/timeline?limit=50`);
      const kinds = res.body.items.map((i: { kind: string }) => i.kind);
      expect(kinds.filter((k: string) => k === 'consent.granted')).toHaveLength(3);
      expect(kinds.filter((k: string) => k === 'consent.withdrawn')).toHaveLength(1);
    });
    const withdrawal = await eventually(async () => {
      const res = await ws.admin.req('GET', '/api/audit?limit=200');
      const e = res.body.items.find((i: { action: string }) => i.action === 'consent.withdrawn');
      expect(e).toBeDefined();
      return e;
    });
    expect(withdrawal.after).toMatchObject({ purposeKey: 'social_enrichment', status: 'withdrawn' });
  });

  test('bad input and unknown records get a clear error', async () => {
    const ws = await api.workspace();
    const p = await person(ws.admin);
    const noMail = (await ws.admin.req('POST', '/api/contacts', { firstName: 'Ohne', lastName: 'Adresse' })).body;
    const cases: [string, unknown, number, string][] = [
      [p.id, { purposeKey: 'unknown_purpose' }, 404, 'consent_purpose_not_found'],
      ['0190a0a0-0000-7000-8000-000000000000', { purposeKey: 'newsletter' }, 404, 'contact_not_found'],
      [noMail.id, { purposeKey: 'newsletter' }, 400, 'contact_email_missing'],
      [p.id, { purposeKey: 'newsletter', source: 'email_link' }, 400, 'validation_failed'],
      [p.id, { purposeKey: 'Newsletter!' }, 400, 'validation_failed'],
      [p.id, {}, 400, 'validation_failed'],
    ];
    for (const [id, body, status, code] of cases) {
      const res = await ws.admin.req('POST', `/api/contacts/${id}/consents/grant`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    expect((await ws.admin.req('POST', `/api/contacts/${p.id}/consents/withdraw`, { purposeKey: 'unknown_purpose' })).body.error.code).toBe('consent_purpose_not_found');
    expect((await ws.admin.req('GET', '/api/contacts/0190a0a0-0000-7000-8000-000000000000/consents')).body.error.code).toBe('contact_not_found');
    // Nothing was written by the refused requests.
    expect((await consents(ws.admin, noMail.id)).history).toEqual([]);
    expect((await consents(ws.admin, p.id)).history).toEqual([]);
    // The no-e-mail person can still grant purposes without double opt-in.
    expect(statusOf((await ws.admin.req('POST', `/api/contacts/${noMail.id}/consents/grant`, { purposeKey: 'tracking' })).body, 'tracking')).toBe('granted');
  });
});

describe('double opt-in by e-mail', () => {
  test('the mail arrives, its link confirms with proof, its withdrawal link withdraws', async () => {
    const ws = await api.workspace();
    const p = await person(ws.admin);
    const granted = await ws.admin.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'newsletter', source: 'form' });
    expect(granted.status, granted.text).toBe(200);
    expect(statusOf(granted.body, 'newsletter')).toBe('pending');
    const request = granted.body.history[0];
    expect(request).toMatchObject({ action: 'request', source: 'form', proof: { sentTo: p.email } });
    // Pending is not granted.
    expect(await hasConsent(api.deps.db, ws.id, p.id, 'newsletter')).toBe(false);
    expect(await consentStatus(api.deps.db, ws.id, p.id, 'newsletter')).toBe('pending');

    const mail = await mailTo(p.email);
    expect(subjectOf(mail.raw)).toBe('Bitte bestätigen: Newsletter');
    expect(mail.text).toContain('Guten Tag Jürgen Müller');
    expect(mail.text).toContain('Ich möchte den Newsletter per E-Mail erhalten');
    const unsubscribe = /^<(.*)>$/.exec(headerOf(mail.raw, 'List-Unsubscribe') ?? '')?.[1];
    expect(unsubscribe && new URL(unsubscribe).pathname + new URL(unsubscribe).search).toBe(mail.withdraw);
    expect(headerOf(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // Opening the link (or a mail scanner doing so) only shows the question.
    const page = await api.anon('GET', mail.confirm);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<html lang="de">');
    expect(page.text).toContain('Ja, ich bestätige');
    expect(page.text).toContain('<form method="post"');
    expect(await consentStatus(api.deps.db, ws.id, p.id, 'newsletter')).toBe('pending');

    const visit = { 'user-agent': 'Mozilla/5.0 (Test) Firefox/140.0', 'x-forwarded-for': '203.0.113.7' };
    const confirmed = await api.anon('POST', mail.confirm, undefined, visit);
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.text).toContain('Ihre Einwilligung ist bestätigt');
    expect(await hasConsent(api.deps.db, ws.id, p.id, 'newsletter')).toBe(true);
    const after = await consents(ws.admin, p.id);
    expect(statusOf(after, 'newsletter')).toBe('granted');
    const grant = after.history[0];
    expect(grant).toMatchObject({ action: 'grant', source: 'form', wordingVersion: 1, actor: null, proof: { method: 'double_opt_in', requestId: request.id, sentTo: p.email, userAgent: 'Mozilla/5.0 (Test) Firefox/140.0' } });
    expect(grant.proof.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(after)).not.toContain('203.0.113.7');
    expect(Date.now() - Date.parse(grant.proof.confirmedAt)).toBeLessThan(60_000);

    // A second click is harmless.
    const twice = await api.anon('POST', mail.confirm, undefined, visit);
    expect(twice.status).toBe(200);
    expect(twice.text).toContain('bereits bestätigt');
    expect((await consents(ws.admin, p.id)).history).toHaveLength(2);

    // The withdrawal link of the same mail: a page, then the button.
    const ask = await api.anon('GET', mail.withdraw);
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('Ja, widerrufen');
    const withdrawn = await api.anon('POST', mail.withdraw, undefined, visit);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.text).toContain('Ihre Einwilligung ist widerrufen');
    expect(await hasConsent(api.deps.db, ws.id, p.id, 'newsletter')).toBe(false);
    const final = await consents(ws.admin, p.id);
    expect(final.history[0]).toMatchObject({ action: 'withdraw', source: 'email_link', proof: { ipHash: grant.proof.ipHash } });
    expect((await api.anon('POST', mail.withdraw)).text).toContain('bereits widerrufen');

    // The confirmation link no longer grants once the consent was withdrawn.
    const stale = await api.anon('POST', mail.confirm);
    expect(stale.status).toBe(409);
    expect(stale.headers['x-parley-error']).toBe('consent_request_superseded');
    expect(await consentStatus(api.deps.db, ws.id, p.id, 'newsletter')).toBe('withdrawn');
  });

  test('mail programs withdraw with one click (RFC 8058); English for English speakers', async () => {
    const ws = await api.workspace();
    const p = await person(ws.admin, { language: 'en' });
    await ws.admin.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'newsletter' });
    const mail = await mailTo(p.email);
    expect(subjectOf(mail.raw)).toBe('Please confirm: Newsletter');
    expect(mail.text).toContain('Hello Jürgen Müller');
    const oneClick = await api.anon('POST', mail.withdraw, 'List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(oneClick.status, oneClick.text).toBe(200);
    expect(oneClick.text).toContain('Your consent is withdrawn');
    expect(await consentStatus(api.deps.db, ws.id, p.id, 'newsletter')).toBe('withdrawn');
  });

  test('asking again sends a new mail; only the newest link confirms', async () => {
    const ws = await api.workspace();
    const p = await person(ws.admin);
    await ws.admin.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'newsletter' });
    const first = await mailTo(p.email);
    const again = await ws.admin.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'newsletter' });
    expect(again.body.history.map((r: { action: string }) => r.action)).toEqual(['request', 'request']);
    const second = await mailTo(p.email, again.body.history[0].id);
    expect(second.confirm).not.toBe(first.confirm);
    const old = await api.anon('POST', first.confirm);
    expect(old.status).toBe(409);
    expect(old.text).toContain('neuesten E-Mail');
    expect((await api.anon('POST', second.confirm)).status).toBe(200);
    expect(await hasConsent(api.deps.db, ws.id, p.id, 'newsletter')).toBe(true);
  });

  test('expired, forged and foreign tokens are refused with a readable page', async () => {
    const ws = await api.workspace();
    const p = await person(ws.admin);
    await ws.admin.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'newsletter' });
    const mail = await mailTo(p.email);
    const token = new URL(mail.confirm, 'http://x').searchParams.get('token')!;
    const [body, sig] = token.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const other = await person(ws.admin);
    const forgedBody = Buffer.from(JSON.stringify({ ...payload, c: other.id })).toString('base64url');
    const expired = api.deps.secrets.sign('consent-confirm', { w: payload.w, c: payload.c, p: payload.p, r: payload.r }, -1000);
    const withdrawToken = new URL(mail.withdraw, 'http://x').searchParams.get('token')!;
    const unknown = api.deps.secrets.sign('consent-confirm', { w: payload.w, c: '0190a0a0-0000-7000-8000-000000000000', p: payload.p, r: payload.r }, 60_000);
    const cases: [string, number, string][] = [
      [`${forgedBody}.${sig}`, 400, 'token_invalid'],
      ['garbage', 400, 'token_invalid'],
      [withdrawToken, 400, 'token_invalid'],
      [expired, 400, 'token_expired'],
      [unknown, 404, 'consent_link_unknown'],
    ];
    for (const [t, status, code] of cases) {
      for (const method of ['GET', 'POST']) {
        const res = await api.anon(method, `/api/public/consent/confirm?token=${encodeURIComponent(t)}`, undefined, { 'accept-language': 'en-GB,en;q=0.9,de;q=0.5' });
        expect(res.status, `${method} ${code}`).toBe(status);
        expect(res.headers['x-parley-error']).toBe(code);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.text).toContain('<html lang="en">');
      }
    }
    const expiredPage = await api.anon('GET', `/api/public/consent/confirm?token=${encodeURIComponent(expired)}`, undefined, { 'accept-language': 'de-DE' });
    expect(expiredPage.text).toContain('Dieser Link ist abgelaufen');
    const none = await api.anon('POST', '/api/public/consent/confirm');
    expect(none.status).toBe(400);
    expect(none.headers['x-parley-error']).toBe('token_missing');
    expect((await api.anon('POST', `/api/public/consent/withdraw?token=${encodeURIComponent(token)}`)).headers['x-parley-error']).toBe('token_invalid');
    // None of that changed anything.
    expect(await consentStatus(api.deps.db, ws.id, p.id, 'newsletter')).toBe('pending');
    expect(await consentStatus(api.deps.db, ws.id, other.id, 'newsletter')).toBe('none');
  });
});

describe('roles and workspaces', () => {
  test('experts cannot read consents; agents record them but cannot manage purposes', async () => {
    const ws = await api.workspace();
    const p = await person(ws.admin);
    const expert = await ws.user('expert');
    const agent = await ws.user('agent');
    const marketing = await ws.user('marketing');
    const purposeId = (await ws.admin.req('GET', '/api/consent-purposes')).body.items[0].id;
    for (const [user, method, url, body] of [
      [expert, 'GET', `/api/contacts/${p.id}/consents`],
      [expert, 'GET', '/api/consent-purposes'],
      [expert, 'POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'tracking' }],
      [agent, 'POST', '/api/consent-purposes', { key: 'agents_own', title: TITLE, wording: WORDING }],
      [agent, 'PATCH', `/api/consent-purposes/${purposeId}`, { archived: true }],
    ] as [TestUser, string, string, unknown?][]) {
      const res = await user.req(method, url, body);
      expect(res.status, `${user.role} ${method} ${url}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await agent.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'tracking' })).status).toBe(200);
    expect((await agent.req('GET', '/api/consent-purposes')).status).toBe(200);
    expect((await marketing.req('POST', '/api/consent-purposes', { key: 'events', title: TITLE, wording: WORDING })).status).toBe(201);
    expect((await api.anon('GET', `/api/contacts/${p.id}/consents`)).status).toBe(401);
  });

  test("another workspace's people and purposes answer 404; tokens are bound to their workspace", async () => {
    const a: TestWorkspace = await api.workspace();
    const b: TestWorkspace = await api.workspace();
    const p = await person(a.admin);
    await a.admin.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'tracking' });
    const purpose = (await a.admin.req('POST', '/api/consent-purposes', { key: 'events', title: TITLE, wording: WORDING })).body;
    for (const [method, url, body] of [
      ['GET', `/api/contacts/${p.id}/consents`],
      ['POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'newsletter' }],
      ['POST', `/api/contacts/${p.id}/consents/withdraw`, { purposeKey: 'tracking' }],
      ['GET', `/api/consent-purposes/${purpose.id}`],
      ['PATCH', `/api/consent-purposes/${purpose.id}`, { archived: true }],
    ] as [string, string, unknown?][]) {
      const res = await b.admin.req(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.text).not.toContain('Veranstaltungen');
    }
    expect((await b.admin.req('GET', '/api/consent-purposes')).body.items.map((x: { key: string }) => x.key)).not.toContain('events');
    // B's own purpose of the same key is B's: a token naming A's person under B's workspace finds nothing.
    const bPurpose = (await b.admin.req('GET', '/api/consent-purposes')).body.items.find((x: { key: string }) => x.key === 'tracking');
    const crossed = api.deps.secrets.sign('consent-withdraw', { w: b.id, c: p.id, p: bPurpose.id }, 60_000);
    const res = await api.anon('POST', `/api/public/consent/withdraw?token=${encodeURIComponent(crossed)}`);
    expect(res.status).toBe(404);
    expect(await consentStatus(api.deps.db, a.id, p.id, 'tracking')).toBe('granted');
    expect(statusOf(await consents(a.admin, p.id), 'tracking')).toBe('granted');
    expect((await a.admin.req('GET', `/api/consent-purposes/${purpose.id}`)).body.archivedAt).toBeNull();
  });
});
