import { expect, test } from 'vitest';
import { xCrcResponseToken } from '../../connectors/x/webhook.ts';
import { mutants } from '../../connectors/shared/mutants.ts';
import { eventually, useApi } from '../../testing/harness.ts';
import { baselineClassifier, setClassifier } from './classify.ts';
import { connect, fixture, fixtureJson, SECRETS, settled, stored } from './testing.ts';

const api = useApi();

const PAGE = '1234567890321';
const POST = `${PAGE}_7293787835232`;

// A feed change in the envelope Meta sends, for the page of the feed fixtures.
function feed(value: Record<string, unknown>, time = 1454707020) {
  const base = fixtureJson('meta/fixtures/facebook-page/feed-comment-add-25.json');
  base.entry[0].time = time;
  base.entry[0].changes[0].value = value;
  return base;
}

test('channels: secrets are sealed and never shown; only admins manage them; the webhook of a deleted channel is gone', async () => {
  const ws = await api.workspace();
  const res = await ws.admin.req('POST', '/api/channels', { network: 'facebook', externalId: PAGE, name: 'Stadtwerke', secrets: SECRETS.facebook });
  expect(res.status, res.text).toBe(201);
  expect(res.body).toMatchObject({ network: 'facebook', externalId: PAGE, status: 'active', webhookPath: `/api/channels/${res.body.id}/webhook` });
  expect(res.body.secrets).toEqual([{ name: 'appSecret', set: true }, { name: 'verifyToken', set: true }]);
  expect(res.text).not.toContain('test-app-secret');
  const id = res.body.id as string;
  expect((await ws.admin.req('POST', '/api/channels', { network: 'facebook', externalId: PAGE, name: 'again' })).body.error.code).toBe('channel_exists');
  expect((await ws.admin.req('POST', '/api/channels', { network: 'facebook', externalId: '1', name: 'x', secrets: { password: 'x' } })).body.error.code).toBe('secret_unknown');
  expect((await ws.admin.req('POST', '/api/channels', { network: 'xing', externalId: 'wärmewerk', name: 'x' })).body.error.code).toBe('network_not_supported');
  const patched = await ws.admin.req('PATCH', `/api/channels/${id}`, { name: 'Stadtwerke Süd', secrets: { verifyToken: null, accessToken: 'page-token' } });
  expect(patched.body.secrets).toEqual([{ name: 'appSecret', set: true }, { name: 'verifyToken', set: false }, { name: 'accessToken', set: true }]);
  expect(patched.text).not.toContain('page-token');
  expect((await ws.admin.req('GET', '/api/channels')).body.items.map((c: { id: string }) => c.id)).toEqual([id]);
  for (const role of ['agent', 'manager', 'expert'] as const) {
    expect((await (await ws.user(role)).req('GET', '/api/channels')).status).toBe(403);
  }
  expect((await ws.admin.req('DELETE', `/api/channels/${id}`)).status).toBe(204);
  const gone = await api.anon('POST', `/api/channels/${id}/webhook`, '{}', { 'content-type': 'application/json' });
  expect(gone.status).toBe(404);
  expect(gone.body.error.code).toBe('channel_not_found');
});

test('handshakes are answered (Meta hub.challenge, X CRC) and refused with a stable code when wrong', async () => {
  const ws = await api.workspace();
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  const ok = await api.anon('GET', `${fb.channel.webhookPath}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=my-verify-token`);
  expect(ok.status).toBe(200);
  expect(ok.text).toBe('1158201444');
  expect(ok.headers['content-type']).toMatch(/^text\/plain/);
  const wrong = await api.anon('GET', `${fb.channel.webhookPath}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess`);
  expect(wrong.status).toBe(403);
  expect(wrong.body.error.code).toBe('challenge_invalid');

  const x = await connect(api, ws.admin, 'x', '4337869213');
  const crc = await api.anon('GET', `${x.channel.webhookPath}?crc_token=abc123`);
  expect(crc.status).toBe(200);
  expect(crc.body).toEqual({ response_token: xCrcResponseToken(SECRETS.x!.consumerSecret!, 'abc123') });
  expect((await api.anon('GET', '/api/channels/00000000-0000-4000-8000-000000000000/webhook')).status).toBe(404);
});

test('bad signatures are refused with 401 and a code, and nothing is stored', async () => {
  const ws = await api.workspace();
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  const body = fixture('meta/fixtures/facebook-page/feed-post-add-25.json');
  const forged = await api.anon('POST', fb.channel.webhookPath, body, { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` });
  expect(forged.status).toBe(401);
  expect(forged.body.error.code).toBe('signature_invalid');
  const unsigned = await api.anon('POST', fb.channel.webhookPath, body, { 'content-type': 'application/json' });
  expect(unsigned.status).toBe(401);
  expect(unsigned.body.error.code).toBe('signature_missing');
  expect((await stored(api, ws.id, fb.id)).deliveries).toHaveLength(0);
});

test('Meta feed: a customer post, their comment and the page reply thread into one public conversation; edits and hiding flag the message', async () => {
  const ws = await api.workspace();
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  // The real post fixture, then a customer's comment and the page's reply under it, shaped like the comment fixtures.
  expect((await fb.send(fixture('meta/fixtures/facebook-page/feed-post-add-25.json'))).status).toBe(200);
  // Deliveries are processed in parallel on PostgreSQL: the post is in before anyone comments on it, as on the network.
  await settled(api, ws.id, fb.id);
  const comment = { item: 'comment', verb: 'add', comment_id: '7293787835232_1001', post_id: POST, parent_id: POST, from: { id: '555000111', name: 'Anna Kundin' },
    created_time: 1454707100, message: 'Meine Heizung ist seit Montag kaputt und funktioniert nicht, bitte helfen Sie mir' };
  expect((await fb.send(feed(comment))).status).toBe(200);
  const reply = { item: 'comment', verb: 'add', comment_id: '7293787835232_1002', post_id: POST, parent_id: '7293787835232_1001', sender_id: Number(PAGE),
    sender_name: 'Stadtwerke', created_time: 1454707200, message: 'Das tut uns leid, wir melden uns per Nachricht.' };
  expect((await fb.send(feed(reply))).status).toBe(200);
  await settled(api, ws.id, fb.id);
  let s = await stored(api, ws.id, fb.id);
  expect(s.deliveries.map((d) => d.status)).toEqual(['processed', 'processed', 'processed']);
  expect(s.conversations).toHaveLength(1);
  const conv = s.conversations[0]!;
  expect(conv).toMatchObject({ kind: 'public', threadKey: POST, messageCount: 3, status: 'open' });
  expect(conv.preview).toBe('Das tut uns leid, wir melden uns per Nachricht.');

  const detail = await ws.admin.req('GET', `/api/conversations/${conv.id}`);
  expect(detail.status, detail.text).toBe(200);
  expect(detail.body.messages.map((m: { externalId: string; direction: string }) => [m.externalId, m.direction])).toEqual([
    [POST, 'inbound'], ['7293787835232_1001', 'inbound'], ['7293787835232_1002', 'outbound'],
  ]);
  const anna = detail.body.messages[1];
  expect(anna).toMatchObject({ language: 'de', sentiment: 'negative', intent: 'service_request', flags: [] });
  expect(detail.body.messages[2].identityId).toBeNull();
  // Anna became a social identity; the thread's customer is the post's author (John Doe), who came first.
  const identity = await ws.admin.req('GET', `/api/identities/${anna.identityId}`);
  expect(identity.body).toMatchObject({ network: 'facebook', externalId: '555000111', displayName: 'Anna Kundin' });
  expect(detail.body.identityId).toBe(detail.body.messages[0].identityId);

  // Anna edits her comment, then the page hides it and shows it again.
  expect((await fb.send(feed({ ...comment, verb: 'edited', message: 'Heizung geht wieder, danke!', created_time: 1454707300 }))).status).toBe(200);
  expect((await fb.send(feed({ ...comment, verb: 'hide', created_time: 1454707400 }))).status).toBe(200);
  await settled(api, ws.id, fb.id);
  s = await stored(api, ws.id, fb.id);
  const edited = s.messages.find((m) => m.externalId === '7293787835232_1001')!;
  expect(edited).toMatchObject({ text: 'Heizung geht wieder, danke!', sentiment: 'positive' });
  expect(edited.flags.sort()).toEqual(['edited', 'hidden']);
  expect((await fb.send(feed({ ...comment, verb: 'unhide', created_time: 1454707500 }))).status).toBe(200);
  await settled(api, ws.id, fb.id);
  expect((await stored(api, ws.id, fb.id)).messages.find((m) => m.externalId === '7293787835232_1001')!.flags).toEqual(['edited']);
  expect((await stored(api, ws.id, fb.id)).messages).toHaveLength(3);
});

test('Messenger and X direct messages thread into private conversations; echoes are outbound; reads and typing are no messages', async () => {
  const ws = await api.workspace();
  const fb = await connect(api, ws.admin, 'facebook', '12345654332');
  expect((await fb.send(fixture('meta/fixtures/messenger/messaging-message-basic.json'))).status).toBe(200);
  const echo = fixtureJson('meta/fixtures/messenger/messaging-message-basic-echo.json');
  echo.entry[0].messaging[0].message.mid = 'mid.echo-1';
  expect((await fb.send(echo)).status).toBe(200);
  expect((await fb.send(fixture('meta/fixtures/messenger/messaging-read-basic.json'))).status).toBe(200);
  expect((await fb.send(fixture('meta/fixtures/messenger/messaging-message-edits.json'))).status).toBe(200);
  await settled(api, ws.id, fb.id);
  const s = await stored(api, ws.id, fb.id);
  expect(s.deliveries.every((d) => d.status === 'processed')).toBe(true);
  expect(s.conversations).toMatchObject([{ kind: 'private', threadKey: '987654321432', messageCount: 2 }]);
  expect(s.messages.map((m) => [m.direction, m.flags]).sort()).toEqual([['inbound', ['edited']], ['outbound', []]]);

  const x = await connect(api, ws.admin, 'x', '4337869213');
  expect((await x.send(fixture('x/fixtures/account-activity/10-direct-message-events.json'))).status).toBe(200);
  expect((await x.send(fixture('x/fixtures/account-activity/11-direct-message-indicate-typing-events.json'))).status).toBe(200);
  await settled(api, ws.id, x.id);
  const sx = await stored(api, ws.id, x.id);
  expect(sx.conversations).toMatchObject([{ kind: 'private', threadKey: '3001969357-4337869213', messageCount: 1 }]);
  expect(sx.messages).toMatchObject([{ externalId: '954491830116155396', text: 'Hello World!', language: 'en' }]);
  expect(sx.deliveries.map((d) => d.status)).toEqual(['processed', 'processed']);
  const list = await ws.admin.req('GET', '/api/conversations?status=open&limit=1');
  expect(list.body.items).toHaveLength(1);
  expect(list.body.items[0].network).toBe('x');
  const next = await ws.admin.req('GET', `/api/conversations?status=open&limit=1&cursor=${list.body.nextCursor}`);
  expect(next.body.items.map((c: { network: string }) => c.network)).toEqual(['facebook']);
  expect(next.body.nextCursor).toBeNull();
});

test('Mastodon: a reply whose root is unknown threads by its parent', async () => {
  const ws = await api.workspace();
  const m = await connect(api, ws.admin, 'mastodon', 'stadtwerke@social.example');
  expect((await m.send(fixture('mastodon/fixtures/streaming-43-events.json'))).status).toBe(200);
  expect((await m.send(fixture('mastodon/fixtures/entity-status-00-example.json'))).status).toBe(200);
  await settled(api, ws.id, m.id);
  const s = await stored(api, ws.id, m.id);
  expect(s.deliveries.map((d) => d.status)).toEqual(['processed', 'processed']);
  expect(s.conversations.map((c) => c.threadKey).sort()).toEqual(['103270115826048975', '108913981098896721']);
});

test('duplicates and replays are stored once and processed once, sent one after another and in parallel', async () => {
  const ws = await api.workspace();
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  const body = fixture('meta/fixtures/facebook-page/feed-post-add-25.json');
  for (let i = 0; i < 3; i++) expect((await fb.send(body)).status).toBe(200);
  const other = Buffer.from(JSON.stringify(feed({ item: 'comment', verb: 'add', comment_id: '7293787835232_2001', post_id: POST, parent_id: POST,
    from: { id: '555000222', name: 'Bernd' }, created_time: 1454707100, message: 'Was kostet der Ökostrom-Tarif?' })));
  expect((await Promise.all([fb.send(other), fb.send(other), fb.send(other)])).map((r) => r.status)).toEqual([200, 200, 200]);
  await settled(api, ws.id, fb.id);
  await new Promise((r) => setTimeout(r, 500));
  const s = await stored(api, ws.id, fb.id);
  expect(s.deliveries).toHaveLength(2);
  expect(s.deliveries.map((d) => d.attempts)).toEqual([1, 1]);
  expect(s.messages).toHaveLength(2);
  expect(s.conversations).toMatchObject([{ messageCount: 2 }]);
  expect(s.messages.find((m) => m.externalId === '7293787835232_2001')!.intent).toBe('sales_lead');
});

test('mutilated deliveries are kept as failed with their error and answered 200; the next good delivery is processed; admins list them', async () => {
  const ws = await api.workspace();
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  const seeds = [fixture('meta/fixtures/facebook-page/feed-post-add-25.json'), fixture('meta/fixtures/messenger/messaging-message-basic.json')];
  const bad = [Buffer.from('{"object":"page","entry":['), Buffer.from([0xff, 0x00, 0xfe, 0x7b]), ...mutants(seeds, 40, 7).map((m) => m.body)];
  for (const body of bad) expect((await fb.send(body)).status, body.toString('utf8', 0, 80)).toBe(200);
  expect((await fb.send(fixture('meta/fixtures/facebook-page/feed-post-add-25.json'))).status).toBe(200);
  await settled(api, ws.id, fb.id);
  const s = await stored(api, ws.id, fb.id);
  const failed = s.deliveries.filter((d) => d.status === 'failed');
  expect(failed.length).toBeGreaterThanOrEqual(2);
  for (const d of failed) expect(d.error).toMatch(/^[a-z0-9_]+: /);
  expect(s.messages.some((m) => m.externalId === POST)).toBe(true);
  // The bytes are kept exactly, even those PostgreSQL text cannot hold.
  expect(s.deliveries.find((d) => d.bodyEncoding === 'base64')).toBeDefined();

  const list = await ws.admin.req('GET', '/api/inbound-deliveries?status=failed&limit=100');
  expect(list.status).toBe(200);
  expect(list.body.items.length).toBe(failed.length);
  expect(list.body.items[0]).toMatchObject({ channelId: fb.id, status: 'failed' });
  expect(list.body.items[0].error).toBeTruthy();
  expect(list.text).not.toContain('Heizung');
  expect((await (await ws.user('agent')).req('GET', '/api/inbound-deliveries')).status).toBe(403);
});

test('a delivery that failed in its job is kept failed with the error, and a retry after the fix processes it once', async () => {
  const ws = await api.workspace();
  const fb = await connect(api, ws.admin, 'facebook', '12345654332');
  setClassifier({ classify: () => { throw new Error('classifier offline'); } });
  try {
    expect((await fb.send(fixture('meta/fixtures/messenger/messaging-message-basic.json'))).status).toBe(200);
    const d = await eventually(async () => {
      const [row] = (await stored(api, ws.id, fb.id)).deliveries;
      expect(row?.status).toBe('failed');
      return row!;
    });
    expect(d.error).toContain('classifier offline');
    expect((await stored(api, ws.id, fb.id)).messages).toHaveLength(0);
  } finally {
    setClassifier(baselineClassifier);
  }
  const [d] = (await stored(api, ws.id, fb.id)).deliveries;
  const retried = await ws.admin.req('POST', `/api/inbound-deliveries/${d!.id}/retry`);
  expect(retried.status, retried.text).toBe(200);
  await settled(api, ws.id, fb.id);
  await eventually(async () => expect((await stored(api, ws.id, fb.id)).deliveries[0]!.status).toBe('processed'));
  expect((await stored(api, ws.id, fb.id)).messages).toHaveLength(1);
  expect((await ws.admin.req('POST', `/api/inbound-deliveries/${d!.id}/retry`)).body.error.code).toBe('delivery_processed');
});

test('the author becomes an identity; linking it to a person gives the conversation its contact; message.received reaches the timeline', async () => {
  const ws = await api.workspace();
  const x = await connect(api, ws.admin, 'x', '4337869213');
  expect((await x.send(fixture('x/fixtures/account-activity/10-direct-message-events.json'))).status).toBe(200);
  await settled(api, ws.id, x.id);
  const [conv] = (await stored(api, ws.id, x.id)).conversations;
  expect(conv!.identityId).toBeTruthy();
  expect(conv!.contactId).toBeNull();
  const identity = await ws.admin.req('GET', `/api/identities/${conv!.identityId}`);
  expect(identity.body).toMatchObject({ network: 'x', externalId: '3001969357', displayName: 'Jordan Brinks' });
  const person = await ws.admin.req('POST', '/api/contacts', { firstName: 'Jordan', lastName: 'Brinks' });
  expect((await ws.admin.req('POST', `/api/identities/${conv!.identityId}/link`, { contactId: person.body.id })).status).toBe(200);
  await eventually(async () => expect((await ws.admin.req('GET', `/api/conversations/${conv!.id}`)).body.contactId).toBe(person.body.id));
  // Lists carry the author's display data and filter by person.
  const listed = (await ws.admin.req('GET', `/api/conversations?contactId=${person.body.id}`)).body.items;
  expect(listed.map((c: { id: string }) => c.id)).toEqual([conv!.id]);
  expect(listed[0].author).toMatchObject({ displayName: 'Jordan Brinks' });
  expect((await ws.admin.req('GET', `/api/conversations?contactId=${identity.body.id}`)).body.items).toEqual([]);

  // A new message of the linked author lands on the person's timeline.
  const next = fixtureJson('x/fixtures/account-activity/10-direct-message-events.json');
  next.direct_message_events[0].id = '954491830116155397';
  next.direct_message_events[0].message_create.message_data.text = 'Danke für die schnelle Hilfe!';
  expect((await x.send(next)).status).toBe(200);
  await eventually(async () => {
    const timeline = await ws.admin.req('GET', `/api/contacts/${person.body.id}/timeline`);
    expect(timeline.body.items.map((i: { kind: string }) => i.kind)).toContain('message.received');
  });

  // Merged into another record, the person's conversations go with them, and come back when the merge is undone.
  const survivor = await ws.admin.req('POST', '/api/contacts', { firstName: 'Jordan', lastName: 'Brinks', emails: [{ value: 'jordan@brinks.example' }] });
  const preview = await ws.admin.req('POST', '/api/contacts/merge/preview', { survivorId: survivor.body.id, loserId: person.body.id });
  expect(preview.body.moved.identities).toBe(1);
  const merged = await ws.admin.req('POST', '/api/contacts/merge', { survivorId: survivor.body.id, loserId: person.body.id });
  expect(merged.status, merged.text).toBe(200);
  expect((await ws.admin.req('GET', `/api/conversations/${conv!.id}`)).body.contactId).toBe(survivor.body.id);
  expect((await ws.admin.req('POST', `/api/merges/${merged.body.mergeId}/undo`)).status).toBe(200);
  expect((await ws.admin.req('GET', `/api/conversations/${conv!.id}`)).body.contactId).toBe(person.body.id);
});

test('only admins, managers and agents read conversations; experts only those they were asked into', async () => {
  const ws = await api.workspace();
  for (const role of ['admin', 'manager', 'agent'] as const) expect((await (await ws.user(role)).req('GET', '/api/conversations')).status).toBe(200);
  // An expert's list holds the conversations they were consulted on (none here); any other is not found (experts/).
  const expert = await ws.user('expert');
  expect((await expert.req('GET', '/api/conversations')).body.items).toEqual([]);
  expect((await expert.req('GET', '/api/conversations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  for (const role of ['sales', 'marketing'] as const) {
    const u = await ws.user(role);
    expect((await u.req('GET', '/api/conversations')).status).toBe(403);
    expect((await u.req('GET', '/api/conversations/00000000-0000-4000-8000-000000000000')).status).toBe(403);
  }
});
