import type { AddressInfo } from 'node:net';
import { and, eq, ne } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { notifications, users } from '../../db/schema.ts';
import { eventually, useApi, type TestUser, type TestWorkspace } from '../../testing/harness.ts';
import { runDigest } from './mail.ts';

// A real SMTP server receives the notification mails.
const mails: Array<{ to: string[]; raw: string }> = [];
const env: Record<string, string> = { PARLEY_PUBLIC_URL: 'https://crm.example' };
let smtp: SMTPServer;
beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const api = useApi(env);

const mention = (u: { id: string }, name = 'Kollege') => `@[${name}](user:${u.id})`;

async function contact(ws: TestWorkspace): Promise<string> {
  const res = await ws.admin.req('POST', '/api/contacts', { firstName: 'Anna', lastName: 'Kundin' });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

async function note(by: TestUser, contactId: string, body: string): Promise<string> {
  const res = await by.req('POST', `/api/contacts/${contactId}/notes`, { body });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

async function list(u: TestUser, query = '') {
  const res = await u.req('GET', `/api/notifications${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body as { groups: Array<{ groupKey: string; count: number; unread: number; latest: any; items: any[] }>; nextCursor: string | null };
}

const unread = async (u: TestUser) => (await u.req('GET', '/api/notifications/unread-count')).body.count as number;

/** Waits until the handlers (and fan-out jobs) for everything emitted so far have run (follow notifications aside). */
async function rowsOf(ws: TestWorkspace, count: number) {
  return eventually(async () => {
    const rows = await api.deps.db.select().from(notifications).where(and(eq(notifications.workspaceId, ws.id), ne(notifications.kind, 'follow')));
    expect(rows.length).toBe(count);
    return rows;
  });
}

describe('mentions in notes on a person', () => {
  test('notify the colleague named, never the writer; the link is the exact note; unread count and mark read', async () => {
    const ws = await api.workspace();
    const a = await ws.user('sales');
    const b = await ws.user('agent');
    const c = await contact(ws);
    const noteId = await note(a, c, `Bitte rufen Sie Frau Kundin zurück, ${mention(b, 'Bea')} ${mention(a, 'ich selbst')}`);
    const [row] = await rowsOf(ws, 1);
    expect(row).toMatchObject({ userId: b.id, actorId: a.id, kind: 'mention', subjectType: 'contact', subjectId: c, link: `/people/${c}#note-${noteId}` });
    expect(row!.excerpt).toContain('@Bea');
    expect(await unread(b)).toBe(1);
    expect(await unread(a)).toBe(0);
    const page = await list(b);
    expect(page.groups).toHaveLength(1);
    expect(page.groups[0]!.latest).toMatchObject({ kind: 'mention', link: `/people/${c}#note-${noteId}`, read: false, actor: { id: a.id, name: 'sales user' } });
    // Another's notifications cannot be marked: a's request changes nothing of b's.
    expect((await a.req('POST', '/api/notifications/read', { ids: [row!.id] })).body.count).toBe(0);
    expect(await unread(b)).toBe(1);
    expect((await b.req('POST', '/api/notifications/read', {})).status).toBe(400);
    const read = await b.req('POST', '/api/notifications/read', { ids: [row!.id] });
    expect(read.status, read.text).toBe(200);
    expect(read.body.count).toBe(0);
    expect((await list(b, '?unread=true')).groups).toHaveLength(0);
    expect((await list(b)).groups[0]!.latest.read).toBe(true);
  });

  test('a team mention fans out to every member but the writer', async () => {
    const ws = await api.workspace();
    const a = await ws.user('sales');
    const members = await Promise.all([ws.user('agent'), ws.user('agent'), ws.user('manager')]);
    const team = await ws.admin.req('POST', '/api/teams', { name: 'Vertrieb Süd', memberIds: [a.id, ...members.map((m) => m.id)] });
    expect(team.status, team.text).toBe(201);
    const c = await contact(ws);
    await note(a, c, `Wer übernimmt? @[Vertrieb Süd](team:${team.body.id})`);
    const rows = await rowsOf(ws, 3);
    expect(rows.map((r) => r.userId).sort()).toEqual(members.map((m) => m.id).sort());
    for (const m of members) expect(await unread(m)).toBe(1);
  });

  test('in the app off and mail off: nothing; several mentions of one record group', async () => {
    const ws = await api.workspace();
    const a = await ws.user('sales');
    const b = await ws.user('agent');
    // The admin owns the person (and follows it): their follow notifications are off here, so only mentions count.
    expect((await ws.admin.req('PUT', '/api/notification-preferences', { items: [{ kind: 'follow', inApp: false, email: 'off' }] })).status).toBe(200);
    const prefs = await b.req('PUT', '/api/notification-preferences', { items: [{ kind: 'mention', inApp: false, email: 'off' }] });
    expect(prefs.status, prefs.text).toBe(200);
    expect(prefs.body.items.find((p: { kind: string }) => p.kind === 'mention')).toEqual({ kind: 'mention', inApp: false, email: 'off' });
    expect(prefs.body.items.find((p: { kind: string }) => p.kind === 'assignment')).toEqual({ kind: 'assignment', inApp: true, email: 'immediate' });
    const c = await contact(ws);
    await note(a, c, `Zur Info ${mention(b)}`);
    // The admin is mentioned too: once their notification exists, b's handler run is over.
    await note(a, c, `Und ${mention(ws.admin)}`);
    await note(a, c, `Noch einmal ${mention(ws.admin)}`);
    const rows = await rowsOf(ws, 2);
    expect(rows.every((r) => r.userId === ws.admin.id)).toBe(true);
    const page = await list(ws.admin);
    expect(page.groups).toHaveLength(1);
    expect(page.groups[0]).toMatchObject({ count: 2, unread: 2, groupKey: `mention:contact:${c}` });
    expect(await unread(b)).toBe(0);
  });

  test('keyset pages and another workspace sees nothing', async () => {
    const ws = await api.workspace();
    const other = await api.workspace();
    const a = await ws.user('sales');
    const c1 = await contact(ws);
    const c2 = await contact(ws);
    const c3 = await contact(ws);
    for (const c of [c1, c2, c3]) await note(a, c, `Bitte ansehen ${mention(ws.admin)}`);
    await rowsOf(ws, 3);
    const first = await list(ws.admin, '?limit=2');
    // Handlers run concurrently, so the order of creation is theirs: the pages together hold each record once.
    expect(first.groups).toHaveLength(2);
    const second = await list(ws.admin, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.groups).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...first.groups, ...second.groups].map((g) => g.latest.subject.id).sort()).toEqual([c1, c2, c3].sort());
    expect((await list(other.admin)).groups).toHaveLength(0);
    expect(await unread(other.admin)).toBe(0);
    expect((await other.admin.req('POST', '/api/notifications/read', { all: true })).body.count).toBe(0);
    expect(await unread(ws.admin)).toBe(3);
    expect((await api.anon('GET', '/api/notifications')).status).toBe(401);
  });
});

describe('e-mail', () => {
  test('a mention is mailed at once, in the recipient\'s language, with the link', async () => {
    const ws = await api.workspace();
    const a = await ws.user('sales');
    const b = await ws.user('agent');
    await api.deps.db.update(users).set({ language: 'de' }).where(and(eq(users.workspaceId, ws.id), eq(users.id, b.id)));
    const c = await contact(ws);
    const noteId = await note(a, c, `Können Sie das prüfen, ${mention(b)}?`);
    const mail = await eventually(async () => {
      const m = mails.find((x) => x.to.includes(b.email));
      expect(m).toBeTruthy();
      return m!;
    });
    expect(mail.raw).toContain('hat Sie erw');
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain(`https://crm.example/people/${c}#note-${noteId}`);
    await eventually(async () => {
      const [row] = await api.deps.db.select().from(notifications).where(and(eq(notifications.workspaceId, ws.id), eq(notifications.userId, b.id)));
      expect(row!.emailedAt).not.toBeNull();
    });
  });

  test('the daily digest: one mail per user with the unread, un-mailed notifications of digest kinds', async () => {
    const ws = await api.workspace();
    const a = await ws.user('sales');
    const b = await ws.user('agent');
    expect((await b.req('PUT', '/api/notification-preferences', { items: [{ kind: 'mention', inApp: true, email: 'daily_digest' }] })).status).toBe(200);
    const c1 = await contact(ws);
    const c2 = await contact(ws);
    await note(a, c1, `Erstens ${mention(b)}`);
    await note(a, c2, `Zweitens ${mention(b)}`);
    await rowsOf(ws, 2);
    // Nothing mailed at once.
    await new Promise((r) => setTimeout(r, 500));
    expect(mails.filter((m) => m.to.includes(b.email))).toHaveLength(0);
    await runDigest(api.deps);
    const digest = mails.filter((m) => m.to.includes(b.email));
    expect(digest).toHaveLength(1);
    const text = digest[0]!.raw.replace(/=\r?\n/g, '');
    expect(text).toContain(`/people/${c1}#note-`);
    expect(text).toContain(`/people/${c2}#note-`);
    // A second run mails nothing again.
    await runDigest(api.deps);
    expect(mails.filter((m) => m.to.includes(b.email))).toHaveLength(1);
  });
});

test('erasing the person removes the notifications about them', async () => {
  const ws = await api.workspace();
  const a = await ws.user('sales');
  const c = await contact(ws);
  await note(a, c, `Bitte löschen ${mention(ws.admin)}`);
  await rowsOf(ws, 1);
  const erased = await ws.admin.req('POST', `/api/contacts/${c}/erase`, { confirm: 'Anna Kundin' });
  expect(erased.status, erased.text).toBe(200);
  expect(erased.body.erased.notifications).toBe(1);
  expect(await api.deps.db.select().from(notifications).where(eq(notifications.workspaceId, ws.id))).toHaveLength(0);
});
