import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { appSecretProof } from '../../connectors/meta/client.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { channels, contacts, conversations, csatSurveys, events, messages, users } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { eventually, useApi, type Api, type TestWorkspace } from '../../testing/harness.ts';
import { connect, fixtureJson, SECRETS, settled, stored } from '../inbox/testing.ts';
import { sendSurvey } from './csat.ts';

const api = useApi({ PARLEY_PUBLIC_URL: 'https://parley.example' });
let graph: { calls: GraphCall[]; baseUrl: string; close: () => Promise<void> };
beforeAll(async () => { graph = await startGraph(); });
afterAll(async () => { await graph.close(); });

// A local imitation of the Graph API's send endpoints (as outbox.api.test.ts does), a Facebook page channel pointed
// at it, and conversations ingested from the real fixtures.
const TOKEN = 'page-access-token-0123456789';
const PROOF = appSecretProof(TOKEN, SECRETS.facebook!.appSecret!);
const PAGE = '1234567890321';
const POST = `${PAGE}_7293787835232`;

interface GraphCall { method: string; path: string; body: any }

/** A Graph API imitation on a local port: records every call, answers comments and Send API messages like Meta. */
async function startGraph(): Promise<{ calls: GraphCall[]; baseUrl: string; close: () => Promise<void> }> {
  const calls: GraphCall[] = [];
  let counter = 0;
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url!, 'http://localhost');
      const text = await read(req);
      const call: GraphCall = { method: req.method!, path: url.pathname, body: text ? JSON.parse(text) : null };
      calls.push(call);
      let answer: { status: number; body: unknown };
      if (req.headers.authorization !== `Bearer ${TOKEN}` || url.searchParams.get('appsecret_proof') !== PROOF) {
        answer = { status: 400, body: { error: { message: 'Invalid appsecret_proof', code: 100 } } };
      } else if (/\/comments$/.test(url.pathname) && typeof call.body?.message === 'string') {
        answer = { status: 200, body: { id: `${url.pathname.split('/')[2]}_r${++counter}` } };
      } else if (/\/me\/messages$/.test(url.pathname) && call.body?.message?.text) {
        answer = { status: 200, body: { recipient_id: call.body.recipient.id ?? '6543210987654321', message_id: `m_${++counter}` } };
      } else {
        answer = { status: 400, body: { error: { message: `unexpected ${call.method} ${call.path}`, code: 100 } } };
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    calls, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A Facebook page channel that sends to the imitation. */
async function pageChannel(api: Api, ws: TestWorkspace, baseUrl: string) {
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  expect((await ws.admin.req('PATCH', `/api/channels/${fb.id}`, { secrets: { accessToken: TOKEN } })).status).toBe(200);
  await api.deps.db.update(channels).set({ settings: { apiBaseUrl: baseUrl } }).where(and(eq(channels.workspaceId, ws.id), eq(channels.id, fb.id)));
  return fb;
}

/** A customer's public comment under the page's post: its conversation. */
async function publicComment(api: Api, ws: TestWorkspace, fb: Awaited<ReturnType<typeof pageChannel>>, commentId: string, text: string) {
  const body = fixtureJson('meta/fixtures/facebook-page/feed-comment-add-25.json');
  body.entry[0].changes[0].value = { item: 'comment', verb: 'add', comment_id: commentId, post_id: POST, parent_id: POST,
    from: { id: `5550${commentId.slice(-5)}`, name: 'Anna Kundin' }, created_time: 1454707100, message: text };
  expect((await fb.send(body)).status).toBe(200);
  await settled(api, ws.id, fb.id);
  return (await stored(api, ws.id, fb.id)).conversations.find((c) => c.threadKey !== '' && c.kind === 'public')!;
}

/** A customer's direct message (Messenger): its private conversation. */
async function directMessage(api: Api, ws: TestWorkspace, fb: Awaited<ReturnType<typeof pageChannel>>, psid: string, text: string) {
  const body = fixtureJson('meta/fixtures/messenger/messaging-message-basic.json');
  body.entry[0].id = PAGE;
  body.entry[0].messaging[0].sender.id = psid;
  body.entry[0].messaging[0].recipient.id = PAGE;
  body.entry[0].messaging[0].message.mid = `mid.${psid}.${Date.now()}`;
  body.entry[0].messaging[0].message.text = text;
  expect((await fb.send(body)).status).toBe(200);
  await settled(api, ws.id, fb.id);
  return (await stored(api, ws.id, fb.id)).conversations.find((c) => c.kind === 'private' && c.threadKey === psid)!;
}

const sentWith = (text: string) => graph.calls.filter((c) => c.body?.message === text || c.body?.message?.text === text);

async function setConversation(ws: TestWorkspace, id: string, set: Partial<typeof conversations.$inferInsert>) {
  await api.deps.db.update(conversations).set(set).where(and(eq(conversations.workspaceId, ws.id), eq(conversations.id, id)));
}

async function messageOf(ws: TestWorkspace, conversationId: string, id: string) {
  const detail = await ws.admin.req('GET', `/api/conversations/${conversationId}`);
  return detail.body.messages.find((m: { id: string }) => m.id === id);
}

describe('canned replies', () => {
  let ws: TestWorkspace;
  let conversationId: string;
  let cannedId: string;
  beforeAll(async () => {
    ws = await api.workspace();
    const fb = await pageChannel(api, ws, graph.baseUrl);
    conversationId = (await directMessage(api, ws, fb, '7000001', 'Wo bleibt mein Paket?')).id;
    const manager = await ws.user('manager');
    const res = await manager.req('POST', '/api/canned-replies', {
      name: 'Versandstatus', shortcut: 'versand',
      texts: { de: 'Hallo {{contact.first_name}}, Ihr Paket ist unterwegs. Viele Grüße, {{agent.first_name}} von {{company.name}}', en: 'Hi {{contact.first_name|there}}, your parcel is on its way.' },
    });
    expect(res.status, res.text).toBe(201);
    cannedId = res.body.id;
  });

  test('managers keep them, agents read and use them; shortcuts are unique; at least one language', async () => {
    const agent = await ws.user('agent');
    expect((await agent.req('GET', '/api/canned-replies')).body.items.map((c: { shortcut: string }) => c.shortcut)).toEqual(['versand']);
    expect((await agent.req('GET', '/api/canned-replies?q=VERS')).body.items).toHaveLength(1);
    expect((await agent.req('GET', '/api/canned-replies?q=termin')).body.items).toHaveLength(0);
    expect((await agent.req('POST', '/api/canned-replies', { name: 'x', shortcut: 'x', texts: { de: 'x' } })).status).toBe(403);
    expect((await (await ws.user('expert')).req('GET', '/api/canned-replies')).status).toBe(403);
    const dup = await ws.admin.req('POST', '/api/canned-replies', { name: 'Zwei', shortcut: 'Versand', texts: { de: 'x' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('canned_shortcut_taken');
    expect((await ws.admin.req('POST', '/api/canned-replies', { name: 'Leer', shortcut: 'leer', texts: {} })).status).toBe(400);
    const other = await api.workspace();
    expect((await other.admin.req('PUT', `/api/canned-replies/${cannedId}`, { name: 'y', shortcut: 'y', texts: { de: 'y' } })).status).toBe(404);
    expect((await other.admin.req('POST', `/api/conversations/${conversationId}/canned-replies/${cannedId}/render`)).status).toBe(404);
  });

  // Each row: the customer as stored (a linked person, or only the network's display name) and what the template says.
  test.each([
    { name: 'a linked person, German thread', contact: { firstName: 'Jürgen', lastName: 'Weiß' }, display: 'JW Handle', language: 'de',
      text: 'Hallo Jürgen, Ihr Paket ist unterwegs. Viele Grüße, manager von Test', missing: [] as string[], fellBack: false },
    { name: 'no person: the network name stands in', contact: null, display: 'Anna Kundin', language: 'de',
      text: 'Hallo Anna, Ihr Paket ist unterwegs. Viele Grüße, manager von Test', missing: [], fellBack: false },
    { name: 'no name at all: left marked and reported', contact: null, display: null, language: 'de',
      text: 'Hallo {{contact.first_name}}, Ihr Paket ist unterwegs. Viele Grüße, manager von Test', missing: ['contact.first_name'], fellBack: false },
    { name: 'English thread with the fallback syntax', contact: null, display: null, language: 'en',
      text: 'Hi there, your parcel is on its way.', missing: [], fellBack: false },
    { name: 'injection: a customer called {{agent.name}} stays as written', contact: { firstName: '{{agent.name}}', lastName: '{{company.name}}' }, display: null, language: 'de',
      text: 'Hallo {{agent.name}}, Ihr Paket ist unterwegs. Viele Grüße, manager von Test', missing: [], fellBack: false },
  ])('render: $name', async ({ contact, display, language, text, missing, fellBack }) => {
    const manager = await ws.user('manager');
    await api.deps.db.update(users).set({ name: 'manager' }).where(and(eq(users.workspaceId, ws.id), eq(users.id, manager.id)));
    let contactId: string | null = null;
    if (contact) {
      contactId = newId();
      await api.deps.db.insert(contacts).values({ workspaceId: ws.id, id: contactId, ...contact });
    }
    const conv = (await api.deps.db.select().from(conversations).where(and(eq(conversations.workspaceId, ws.id), eq(conversations.id, conversationId))))[0]!;
    await setConversation(ws, conversationId, { contactId, language });
    await api.deps.db.execute(sql`UPDATE social_identities SET display_name = ${display} WHERE workspace_id = ${ws.id}::uuid AND id = ${conv.identityId}::uuid`);
    await api.deps.db.execute(sql`UPDATE workspaces SET name = 'Test' WHERE id = ${ws.id}::uuid`);
    const res = await manager.req('POST', `/api/conversations/${conversationId}/canned-replies/${cannedId}/render`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ text, language, fellBack, unknown: [], missing });
  });

  test('language fallback, unknown variables reported, usage counted', async () => {
    const res = await ws.admin.req('POST', '/api/canned-replies', { name: 'Nur Deutsch', shortcut: 'nur-de', texts: { de: 'Danke {{contact.vorname}}! Ticket {{conversation.id}}' } });
    await setConversation(ws, conversationId, { language: 'en' });
    const before = (await ws.admin.req('GET', '/api/canned-replies?q=nur-de')).body.items[0].usageCount;
    const r = await ws.admin.req('POST', `/api/conversations/${conversationId}/canned-replies/${res.body.id}/render`);
    expect(r.body).toEqual({ text: `Danke {{contact.vorname}}! Ticket ${conversationId}`, language: 'de', fellBack: true, unknown: ['contact.vorname'], missing: [] });
    expect((await ws.admin.req('GET', '/api/canned-replies?q=nur-de')).body.items[0].usageCount).toBe(before + 1);
    const preview = await ws.admin.req('POST', '/api/canned-replies/preview', { text: 'Hallo {{contact.salutation}} {{contact.last_name}}', language: 'de' });
    expect(preview.body.text).toBe('Hallo Frau Schneider');
  });
});

test('a draft is kept per user on the server, read from another session, and deleted when the reply is sent', async () => {
  const ws = await api.workspace();
  const fb = await pageChannel(api, ws, graph.baseUrl);
  const c = await directMessage(api, ws, fb, '7000002', 'Hallo?');
  const agent = await ws.user('agent');
  const colleague = await ws.user('agent');
  expect((await agent.req('GET', `/api/conversations/${c.id}/draft`)).body).toEqual({ draft: null });
  const put = await agent.req('PUT', `/api/conversations/${c.id}/draft`, { text: 'Guten Tag, ich prüfe', private: false });
  expect(put.status, put.text).toBe(200);
  // Another session of the same agent (its API token) finds it; a colleague has none.
  const other = await api.anon('GET', `/api/conversations/${c.id}/draft`, undefined, { authorization: `Bearer ${agent.token}` });
  expect(other.body.draft).toMatchObject({ text: 'Guten Tag, ich prüfe', private: false });
  expect((await colleague.req('GET', `/api/conversations/${c.id}/draft`)).body.draft).toBeNull();
  expect((await (await ws.user('expert')).req('PUT', `/api/conversations/${c.id}/draft`, { text: 'x' })).status).toBe(403);
  const send = await agent.req('POST', `/api/conversations/${c.id}/replies`, { text: 'Guten Tag, ich prüfe das.' });
  expect(send.status, send.text).toBe(201);
  expect((await agent.req('GET', `/api/conversations/${c.id}/draft`)).body.draft).toBeNull();
  // An empty text deletes a draft too.
  await agent.req('PUT', `/api/conversations/${c.id}/draft`, { text: 'neu' });
  expect((await agent.req('PUT', `/api/conversations/${c.id}/draft`, { text: '  ' })).body.draft).toBeNull();
  expect((await agent.req('GET', `/api/conversations/${c.id}/draft`)).body.draft).toBeNull();
});

describe('reply approval', () => {
  test('a flagged agent\'s reply is held and not sent; the manager edits and approves it and the edited text is sent', async () => {
    const ws = await api.workspace();
    const fb = await pageChannel(api, ws, graph.baseUrl);
    const c = await directMessage(api, ws, fb, '7000003', 'Ich will mein Geld zurück!');
    const agent = await ws.user('agent');
    const manager = await ws.user('manager');
    expect((await agent.req('PUT', `/api/approval-agents/${agent.id}`, { needsApproval: true })).status).toBe(403);
    expect((await manager.req('PUT', `/api/approval-agents/${agent.id}`, { needsApproval: true })).body.userIds).toEqual([agent.id]);

    const original = 'Das geht leider nicht.';
    const res = await agent.req('POST', `/api/conversations/${c.id}/replies`, { text: original });
    expect(res.status, res.text).toBe(201);
    expect(res.body.sendStatus).toBe('pending_approval');
    // Nothing reaches the network while it waits (the send queue gets no job for it).
    await new Promise((r) => setTimeout(r, 1500));
    expect(sentWith(original)).toHaveLength(0);
    expect((await messageOf(ws, c.id, res.body.id)).sendStatus).toBe('pending_approval');

    const count = await manager.req('GET', '/api/approvals/count');
    expect(count.body).toEqual({ pending: 1 });
    const list = await manager.req('GET', '/api/approvals');
    expect(list.body).toMatchObject({ pending: 1, items: [{ messageId: res.body.id, conversationId: c.id, status: 'pending', text: original, reasons: ['agent_needs_approval'],
      author: { id: agent.id }, conversation: { kind: 'private', network: 'facebook', lastInbound: 'Ich will mein Geld zurück!' } }] });
    expect((await agent.req('GET', '/api/approvals')).status).toBe(403);
    expect((await agent.req('POST', `/api/approvals/${res.body.id}/approve`, {})).status).toBe(403);
    expect((await (await api.workspace()).admin.req('POST', `/api/approvals/${res.body.id}/approve`, {})).status).toBe(404);

    const edited = 'Das tut uns leid. Wir erstatten Ihnen den Betrag innerhalb von 5 Tagen.';
    const ok = await manager.req('POST', `/api/approvals/${res.body.id}/approve`, { text: edited });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', originalText: original, text: edited, decidedBy: { id: manager.id } });
    await eventually(async () => expect((await messageOf(ws, c.id, res.body.id)).sendStatus).toBe('sent'));
    expect(sentWith(edited)).toHaveLength(1);
    expect(sentWith(original)).toHaveLength(0);
    expect((await manager.req('POST', `/api/approvals/${res.body.id}/approve`, {})).body.error.code).toBe('approval_decided');
    const types = (await api.deps.db.select({ type: events.type }).from(events).where(and(eq(events.workspaceId, ws.id), eq(events.subjectId, res.body.id)))).map((e) => e.type);
    expect(types.sort()).toEqual(['reply.approved', 'reply.held', 'reply.sent']);
  });

  test('a rule holds an agent\'s reply (negative sentiment on a public thread); rejection shows its reason; managers are never held', async () => {
    const ws = await api.workspace();
    const fb = await pageChannel(api, ws, graph.baseUrl);
    const c = await publicComment(api, ws, fb, '7293787835232_9001', 'Ihr Service ist eine Katastrophe!');
    await setConversation(ws, c.id, { sentiment: 'negative' });
    const agent = await ws.user('agent');
    const manager = await ws.user('manager');
    const rule = await manager.req('POST', '/api/approval-rules', { name: 'Negativ öffentlich', conditions: { negativeSentiment: true, publicThread: true } });
    expect(rule.status, rule.text).toBe(201);
    await manager.req('POST', '/api/approval-rules', { name: 'VIP', conditions: { vip: true } });
    expect((await agent.req('POST', '/api/approval-rules', { name: 'x', conditions: { vip: true } })).status).toBe(403);

    const held = await agent.req('POST', `/api/conversations/${c.id}/replies`, { text: 'Beruhigen Sie sich.' });
    expect(held.body.sendStatus).toBe('pending_approval');
    const list = await manager.req('GET', '/api/approvals');
    expect(list.body.items.map((a: { reasons: string[] }) => a.reasons)).toEqual([['Negativ öffentlich']]);
    expect((await manager.req('POST', `/api/approvals/${held.body.id}/reject`, { reason: '' })).status).toBe(400);
    const rej = await manager.req('POST', `/api/approvals/${held.body.id}/reject`, { reason: 'Bitte entschuldigen und Hilfe anbieten.' });
    expect(rej.body).toMatchObject({ status: 'rejected', rejectReason: 'Bitte entschuldigen und Hilfe anbieten.' });
    const seen = await agent.req('GET', `/api/conversations/${c.id}`);
    expect(seen.body.messages.find((m: { id: string }) => m.id === held.body.id)).toMatchObject({ sendStatus: 'rejected', sendError: 'Bitte entschuldigen und Hilfe anbieten.' });
    expect(sentWith('Beruhigen Sie sich.')).toHaveLength(0);

    // The manager's own reply on the same thread goes straight out.
    const own = await manager.req('POST', `/api/conversations/${c.id}/replies`, { text: 'Das tut uns sehr leid, wir melden uns per Nachricht.' });
    expect(own.body.sendStatus).toBe('queued');
    await eventually(async () => expect(sentWith('Das tut uns sehr leid, wir melden uns per Nachricht.')).toHaveLength(1));
    // With the rule disabled, the agent's reply is not held either.
    await manager.req('PUT', `/api/approval-rules/${rule.body.id}`, { name: 'Negativ öffentlich', conditions: { negativeSentiment: true, publicThread: true }, enabled: false });
    expect((await agent.req('POST', `/api/conversations/${c.id}/replies`, { text: 'Wir helfen gern.' })).body.sendStatus).toBe('queued');
    expect((await manager.req('GET', '/api/approvals?status=rejected')).body.items).toHaveLength(1);
  });

  test('keyword, VIP and new-agent-by-days conditions', async () => {
    const ws = await api.workspace();
    const fb = await pageChannel(api, ws, graph.baseUrl);
    const c = await directMessage(api, ws, fb, '7000004', 'Hallo');
    const agent = await ws.user('agent');
    await ws.admin.req('POST', '/api/approval-rules', { name: 'Rechtliches', conditions: { keywords: ['Anwalt', 'Klage'] } });
    expect((await agent.req('POST', `/api/conversations/${c.id}/replies`, { text: 'Kein Problem.' })).body.sendStatus).toBe('queued');
    expect((await agent.req('POST', `/api/conversations/${c.id}/replies`, { text: 'Wenden Sie sich an Ihren ANWALT.' })).body.sendStatus).toBe('pending_approval');
    const contactId = newId();
    await api.deps.db.insert(contacts).values({ workspaceId: ws.id, id: contactId, firstName: 'Vera', tags: ['VIP'] });
    await setConversation(ws, c.id, { contactId });
    await ws.admin.req('POST', '/api/approval-rules', { name: 'VIP', conditions: { vip: true } });
    expect((await agent.req('POST', `/api/conversations/${c.id}/replies`, { text: 'Gern.' })).body.sendStatus).toBe('pending_approval');
    await setConversation(ws, c.id, { contactId: null });
    await ws.admin.req('POST', '/api/approval-rules', { name: 'Neu', conditions: { newAgent: true, newAgentDays: 30 } });
    expect((await agent.req('POST', `/api/conversations/${c.id}/replies`, { text: 'Gern.' })).body.sendStatus).toBe('pending_approval');
    await api.deps.db.update(users).set({ createdAt: new Date(Date.now() - 40 * 86_400_000) }).where(and(eq(users.workspaceId, ws.id), eq(users.id, agent.id)));
    expect((await agent.req('POST', `/api/conversations/${c.id}/replies`, { text: 'Gern.' })).body.sendStatus).toBe('queued');
  });
});

describe('CSAT', () => {
  test('a survey goes out once when a private thread is resolved, never on a public one; its answer is stored and can be changed for 24 hours', async () => {
    const ws = await api.workspace();
    const fb = await pageChannel(api, ws, graph.baseUrl);
    const dm = await directMessage(api, ws, fb, '7000005', 'Danke, hat geklappt');
    const pub = await publicComment(api, ws, fb, '7293787835232_9002', 'Super, danke!');
    const agent = await ws.user('agent');
    // Not enabled: no survey.
    await sendSurvey(api.deps, ws.id, dm.id, newId());
    expect(await api.deps.db.select().from(csatSurveys).where(eq(csatSurveys.workspaceId, ws.id))).toHaveLength(0);
    expect((await agent.req('PATCH', '/api/reply-settings', { csatEnabled: true })).status).toBe(403);
    expect((await ws.admin.req('PATCH', '/api/reply-settings', { csatEnabled: true })).body).toEqual({ csatEnabled: true, csatLinkDays: 14 });
    expect((await agent.req('PATCH', `/api/conversations/${dm.id}`, { status: 'resolved' })).status).toBe(200);
    await agent.req('PATCH', `/api/conversations/${pub.id}`, { status: 'resolved' });
    const survey = await eventually(async () => {
      const list = await api.deps.db.select().from(csatSurveys).where(eq(csatSurveys.workspaceId, ws.id));
      expect(list).toHaveLength(1);
      expect(list[0]!.messageId).not.toBeNull();
      return list[0]!;
    });
    expect(survey).toMatchObject({ conversationId: dm.id, language: 'de', score: null });
    const m = await eventually(async () => {
      const msg = await messageOf(ws, dm.id, survey.messageId!);
      expect(msg.sendStatus).toBe('sent');
      return msg;
    });
    expect(m.text).toMatch(/^Wie zufrieden waren Sie .* https:\/\/parley\.example\/csat\/[\w-]+\.[\w-]+$/);
    expect(graph.calls.some((c) => c.body?.message?.text === m.text && c.body?.recipient?.id === '7000005')).toBe(true);
    // The same resolution handled again sends nothing more.
    await sendSurvey(api.deps, ws.id, dm.id, survey.resolutionEventId);
    expect(await api.deps.db.select().from(csatSurveys).where(eq(csatSurveys.workspaceId, ws.id))).toHaveLength(1);
    expect((await api.deps.db.select().from(messages).where(and(eq(messages.workspaceId, ws.id), eq(messages.conversationId, dm.id)))).filter((x) => x.direction === 'outbound')).toHaveLength(1);

    const token = m.text.split('/csat/')[1];
    const page = await api.anon('GET', `/api/csat/survey?token=${token}`);
    expect(page.body).toEqual({ language: 'de', company: expect.any(String), score: null, comment: null, open: true });
    expect((await api.anon('POST', '/api/csat/survey', { token, score: 6 })).status).toBe(400);
    const answer = await api.anon('POST', '/api/csat/survey', { token, score: 4, comment: 'Schnell und freundlich' });
    expect(answer.status, answer.text).toBe(200);
    expect((await api.anon('POST', '/api/csat/survey', { token, score: 5 })).body).toMatchObject({ score: 5, comment: null, open: true });
    expect((await agent.req('GET', `/api/conversations/${dm.id}/csat`)).body.surveys).toMatchObject([{ score: 5 }]);
    await api.deps.db.update(csatSurveys).set({ answeredAt: new Date(Date.now() - 25 * 3600_000) }).where(eq(csatSurveys.workspaceId, ws.id));
    const late = await api.anon('POST', '/api/csat/survey', { token, score: 1 });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('csat_closed');

    const report = await agent.req('GET', '/api/csat/report');
    expect(report.body).toMatchObject({ sent: 1, answered: 1, average: 5, distribution: [0, 0, 0, 0, 1] });
    const types = (await api.deps.db.select({ type: events.type }).from(events).where(eq(events.workspaceId, ws.id))).map((e) => e.type);
    expect(types.filter((t) => t === 'csat.answered')).toHaveLength(2);
  });

  test('bad and expired links are not found', async () => {
    const ws = await api.workspace();
    expect((await api.anon('GET', '/api/csat/survey?token=not-a-real-token-at-all')).status).toBe(404);
    const expired = api.deps.secrets.sign('csat', { w: ws.id, s: newId() }, -1000);
    expect((await api.anon('GET', `/api/csat/survey?token=${expired}`)).status).toBe(404);
    const wrongPurpose = api.deps.secrets.sign('invite', { w: ws.id, s: newId() }, 60_000);
    expect((await api.anon('POST', '/api/csat/survey', { token: wrongPurpose, score: 3 })).status).toBe(404);
    const unknown = api.deps.secrets.sign('csat', { w: ws.id, s: newId() }, 60_000);
    expect((await api.anon('GET', `/api/csat/survey?token=${unknown}`)).status).toBe(404);
  });
});

test('drafts and CSAT answers are the customer\'s personal data: exported with them, and erased (the anonymous score stays)', async () => {
  const ws = await api.workspace();
  const fb = await pageChannel(api, ws, graph.baseUrl);
  const c = await directMessage(api, ws, fb, '7000006', 'Bitte löschen Sie meine Daten');
  const person = await ws.admin.req('POST', '/api/contacts', { firstName: 'Greta', lastName: 'Lindner' });
  expect(person.status, person.text).toBe(201);
  await setConversation(ws, c.id, { contactId: person.body.id });
  const agent = await ws.user('agent');
  await agent.req('PUT', `/api/conversations/${c.id}/draft`, { text: 'Liebe Frau Lindner, Ihre Adresse Am Markt 3 …' });
  const surveyId = newId();
  await api.deps.db.insert(csatSurveys).values({ workspaceId: ws.id, id: surveyId, conversationId: c.id, resolutionEventId: newId(), contactId: person.body.id,
    language: 'de', score: 2, comment: 'Frau Lindner war unzufrieden', answeredAt: new Date() });

  const exported = await ws.admin.req('GET', `/api/contacts/${person.body.id}/export`);
  expect(exported.status, exported.text).toBe(200);
  expect(exported.text).toContain('Ihre Adresse Am Markt 3');
  expect(exported.text).toContain('Frau Lindner war unzufrieden');

  const erased = await ws.admin.req('POST', `/api/contacts/${person.body.id}/erase`, { confirm: 'Greta Lindner' });
  expect(erased.status, erased.text).toBe(200);
  expect((await agent.req('GET', `/api/conversations/${c.id}/draft`)).body.draft).toBeNull();
  const [survey] = await api.deps.db.select().from(csatSurveys).where(and(eq(csatSurveys.workspaceId, ws.id), eq(csatSurveys.id, surveyId)));
  expect(survey).toMatchObject({ score: 2, comment: null, contactId: null });
});
