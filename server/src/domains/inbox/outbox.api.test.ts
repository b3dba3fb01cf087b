import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { appSecretProof } from '../../connectors/meta/client.ts';
import { channels, events } from '../../db/schema.ts';
import { eventually, useApi, type TestWorkspace } from '../../testing/harness.ts';
import { connect, fixture, fixtureJson, SECRETS, settled, stored } from './testing.ts';

const api = useApi();

// A local imitation of the Graph API's send endpoints: the channels of these tests point their client at it
// (settings.apiBaseUrl), so nothing calls out. It checks what Meta checks (the bearer token and appsecret_proof) and
// answers like Meta; a test queues other answers (a 503, a token error) for the next calls.
const TOKEN = 'page-access-token-0123456789';
const PROOF = appSecretProof(TOKEN, SECRETS.facebook!.appSecret!);
const PSID = '6543210987654321';

interface Call { method: string; path: string; query: URLSearchParams; body: any }
interface Answer { status: number; body: unknown; headers?: Record<string, string> }

const calls: Call[] = [];
const scripted: Answer[] = [];
let server: Server;
let baseUrl: string;
let counter = 0;

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function graphAnswer(call: Call, auth: string | undefined): Answer {
  if (auth !== `Bearer ${TOKEN}` || call.query.get('appsecret_proof') !== PROOF) {
    return { status: 400, body: { error: { message: 'Invalid appsecret_proof provided in the API argument', type: 'GraphMethodException', code: 100 } } };
  }
  const comments = call.path.match(/^\/v\d+\.\d+\/([^/]+)\/comments$/);
  if (call.method === 'POST' && comments && typeof call.body?.message === 'string') return { status: 200, body: { id: `${decodeURIComponent(comments[1]!)}_r${++counter}` } };
  if (call.method === 'POST' && /\/me\/messages$/.test(call.path) && call.body?.recipient?.comment_id && call.body?.message?.text) {
    return { status: 200, body: { recipient_id: PSID, message_id: `m_private_${++counter}` } };
  }
  if (call.method === 'POST' && /^\/v\d+\.\d+\/[^/]+$/.test(call.path) && typeof call.body?.is_hidden === 'boolean') return { status: 200, body: { success: true } };
  return { status: 400, body: { error: { message: `unexpected ${call.method} ${call.path}`, code: 100 } } };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url!, 'http://localhost');
      const text = await read(req);
      const call: Call = { method: req.method!, path: url.pathname, query: url.searchParams, body: text ? JSON.parse(text) : null };
      calls.push(call);
      const answer = scripted.shift() ?? graphAnswer(call, req.headers.authorization);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const PAGE = '1234567890321';
const POST = `${PAGE}_7293787835232`;

/** A Facebook page channel that can send (page token set, Graph API played locally) with one customer comment ingested. */
async function pageWithComment(ws: TestWorkspace, commentId: string, opts: { token?: boolean } = {}) {
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  if (opts.token !== false) expect((await ws.admin.req('PATCH', `/api/channels/${fb.id}`, { secrets: { accessToken: TOKEN } })).status).toBe(200);
  await api.deps.db.update(channels).set({ settings: { apiBaseUrl: baseUrl } }).where(and(eq(channels.workspaceId, ws.id), eq(channels.id, fb.id)));
  const body = fixtureJson('meta/fixtures/facebook-page/feed-comment-add-25.json');
  body.entry[0].changes[0].value = { item: 'comment', verb: 'add', comment_id: commentId, post_id: POST, parent_id: POST,
    from: { id: '555000111', name: 'Anna Kundin' }, created_time: 1454707100, message: 'Meine Heizung ist kaputt, bitte helfen Sie mir' };
  expect((await fb.send(body)).status).toBe(200);
  await settled(api, ws.id, fb.id);
  const conversation = (await stored(api, ws.id, fb.id)).conversations[0]!;
  return { fb, conversation };
}

async function messageOf(ws: TestWorkspace, conversationId: string, id: string) {
  const detail = await ws.admin.req('GET', `/api/conversations/${conversationId}`);
  return detail.body.messages.find((m: { id: string }) => m.id === id);
}

const callsTo = (path: string) => calls.filter((c) => c.path.endsWith(path));

test('a reply is queued in the outbox and sent through the Graph API; it shows as sent with the network\'s id and its author', async () => {
  const ws = await api.workspace();
  const { conversation } = await pageWithComment(ws, '7293787835232_3001');
  const agent = await ws.user('agent');
  const res = await agent.req('POST', `/api/conversations/${conversation.id}/replies`, { text: 'Das tut uns leid! Wir schicken einen Techniker.' });
  expect(res.status, res.text).toBe(201);
  expect(res.body).toMatchObject({ direction: 'outbound', sendStatus: 'queued', sendError: null, externalId: null, parentExternalId: '7293787835232_3001',
    author: { id: agent.id, name: 'agent user' }, conversationId: conversation.id });
  const sent = await eventually(async () => {
    const m = await messageOf(ws, conversation.id, res.body.id);
    expect(m.sendStatus).toBe('sent');
    return m;
  });
  expect(sent).toMatchObject({ externalId: expect.stringMatching(/^7293787835232_3001_r\d+$/), sendError: null, author: { name: 'agent user' } });
  const call = calls.find((c) => c.path === '/v23.0/7293787835232_3001/comments' && c.body.message === 'Das tut uns leid! Wir schicken einen Techniker.');
  expect(call).toBeDefined();
  const detail = await agent.req('GET', `/api/conversations/${conversation.id}`);
  expect(detail.body).toMatchObject({ messageCount: 2, preview: 'Das tut uns leid! Wir schicken einen Techniker.' });
  const recorded = await api.deps.db.select({ type: events.type }).from(events).where(and(eq(events.workspaceId, ws.id), eq(events.subjectId, res.body.id)));
  expect(recorded.map((e) => e.type).sort()).toEqual(['reply.queued', 'reply.sent']);

  // Sales may not reply; an expert not asked into the conversation does not find it (experts/visibility.ts); another
  // workspace's conversation is not found.
  for (const [role, status] of [['expert', 404], ['sales', 403]] as const) {
    expect((await (await ws.user(role)).req('POST', `/api/conversations/${conversation.id}/replies`, { text: 'Hallo' })).status).toBe(status);
  }
  const other = await api.workspace();
  expect((await other.admin.req('POST', `/api/conversations/${conversation.id}/replies`, { text: 'Hallo' })).status).toBe(404);
});

test('a channel without the page token refuses a reply with 409 before anything is stored', async () => {
  const ws = await api.workspace();
  const { fb, conversation } = await pageWithComment(ws, '7293787835232_3101', { token: false });
  const res = await ws.admin.req('POST', `/api/conversations/${conversation.id}/replies`, { text: 'Hallo' });
  expect(res.status, res.text).toBe(409);
  expect(res.body.error.code).toBe('channel_credentials_missing');
  expect(res.text).not.toContain(SECRETS.facebook!.appSecret);
  expect((await stored(api, ws.id, fb.id)).messages).toHaveLength(1);
});

test('a 503 is retried after the wait the network asks for, and the reply is sent', async () => {
  const ws = await api.workspace();
  const { conversation } = await pageWithComment(ws, '7293787835232_3201');
  const before = callsTo('/7293787835232_3201/comments').length;
  // A load balancer's 503 (no Graph error body) with Retry-After: the next attempt waits that long, not the backoff's 5 s.
  scripted.push({ status: 503, body: {}, headers: { 'retry-after': '1' } });
  const res = await ws.admin.req('POST', `/api/conversations/${conversation.id}/replies`, { text: 'Wir kümmern uns darum.' });
  expect(res.status, res.text).toBe(201);
  // While it waits, the reply shows as queued with the reason and the wait (the network asked for 1 s, not the backoff's 5).
  await eventually(async () => {
    const m = await messageOf(ws, conversation.id, res.body.id);
    expect(m).toMatchObject({ sendStatus: 'queued', sendError: expect.stringMatching(/^retrying in 1 s \(attempt 1 of \d+ failed\): upstream_unavailable: /) });
  });
  const sent = await eventually(async () => {
    const m = await messageOf(ws, conversation.id, res.body.id);
    expect(m.sendStatus).toBe('sent');
    return m;
  }, 20_000);
  expect(sent.sendError).toBeNull();
  expect(sent.externalId).toMatch(/^7293787835232_3201_r\d+$/);
  expect(callsTo('/7293787835232_3201/comments').length - before).toBe(2);
});

test('a token error fails the reply with its reason and no retry; after the fix the retry endpoint sends it', async () => {
  const ws = await api.workspace();
  const { conversation } = await pageWithComment(ws, '7293787835232_3301');
  scripted.push({ status: 400, body: { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463 } } });
  const res = await ws.admin.req('POST', `/api/conversations/${conversation.id}/replies`, { text: 'Wir melden uns.' });
  expect(res.status, res.text).toBe(201);
  const failed = await eventually(async () => {
    const m = await messageOf(ws, conversation.id, res.body.id);
    expect(m.sendStatus).toBe('failed');
    return m;
  });
  expect(failed.sendError).toMatch(/^token_expired: .*Session has expired/);
  expect(failed.sendError).not.toContain(TOKEN);
  await new Promise((r) => setTimeout(r, 1500));
  expect(callsTo('/7293787835232_3301/comments')).toHaveLength(1);
  expect((await messageOf(ws, conversation.id, res.body.id)).sendStatus).toBe('failed');

  // The network answers again (the admin renewed the token): the agent retries.
  for (const [role, status] of [['expert', 404], ['sales', 403]] as const) expect((await (await ws.user(role)).req('POST', `/api/messages/${res.body.id}/retry`)).status).toBe(status);
  const retry = await ws.admin.req('POST', `/api/messages/${res.body.id}/retry`);
  expect(retry.status, retry.text).toBe(200);
  expect(retry.body).toMatchObject({ sendStatus: 'queued', sendError: null });
  await eventually(async () => expect((await messageOf(ws, conversation.id, res.body.id)).sendStatus).toBe('sent'));
  expect(callsTo('/7293787835232_3301/comments')).toHaveLength(2);
  const again = await ws.admin.req('POST', `/api/messages/${res.body.id}/retry`);
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('reply_not_failed');
  const inbound = (await stored(api, ws.id, conversation.channelId)).messages.find((m) => m.direction === 'inbound')!;
  expect((await ws.admin.req('POST', `/api/messages/${inbound.id}/retry`)).body.error.code).toBe('reply_not_found');
});

test('a private reply to a comment opens the DM thread: the reply moves there and the two conversations name each other', async () => {
  const ws = await api.workspace();
  const { fb, conversation } = await pageWithComment(ws, '7293787835232_3401');
  const res = await ws.admin.req('POST', `/api/conversations/${conversation.id}/replies`, { text: 'Schicken Sie uns bitte Ihre Kundennummer.', private: true });
  expect(res.status, res.text).toBe(201);
  expect(res.body).toMatchObject({ objectType: 'private_reply', sendStatus: 'queued', parentExternalId: '7293787835232_3401' });
  await eventually(async () => {
    const s = await stored(api, ws.id, fb.id);
    expect(s.messages.find((m) => m.id === res.body.id)!.sendStatus).toBe('sent');
  });
  const s = await stored(api, ws.id, fb.id);
  const dm = s.conversations.find((c) => c.kind === 'private')!;
  expect(dm).toMatchObject({ threadKey: PSID, linkedConversationId: conversation.id, identityId: conversation.identityId, messageCount: 1 });
  expect(s.conversations.find((c) => c.id === conversation.id)).toMatchObject({ linkedConversationId: dm.id, messageCount: 1 });
  const moved = await messageOf(ws, dm.id, res.body.id);
  expect(moved).toMatchObject({ conversationId: dm.id, sendStatus: 'sent', externalId: expect.stringMatching(/^m_private_/) });
  const call = calls.find((c) => c.path === '/v23.0/me/messages' && c.body.recipient.comment_id === '7293787835232_3401');
  expect(call?.body).toMatchObject({ messaging_type: 'RESPONSE', message: { text: 'Schicken Sie uns bitte Ihre Kundennummer.' } });

  // The customer's answer arrives in the same DM thread (Meta keys it by their page-scoped id).
  const answer = fixtureJson('meta/fixtures/messenger/messaging-message-basic.json');
  answer.entry[0].id = PAGE;
  answer.entry[0].messaging[0].sender.id = PSID;
  answer.entry[0].messaging[0].recipient.id = PAGE;
  answer.entry[0].messaging[0].message.mid = 'mid.answer-1';
  expect((await fb.send(answer)).status).toBe(200);
  await settled(api, ws.id, fb.id);
  expect((await stored(api, ws.id, fb.id)).conversations.filter((c) => c.kind === 'private')).toMatchObject([{ id: dm.id, messageCount: 2 }]);

  // Not in a DM thread, and not on networks without private replies.
  const inDm = await ws.admin.req('POST', `/api/conversations/${dm.id}/replies`, { text: 'x', private: true });
  expect(inDm.status).toBe(400);
  expect(inDm.body.error.code).toBe('private_reply_unsupported');
});

test('status and priority are set; moderation hides on the network and flags the message; what a network cannot do is refused', async () => {
  const ws = await api.workspace();
  const { fb, conversation } = await pageWithComment(ws, '7293787835232_3501');
  const patched = await ws.admin.req('PATCH', `/api/conversations/${conversation.id}`, { status: 'pending', priority: 'high' });
  expect(patched.status, patched.text).toBe(200);
  expect(patched.body).toMatchObject({ id: conversation.id, status: 'pending', priority: 'high' });
  expect((await ws.admin.req('PATCH', `/api/conversations/${conversation.id}`, { status: 'lost' })).status).toBe(400);
  // An expert not asked into it does not find it.
  expect((await (await ws.user('expert')).req('PATCH', `/api/conversations/${conversation.id}`, { status: 'closed' })).status).toBe(404);

  const comment = (await stored(api, ws.id, fb.id)).messages[0]!;
  const hidden = await ws.admin.req('POST', `/api/messages/${comment.id}/moderate`, { action: 'hide' });
  expect(hidden.status, hidden.text).toBe(200);
  expect(hidden.body.flags).toEqual(['hidden']);
  expect(calls.find((c) => c.path === '/v23.0/7293787835232_3501' && c.body.is_hidden === true)).toBeDefined();
  const spam = await (await ws.user('agent')).req('POST', `/api/messages/${comment.id}/moderate`, { action: 'mark_spam' });
  expect(spam.body.flags.sort()).toEqual(['hidden', 'spam']);
  const shown = await ws.admin.req('POST', `/api/messages/${comment.id}/moderate`, { action: 'unhide' });
  expect(shown.body.flags).toEqual(['spam']);
  expect((await (await ws.user('sales')).req('POST', `/api/messages/${comment.id}/moderate`, { action: 'hide' })).status).toBe(403);

  // The network refuses (a token error): the agent sees its code, and the flags stay.
  scripted.push({ status: 400, body: { error: { message: 'Error validating access token', type: 'OAuthException', code: 190 } } });
  const refused = await ws.admin.req('POST', `/api/messages/${comment.id}/moderate`, { action: 'hide' });
  expect(refused.status).toBe(502);
  expect(refused.body.error.code).toBe('token_expired');
  expect((await stored(api, ws.id, fb.id)).messages[0]!.flags).toEqual(['spam']);

  // Mastodon has no hiding of replies.
  const m = await connect(api, ws.admin, 'mastodon', 'stadtwerke@social.example');
  expect((await m.send(fixture('mastodon/fixtures/entity-status-00-example.json'))).status).toBe(200);
  await settled(api, ws.id, m.id);
  const toot = (await stored(api, ws.id, m.id)).messages[0]!;
  const unsupported = await ws.admin.req('POST', `/api/messages/${toot.id}/moderate`, { action: 'hide' });
  expect(unsupported.status).toBe(400);
  expect(unsupported.body.error.code).toBe('moderation_unsupported');
});
