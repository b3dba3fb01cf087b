import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { channels, conversations, events, messages, teamRouting } from '../../db/schema.ts';
import { eventually, useApi, type TestUser, type TestWorkspace } from '../../testing/harness.ts';
import { touchPresence } from '../presence/repo.ts';
import { drainTeamQueues } from './queue-drain.ts';
import { rerouteFor, routingRerunHandler } from './rerun.ts';
import { connect, fixtureJson, settled } from '../inbox/testing.ts';

const api = useApi();

// A local stand-in for the Graph API's reply endpoint, so queued auto-replies are sent without calling out.
let server: Server;
let baseUrl: string;
let counter = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `reply_${++counter}` })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const PAGE = '1234567890321';

/** A Facebook page that can send, and a way to post a customer's comment on a post of it (a new post: a new conversation). */
async function page(ws: TestWorkspace) {
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  expect((await ws.admin.req('PATCH', `/api/channels/${fb.id}`, { secrets: { accessToken: 'page-token-0123456789' } })).status).toBe(200);
  await api.deps.db.update(channels).set({ settings: { apiBaseUrl: baseUrl } }).where(and(eq(channels.workspaceId, ws.id), eq(channels.id, fb.id)));
  let n = 0;
  /** Posts a comment and waits until it is processed; returns its conversation's id. */
  const comment = async (text: string, opts: { post?: string; author?: string } = {}) => {
    const id = `${Date.now()}${++n}`;
    const post = opts.post ?? `post${id}`;
    const body = fixtureJson('meta/fixtures/facebook-page/feed-comment-add-25.json');
    body.entry[0].changes[0].value = { item: 'comment', verb: 'add', comment_id: `${post}_c${id}`, post_id: `${PAGE}_${post}`, parent_id: `${PAGE}_${post}`,
      from: { id: opts.author ?? `5550${id}`, name: 'Anna Kundin' }, created_time: Math.floor(Date.now() / 1000), message: text };
    expect((await fb.send(body)).status).toBe(200);
    await settled(api, ws.id, fb.id);
    const [m] = await api.deps.db.select({ c: messages.conversationId }).from(messages)
      .where(and(eq(messages.workspaceId, ws.id), eq(messages.channelId, fb.id), eq(messages.externalId, `${post}_c${id}`)));
    return { conversationId: m!.c, post };
  };
  return { fb, comment };
}

async function team(ws: TestWorkspace, name: string, members: TestUser[], routing: { policy: string; respectSkills?: boolean }) {
  const res = await ws.admin.req('POST', '/api/teams', { name, memberIds: members.map((m) => m.id) });
  expect(res.status, res.text).toBe(201);
  const patch = await ws.admin.req('PATCH', `/api/routing/teams/${res.body.id}`, routing);
  expect(patch.status, patch.text).toBe(200);
  return res.body.id as string;
}

const online = (ws: TestWorkspace, ...users: TestUser[]) => Promise.all(users.map((u) => touchPresence(api.deps.db, ws.id, u.id, 'online')));
const conv = async (ws: TestWorkspace, id: string) => (await ws.admin.req('GET', `/api/conversations/${id}`)).body;
const eventsOf = async (ws: TestWorkspace, id: string, type: string) => api.deps.db.select().from(events)
  .where(and(eq(events.workspaceId, ws.id), eq(events.subjectId, id), eq(events.type, type)));

test('a delivery that matches a rule lands in the team, assigned, labelled and prioritized, with one auto-reply; a reopened one is routed again', async () => {
  const ws = await api.workspace();
  const manager = await ws.user('manager');
  const agent = await ws.user('agent');
  await online(ws, agent);
  const service = await team(ws, 'Service', [agent], { policy: 'round_robin' });
  const { fb, comment } = await page(ws);
  const rule = await manager.req('POST', '/api/routing/rules', {
    name: 'Heizung → Service', match: 'all', conditions: [{ type: 'keywords', values: ['heizung', 'wärmepumpe'] }, { type: 'network', values: ['facebook'] }],
    actions: [{ type: 'set_team', teamId: service }, { type: 'set_priority', priority: 'high' }, { type: 'add_label', label: 'Heizung' },
      { type: 'auto_reply', text: { de: 'Danke, wir melden uns gleich!', en: 'Thanks, we will be right with you!' } }],
  });
  expect(rule.status, rule.text).toBe(201);
  expect(rule.body).toMatchObject({ position: 0, enabled: true, stop: false });

  const { conversationId, post } = await comment('Meine HEIZUNG ist seit gestern kalt, bitte helfen Sie mir');
  const c = await conv(ws, conversationId);
  expect(c).toMatchObject({ teamId: service, assignee: { id: agent.id, name: 'agent user' }, priority: 'high' });
  const [row] = await api.deps.db.select({ labels: conversations.labels }).from(conversations).where(and(eq(conversations.workspaceId, ws.id), eq(conversations.id, conversationId)));
  expect(row!.labels).toEqual(['Heizung']);
  const routed = await eventsOf(ws, conversationId, 'conversation.routed');
  expect(routed).toHaveLength(1);
  expect(routed[0]!.payload).toMatchObject({ ruleIds: [rule.body.id], actions: { teamId: service, priority: 'high', labels: ['Heizung'], autoReply: true } });
  expect((await eventsOf(ws, conversationId, 'conversation.assigned'))[0]!.payload).toMatchObject({ before: { assigneeId: null, teamId: null }, after: { assigneeId: agent.id, teamId: service }, by: 'policy' });
  const autoReplies = () => c.messages.filter((m: { direction: string }) => m.direction === 'outbound');
  expect(autoReplies()).toHaveLength(1);
  expect(autoReplies()[0]).toMatchObject({ text: 'Danke, wir melden uns gleich!', author: null });
  await eventually(async () => expect((await conv(ws, conversationId)).messages.find((m: { direction: string }) => m.direction === 'outbound').sendStatus).toBe('sent'));

  // A follow-up in the same thread is no new conversation: not routed again, no second auto-reply.
  await comment('Heizung immer noch kalt!', { post });
  expect(await eventsOf(ws, conversationId, 'conversation.routed')).toHaveLength(1);
  // Resolved, then the customer writes again: routed again, still one auto-reply.
  expect((await agent.req('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' })).status).toBe(200);
  await comment('Die Heizung ist wieder ausgefallen', { post });
  expect(await eventsOf(ws, conversationId, 'conversation.routed')).toHaveLength(2);
  expect((await conv(ws, conversationId)).messages.filter((m: { direction: string }) => m.direction === 'outbound')).toHaveLength(1);

  // One delivery with two comments of a new thread (stored in one batch): routed once, one auto-reply.
  const two = fixtureJson('meta/fixtures/facebook-page/feed-comment-add-25.json');
  const change = (n: number) => ({ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: `twice_c${n}`, post_id: `${PAGE}_twice`, parent_id: `${PAGE}_twice`,
    from: { id: '5551234', name: 'Bernd Kunde' }, created_time: Math.floor(Date.now() / 1000) + n, message: n === 1 ? 'Heizung aus!' : 'Bitte dringend melden, die Heizung ist aus' } });
  two.entry[0].changes = [change(1), change(2)];
  expect((await fb.send(two)).status).toBe(200);
  await settled(api, ws.id, fb.id);
  const [twice] = await api.deps.db.select({ c: messages.conversationId }).from(messages).where(and(eq(messages.workspaceId, ws.id), eq(messages.externalId, 'twice_c2')));
  expect(await eventsOf(ws, twice!.c, 'conversation.routed')).toHaveLength(1);
  const twiceDetail = await conv(ws, twice!.c);
  expect(twiceDetail.messages.filter((m: { direction: string }) => m.direction === 'inbound')).toHaveLength(2);
  expect(twiceDetail.messages.filter((m: { direction: string }) => m.direction === 'outbound')).toHaveLength(1);

  // A delivery no rule matches is left alone.
  const other = await comment('Tolles Foto!');
  expect(await conv(ws, other.conversationId)).toMatchObject({ teamId: null, assignee: null, priority: 'normal' });
  expect(await eventsOf(ws, other.conversationId, 'conversation.routed')).toHaveLength(0);

  // A disabled rule does nothing.
  expect((await manager.req('PATCH', `/api/routing/rules/${rule.body.id}`, { enabled: false })).status).toBe(200);
  const off = await comment('Heizung kaputt');
  expect(await conv(ws, off.conversationId)).toMatchObject({ teamId: null, assignee: null });
});

test('round-robin spreads conversations evenly over the online agents, skipping an offline one, with a durable cursor', async () => {
  const ws = await api.workspace();
  const agents = [await ws.user('agent'), await ws.user('agent'), await ws.user('agent')];
  const offline = await ws.user('agent');
  await online(ws, ...agents);
  const t = await team(ws, 'Social', [...agents, offline], { policy: 'round_robin' });
  const { fb, comment } = await page(ws);
  expect((await ws.admin.req('POST', '/api/routing/rules', { name: 'Alles an Social', actions: [{ type: 'set_team', teamId: t }] })).status).toBe(201);
  // Six customers write at once: the deliveries are processed concurrently.
  const bodies = Array.from({ length: 6 }, (_, i) => {
    const body = fixtureJson('meta/fixtures/facebook-page/feed-comment-add-25.json');
    body.entry[0].changes[0].value = { item: 'comment', verb: 'add', comment_id: `rr${i}_c`, post_id: `${PAGE}_rr${i}`, parent_id: `${PAGE}_rr${i}`,
      from: { id: `777${i}`, name: `Kunde ${i}` }, created_time: 1454707100 + i, message: `Frage Nummer ${i}` };
    return body;
  });
  await Promise.all(bodies.map(async (b) => expect((await fb.send(b)).status).toBe(200)));
  await settled(api, ws.id, fb.id);
  const list = await api.deps.db.select({ assigneeId: conversations.assigneeId, teamId: conversations.teamId }).from(conversations).where(eq(conversations.workspaceId, ws.id));
  expect(list).toHaveLength(6);
  const counts = new Map<string | null, number>();
  for (const c of list) counts.set(c.assigneeId, (counts.get(c.assigneeId) ?? 0) + 1);
  expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(agents.map((a) => [a.id, 2])));
  const [state] = await api.deps.db.select().from(teamRouting).where(and(eq(teamRouting.workspaceId, ws.id), eq(teamRouting.teamId, t)));
  const sorted = agents.map((a) => a.id).sort();
  expect(state!.cursorUserId).toBe(sorted[2]);
  // The next turn continues from the stored cursor: the first agent in order.
  const next = await comment('Noch eine Frage');
  expect((await conv(ws, next.conversationId)).assignee.id).toBe(sorted[0]);
});

test('least-load respects capacity; what nobody can take waits in the team\'s queue', async () => {
  const ws = await api.workspace();
  const [a, b] = [await ws.user('agent'), await ws.user('agent')];
  await online(ws, a, b);
  expect((await ws.admin.req('PATCH', `/api/routing/agents/${a.id}`, { capacity: 1 })).status).toBe(200);
  const pb = await ws.admin.req('PATCH', `/api/routing/agents/${b.id}`, { capacity: 2, skills: ['Solar'], languages: ['DE'] });
  expect(pb.status, pb.text).toBe(200);
  expect(pb.body).toMatchObject({ capacity: 2, skills: ['Solar'], languages: ['de'], presence: 'online', load: 0 });
  const t = await team(ws, 'Vertrieb', [a, b], { policy: 'least_load' });
  const { comment } = await page(ws);
  expect((await ws.admin.req('POST', '/api/routing/rules', { name: 'Vertrieb', actions: [{ type: 'set_team', teamId: t }] })).status).toBe(201);
  const got: (string | null)[] = [];
  for (let i = 0; i < 4; i++) got.push((await conv(ws, (await comment(`Angebot ${i}`)).conversationId)).assignee?.id ?? null);
  expect(got.filter((x) => x === a.id)).toHaveLength(1);
  expect(got.filter((x) => x === b.id)).toHaveLength(2);
  expect(got[3]).toBeNull();
  const queue = await a.req('GET', `/api/routing/queue?teamId=${t}`);
  expect(queue.status).toBe(200);
  expect(queue.body.items).toHaveLength(1);
  expect(queue.body.items[0]).toMatchObject({ assignee: null, teamId: t });
  const agentsList = await a.req('GET', '/api/routing/agents');
  expect(agentsList.body.items.find((x: { userId: string }) => x.userId === b.id)).toMatchObject({ load: 2, capacity: 2 });

  // The queue is worked off once someone has room: a resolves theirs, the minute job gives a the waiting one.
  expect(await drainTeamQueues(api.deps, ws.id)).toBe(0);
  const first = got.findIndex((x) => x === a.id);
  const ids = (await api.deps.db.select({ id: conversations.id, assigneeId: conversations.assigneeId }).from(conversations).where(eq(conversations.workspaceId, ws.id)));
  const mineA = ids.find((c) => c.assigneeId === a.id)!;
  expect(first).toBeGreaterThanOrEqual(0);
  expect((await a.req('PATCH', `/api/conversations/${mineA.id}`, { status: 'resolved' })).status).toBe(200);
  // (The minute schedule may have run first: either way the waiting conversation is a's now.)
  await drainTeamQueues(api.deps, ws.id);
  expect((await conv(ws, queue.body.items[0].id)).assignee.id).toBe(a.id);
  expect((await a.req('GET', '/api/routing/queue')).body.items).toEqual([]);
});

test('a team that respects skills gives a conversation to the agent with its language and product', async () => {
  const ws = await api.workspace();
  const [en, de, solar] = [await ws.user('agent'), await ws.user('agent'), await ws.user('agent')];
  await online(ws, en, de, solar);
  await ws.admin.req('PATCH', `/api/routing/agents/${en.id}`, { languages: ['en'], skills: ['Wärmepumpe'] });
  await ws.admin.req('PATCH', `/api/routing/agents/${de.id}`, { languages: ['de'], skills: ['Wärmepumpe'] });
  await ws.admin.req('PATCH', `/api/routing/agents/${solar.id}`, { languages: ['de'], skills: ['Solar'] });
  const t = await team(ws, 'Technik', [en, de, solar], { policy: 'round_robin', respectSkills: true });
  const { comment } = await page(ws);
  await ws.admin.req('POST', '/api/routing/rules', { name: 'Wärmepumpe', conditions: [{ type: 'keywords', values: ['Wärmepumpe'] }],
    actions: [{ type: 'add_label', label: 'Wärmepumpe' }, { type: 'set_team', teamId: t }], stop: true });
  await ws.admin.req('POST', '/api/routing/rules', { name: 'Rest', actions: [{ type: 'set_team', teamId: t }] });
  for (let i = 0; i < 3; i++) {
    const c = await conv(ws, (await comment(`Meine Waermepumpe ist sehr laut und ich bin nicht zufrieden mit dem Service, Versuch ${i}`)).conversationId);
    expect(c.language).toBe('de');
    expect(c.assignee.id).toBe(de.id);
  }
  const english = await conv(ws, (await comment('My heat pump (Wärmepumpe) is very loud and I am not happy with the service at all')).conversationId);
  expect(english.language).toBe('en');
  expect(english.assignee.id).toBe(en.id);
});

test('refusals: agents cannot manage routing, assign outside their team, nor touch another workspace', async () => {
  const ws = await api.workspace();
  const [agent, mate, stranger, expert] = [await ws.user('agent'), await ws.user('agent'), await ws.user('agent'), await ws.user('expert')];
  const t = await team(ws, 'Service', [agent, mate], { policy: 'manual' });
  const { comment } = await page(ws);
  const { conversationId } = await comment('Hallo, ich habe eine Frage');

  const ruleBody = { name: 'x', actions: [{ type: 'set_priority', priority: 'low' }] };
  expect((await agent.req('POST', '/api/routing/rules', ruleBody)).status).toBe(403);
  expect((await agent.req('PATCH', `/api/routing/agents/${agent.id}`, { capacity: 99 })).status).toBe(403);
  expect((await agent.req('PATCH', `/api/routing/teams/${t}`, { policy: 'round_robin' })).status).toBe(403);
  expect((await agent.req('GET', '/api/routing/rules')).status).toBe(200);
  expect((await expert.req('GET', '/api/routing/rules')).status).toBe(403);
  expect((await expert.req('PATCH', `/api/conversations/${conversationId}/assignment`, { userId: expert.id })).status).toBe(403);
  expect((await ws.admin.req('POST', '/api/routing/rules', { name: 'bad', actions: [{ type: 'set_team', teamId: conversationId }] })).status).toBe(400);
  expect((await ws.admin.req('POST', '/api/routing/rules', { name: 'none', actions: [] })).status).toBe(400);

  // An agent takes a conversation, hands it to a team-mate, but not to someone outside their teams.
  const mine = await agent.req('PATCH', `/api/conversations/${conversationId}/assignment`, { userId: agent.id });
  expect(mine.status, mine.text).toBe(200);
  expect(mine.body.assignee).toEqual({ id: agent.id, name: 'agent user' });
  expect((await agent.req('PATCH', `/api/conversations/${conversationId}/assignment`, { userId: mate.id })).body.assignee.id).toBe(mate.id);
  const refused = await agent.req('PATCH', `/api/conversations/${conversationId}/assignment`, { userId: stranger.id });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('assign_outside_team');
  expect((await agent.req('PATCH', `/api/conversations/${conversationId}/assignment`, { userId: expert.id })).status).toBe(400);
  // A manager assigns anyone; a team alone with a manual policy leaves it unassigned in the queue.
  expect((await ws.admin.req('PATCH', `/api/conversations/${conversationId}/assignment`, { userId: stranger.id })).body.assignee.id).toBe(stranger.id);
  const queued = await ws.admin.req('PATCH', `/api/conversations/${conversationId}/assignment`, { userId: null, teamId: t });
  expect(queued.body).toMatchObject({ assignee: null, teamId: t });
  expect((await eventsOf(ws, conversationId, 'conversation.assigned')).length).toBe(4);

  const other = await api.workspace();
  expect((await other.admin.req('PATCH', `/api/conversations/${conversationId}/assignment`, { userId: other.admin.id })).status).toBe(404);
  const rule = await ws.admin.req('POST', '/api/routing/rules', ruleBody);
  expect((await other.admin.req('PATCH', `/api/routing/rules/${rule.body.id}`, { enabled: false })).status).toBe(404);
  expect((await other.admin.req('DELETE', `/api/routing/rules/${rule.body.id}`)).status).toBe(404);
  expect((await other.admin.req('GET', '/api/routing/rules')).body.items).toEqual([]);
});

test('rules keep their order, can be reordered and deleted', async () => {
  const ws = await api.workspace();
  const ids: string[] = [];
  for (const name of ['Eins', 'Zwei', 'Drei']) ids.push((await ws.admin.req('POST', '/api/routing/rules', { name, actions: [{ type: 'add_label', label: name }] })).body.id);
  expect((await ws.admin.req('GET', '/api/routing/rules')).body.items.map((r: { name: string }) => r.name)).toEqual(['Eins', 'Zwei', 'Drei']);
  expect((await ws.admin.req('PUT', '/api/routing/rules/order', { ids: [ids[1]] })).status).toBe(400);
  const re = await ws.admin.req('PUT', '/api/routing/rules/order', { ids: [ids[2], ids[0], ids[1]] });
  expect(re.status, re.text).toBe(200);
  expect(re.body.items.map((r: { name: string }) => r.name)).toEqual(['Drei', 'Eins', 'Zwei']);
  expect((await ws.admin.req('DELETE', `/api/routing/rules/${ids[0]}`)).status).toBe(204);
  expect((await ws.admin.req('GET', '/api/routing/rules')).body.items.map((r: { name: string }) => r.name)).toEqual(['Drei', 'Zwei']);
});

test('routing runs again when the author turns out to be a VIP: the conversation moves to Premium; a person\'s decision stays', async () => {
  const ws = await api.workspace();
  const [agent, other] = [await ws.user('agent'), await ws.user('agent')];
  // A manual queue: the conversation waits there unassigned, so a second run finds it again and must leave it be.
  const premium = await team(ws, 'Premium', [agent], { policy: 'manual' });
  const { comment } = await page(ws);
  const general = await ws.admin.req('POST', '/api/routing/rules', { name: 'Alles: Social', actions: [{ type: 'add_label', label: 'Social' }] });
  const vip = await ws.admin.req('POST', '/api/routing/rules', {
    name: 'VIP → Premium', conditions: [{ type: 'vip' }], actions: [{ type: 'set_team', teamId: premium }, { type: 'set_priority', priority: 'high' }],
  });
  expect(vip.status, vip.text).toBe(201);
  const person = async (lastName: string, tags: string[]) => {
    const res = await ws.admin.req('POST', '/api/contacts', { firstName: 'Vera', lastName, tags });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  const [vera, plain] = [await person('Wichtig', ['VIP']), await person('Normal', [])];
  const identityOf = async (conversationId: string) => (await conv(ws, conversationId)).identityId as string;
  const link = async (conversationId: string, contactId: string) => {
    const res = await ws.admin.req('POST', `/api/identities/${await identityOf(conversationId)}/link`, { contactId });
    expect(res.status, res.text).toBe(200);
  };
  const routedOf = async (id: string) => (await eventsOf(ws, id, 'conversation.routed')).sort((a, b) => a.at.getTime() - b.at.getTime());

  // Three unknown authors: the VIP rule cannot match anyone yet.
  const fresh = await comment('Unsere Anlage zeigt einen Fehler, bitte um Rückruf', { author: '9100001' });
  const taken = await comment('Frage zur Wartung', { author: '9100002' });
  const bumped = await comment('Noch eine Frage zur Rechnung', { author: '9100003' });
  for (const c of [fresh, taken, bumped]) {
    expect(await conv(ws, c.conversationId)).toMatchObject({ teamId: null, assignee: null, priority: 'normal' });
    expect((await routedOf(c.conversationId)).map((e) => e.payload.ruleIds)).toEqual([[general.body.id]]);
  }
  // People decide about two of them: one is assigned by hand, the other gets a priority by hand.
  expect((await ws.admin.req('PATCH', `/api/conversations/${taken.conversationId}/assignment`, { userId: other.id })).status).toBe(200);
  expect((await ws.admin.req('PATCH', `/api/conversations/${bumped.conversationId}`, { priority: 'low' })).status).toBe(200);

  // The authors turn out to be the VIP: the untouched conversation moves to Premium, with the first run's events.
  for (const c of [fresh, taken, bumped]) await link(c.conversationId, vera);
  await eventually(async () => expect(await conv(ws, fresh.conversationId)).toMatchObject({ teamId: premium, priority: 'high', assignee: null }));
  const routed = await routedOf(fresh.conversationId);
  expect(routed).toHaveLength(2);
  expect(routed[1]!.payload).toMatchObject({
    ruleIds: [general.body.id, vip.body.id], actions: { teamId: premium, priority: 'high' }, rerun: { type: 'identity.linked' },
    before: { teamId: null, priority: 'normal' }, after: { teamId: premium, priority: 'high' }, related: [{ type: 'contact', id: vera }],
  });
  expect(routed[1]!.actorKind).toBe('system');
  expect((await eventsOf(ws, fresh.conversationId, 'conversation.assigned')).map((e) => e.payload)).toEqual([
    expect.objectContaining({ before: { assigneeId: null, teamId: null }, after: { assigneeId: null, teamId: premium }, by: 'rule' }),
  ]);

  expect((await ws.admin.req('GET', `/api/routing/queue?teamId=${premium}`)).body.items.map((c: { id: string }) => c.id)).toEqual([fresh.conversationId]);
  // Handled again (a retried job): nothing more is written.
  const [linked] = (await eventsOf(ws, await identityOf(fresh.conversationId), 'identity.linked'));
  await routingRerunHandler.handle(api.deps, linked!);
  expect(await rerouteFor(api.deps, ws.id, { identityId: await identityOf(fresh.conversationId) }, { eventId: linked!.id, type: 'identity.linked', contactId: vera })).toBe(0);
  expect(await routedOf(fresh.conversationId)).toHaveLength(2);

  // The conversations people decided about stay as they were (their links were handled too: see the person on them).
  await eventually(async () => {
    for (const c of [taken, bumped]) expect((await conv(ws, c.conversationId)).contactId).toBe(vera);
  });
  for (const c of [taken, bumped]) await routingRerunHandler.handle(api.deps, (await eventsOf(ws, await identityOf(c.conversationId), 'identity.linked'))[0]!);
  expect(await conv(ws, taken.conversationId)).toMatchObject({ teamId: null, assignee: { id: other.id }, priority: 'normal' });
  expect(await conv(ws, bumped.conversationId)).toMatchObject({ teamId: null, assignee: null, priority: 'low' });
  for (const c of [taken, bumped]) expect(await routedOf(c.conversationId)).toHaveLength(1);

  // Linked to someone who is no VIP: the same rules fire, nothing changes. Merged into the VIP later: now it moves.
  const later = await comment('Wann kommt der Techniker?', { author: '9100004' });
  await link(later.conversationId, plain);
  await eventually(async () => expect((await conv(ws, later.conversationId)).contactId).toBe(plain));
  await routingRerunHandler.handle(api.deps, (await eventsOf(ws, await identityOf(later.conversationId), 'identity.linked'))[0]!);
  expect(await routedOf(later.conversationId)).toHaveLength(1);
  const merged = await ws.admin.req('POST', '/api/contacts/merge', { survivorId: vera, loserId: plain });
  expect(merged.status, merged.text).toBe(200);
  await eventually(async () => expect(await conv(ws, later.conversationId)).toMatchObject({ teamId: premium, priority: 'high', contactId: vera }));
  expect((await routedOf(later.conversationId))[1]!.payload).toMatchObject({ rerun: { type: 'contact.merged' }, ruleIds: [general.body.id, vip.body.id] });
});
