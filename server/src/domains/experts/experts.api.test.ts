import { and, eq } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { activities, channels, consults, conversations, events, follows, messages, notifications, socialIdentities } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { eventually, useApi, type TestUser, type TestWorkspace } from '../../testing/harness.ts';
import { connect } from '../inbox/testing.ts';
import { planFor } from '../notifications/plan.ts';
import { markOverdueConsults, requestConsult } from './service.ts';

const api = useApi();

/**
 * A workspace with an agent, three experts, a Facebook channel that can send (to a closed local port: replies stay
 * queued), and two conversations of a customer with an address: `asked` (the experts get consulted on it) and `other`.
 */
async function setup() {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const expert = await ws.user('expert');
  const outsider = await ws.user('expert');
  const teamExpert = await ws.user('expert');
  const fb = await connect(api, ws.admin, 'facebook', `page-${newId().slice(-6)}`);
  expect((await ws.admin.req('PATCH', `/api/channels/${fb.id}`, { secrets: { accessToken: 'page-token' } })).status).toBe(200);
  await api.deps.db.update(channels).set({ settings: { apiBaseUrl: 'http://127.0.0.1:9' } }).where(and(eq(channels.workspaceId, ws.id), eq(channels.id, fb.id)));
  const contact = await ws.admin.req('POST', '/api/contacts', {
    firstName: 'Anna', lastName: 'Kaya', emails: [{ value: 'anna.kaya@example.de' }],
    addresses: [{ street: 'Lindenstraße 12', postalCode: '50674', city: 'Köln', country: 'DE' }],
  });
  expect(contact.status, contact.text).toBe(201);
  const identityId = newId();
  await api.deps.db.insert(socialIdentities).values({ workspaceId: ws.id, id: identityId, network: 'facebook', externalId: `fb-${identityId}`, displayName: 'Anna Kaya', contactId: contact.body.id });
  const conversation = async (text: string) => {
    const id = newId();
    await api.deps.db.insert(conversations).values({ workspaceId: ws.id, id, channelId: fb.id, kind: 'public', threadKey: `post_${id}`, identityId, contactId: contact.body.id, preview: text, messageCount: 1 });
    const messageId = newId();
    await api.deps.db.insert(messages).values({ workspaceId: ws.id, id: messageId, conversationId: id, channelId: fb.id, externalId: `c_${messageId}`, direction: 'inbound', identityId, text, occurredAt: new Date() });
    return { id, messageId };
  };
  const asked = await conversation('Meine Heizung macht seit gestern komische Geräusche');
  const other = await conversation('Wann kommt meine Bestellung?');
  return { ws, agent, expert, outsider, teamExpert, contactId: contact.body.id as string, identityId, asked, other };
}

async function consult(agent: TestUser, conversationId: string, to: { expertUserId?: string; expertTeamId?: string }, olaMinutes?: number) {
  const res = await agent.req('POST', `/api/conversations/${conversationId}/consults`, { ...to, question: 'Ist das ein Garantiefall?', ...(olaMinutes ? { olaMinutes } : {}) });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; status: string; olaDueAt: string; olaMinutes: number };
}

async function statusOf(ws: TestWorkspace, id: string) {
  const [c] = await api.deps.db.select().from(conversations).where(and(eq(conversations.workspaceId, ws.id), eq(conversations.id, id)));
  return c!;
}

test('an expert reads only the conversations they were asked into, over every endpoint, and replies only after taking over', async () => {
  const { ws, agent, expert, outsider, asked, other, contactId, identityId } = await setup();
  // Before any consult the expert sees nothing.
  expect((await expert.req('GET', '/api/conversations')).body.items).toEqual([]);
  expect((await expert.req('GET', `/api/conversations/${asked.id}`)).status).toBe(404);

  const k = await consult(agent, asked.id, { expertUserId: expert.id });
  expect(k.status).toBe('open');
  expect((await statusOf(ws, asked.id)).status).toBe('waiting_expert');

  // List: only the consulted conversation.
  const list = await expert.req('GET', '/api/conversations');
  expect(list.status).toBe(200);
  expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([asked.id]);
  // Detail and messages.
  const detail = await expert.req('GET', `/api/conversations/${asked.id}`);
  expect(detail.status).toBe(200);
  expect(detail.body.messages[0].text).toContain('Heizung');
  // The customer beside the thread: readable for the consulted conversation only; the back office stays closed.
  const customer = await expert.req('GET', `/api/conversations/${asked.id}/customer`);
  expect(customer.status).toBe(200);
  expect(customer.body.contact).toMatchObject({ id: contactId, name: 'Anna Kaya', address: { street: 'Lindenstraße 12', city: 'Köln' } });
  expect(customer.body.identity.displayName).toBe('Anna Kaya');
  expect((await expert.req('GET', `/api/contacts/${contactId}`)).status).toBe(403);
  expect((await expert.req('GET', `/api/identities/${identityId}`)).status).toBe(403);

  // The conversation not asked into: 404 everywhere, exactly like one that does not exist.
  const missing = newId();
  for (const id of [other.id, missing]) {
    expect((await expert.req('GET', `/api/conversations/${id}`)).status).toBe(404);
    expect((await expert.req('GET', `/api/conversations/${id}/customer`)).status).toBe(404);
    expect((await expert.req('GET', `/api/conversations/${id}/notes`)).status).toBe(404);
    expect((await expert.req('POST', `/api/conversations/${id}/notes`, { text: 'Hallo' })).status).toBe(404);
    expect((await expert.req('GET', `/api/consults?conversationId=${id}`)).status).toBe(404);
    expect((await expert.req('GET', `/api/conversations/${id}/tasks`)).status).toBe(404);
    expect((await expert.req('GET', `/api/conversations/${id}/task-draft`)).status).toBe(404);
    expect((await expert.req('POST', `/api/conversations/${id}/tasks`, { title: 'x' })).status).toBe(404);
    expect((await expert.req('POST', `/api/conversations/${id}/replies`, { text: 'Hallo' })).status).toBe(404);
    expect((await expert.req('PATCH', `/api/conversations/${id}`, { status: 'resolved' })).status).toBe(404);
  }
  expect((await expert.req('POST', `/api/messages/${other.messageId}/moderate`, { action: 'hide' })).status).toBe(404);
  expect((await expert.req('POST', `/api/messages/${other.messageId}/retry`)).status).toBe(404);
  // An expert who was not asked sees nothing of either.
  expect((await outsider.req('GET', '/api/conversations')).body.items).toEqual([]);
  expect((await outsider.req('GET', `/api/conversations/${asked.id}`)).status).toBe(404);
  expect((await outsider.req('GET', `/api/consults?conversationId=${asked.id}`)).status).toBe(404);
  expect((await outsider.req('GET', '/api/consults')).body.items).toEqual([]);
  expect((await outsider.req('POST', `/api/consults/${k.id}/take-over`)).status).toBe(404);

  // Consulted: read, but neither reply, moderate, set the status nor ask others.
  expect((await expert.req('POST', `/api/conversations/${asked.id}/replies`, { text: 'Das ist ein Garantiefall.' })).status).toBe(403);
  expect((await expert.req('POST', `/api/messages/${asked.messageId}/moderate`, { action: 'hide' })).status).toBe(403);
  expect((await expert.req('PATCH', `/api/conversations/${asked.id}`, { status: 'resolved' })).status).toBe(403);
  expect((await expert.req('POST', `/api/conversations/${asked.id}/consults`, { expertUserId: outsider.id, question: '?' })).status).toBe(403);
  const mine = await expert.req('GET', '/api/consults');
  expect(mine.body.items).toHaveLength(1);
  expect(mine.body.items[0]).toMatchObject({ id: k.id, can: { takeOver: true, answer: true, cancel: false } });

  // Take-over: the expert is the assignee and may reply there.
  const taken = await expert.req('POST', `/api/consults/${k.id}/take-over`);
  expect(taken.status, taken.text).toBe(200);
  expect(taken.body.status).toBe('taken_over');
  const after = await statusOf(ws, asked.id);
  expect(after.assigneeId).toBe(expert.id);
  expect(after.status).toBe('open');
  const reply = await expert.req('POST', `/api/conversations/${asked.id}/replies`, { text: 'Guten Tag Frau Kaya, wir kümmern uns.' });
  expect(reply.status, reply.text).toBe(201);
  expect(reply.body.sendStatus).toBe('queued');
  // Still not the other conversation, and still no moderation.
  expect((await expert.req('POST', `/api/conversations/${other.id}/replies`, { text: 'x' })).status).toBe(404);
  expect((await expert.req('PATCH', `/api/conversations/${asked.id}`, { status: 'resolved' })).status).toBe(403);
  // A taken-over consult cannot be taken twice.
  expect((await expert.req('POST', `/api/consults/${k.id}/take-over`)).status).toBe(409);
});

test('a consult to a team is visible to its members only; answering sets the conversation open unless the agent changed it', async () => {
  const { ws, agent, expert, teamExpert, other, asked } = await setup();
  const team = await ws.admin.req('POST', '/api/teams', { name: `Technischer Service ${newId().slice(-4)}`, memberIds: [teamExpert.id] });
  expect(team.status, team.text).toBe(201);
  const k = await consult(agent, other.id, { expertTeamId: team.body.id });
  expect((await teamExpert.req('GET', '/api/conversations')).body.items.map((c: { id: string }) => c.id)).toEqual([other.id]);
  expect((await expert.req('GET', `/api/conversations/${other.id}`)).status).toBe(404);
  expect((await expert.req('POST', `/api/consults/${k.id}/take-over`)).status).toBe(404);
  const consultList = await teamExpert.req('GET', '/api/consults');
  expect(consultList.body.items[0]).toMatchObject({ id: k.id, expert: { type: 'team', id: team.body.id } });

  // A note by the team member answers the consult (attached to their open consult) and reopens the conversation.
  const note = await teamExpert.req('POST', `/api/conversations/${other.id}/notes`, { text: 'Lieferung ist unterwegs, Sendungsnummer folgt.' });
  expect(note.status, note.text).toBe(201);
  expect(note.body.consultId).toBe(k.id);
  expect((await teamExpert.req('GET', '/api/consults')).body.items[0].status).toBe('answered');
  expect((await statusOf(ws, other.id)).status).toBe('open');

  // The agent set another status meanwhile: an answer keeps it.
  const k2 = await consult(agent, asked.id, { expertUserId: expert.id });
  expect((await agent.req('PATCH', `/api/conversations/${asked.id}`, { status: 'pending' })).status).toBe(200);
  expect((await expert.req('POST', `/api/conversations/${asked.id}/notes`, { text: 'Kein Garantiefall.', consultId: k2.id })).status).toBe(201);
  expect((await statusOf(ws, asked.id)).status).toBe('pending');

  // Cancelling the only consult: the expert no longer sees the conversation, which stops waiting.
  const k3 = await consult(agent, other.id, { expertUserId: expert.id });
  expect((await expert.req('GET', `/api/conversations/${other.id}`)).status).toBe(200);
  expect((await expert.req('PATCH', `/api/consults/${k3.id}`, { status: 'cancelled' })).status).toBe(403);
  const cancelled = await agent.req('PATCH', `/api/consults/${k3.id}`, { status: 'cancelled' });
  expect(cancelled.status, cancelled.text).toBe(200);
  expect(cancelled.body.status).toBe('cancelled');
  expect((await statusOf(ws, other.id)).status).toBe('open');
  expect((await expert.req('GET', `/api/conversations/${other.id}`)).status).toBe(404);
  expect((await agent.req('PATCH', `/api/consults/${k3.id}`, { status: 'cancelled' })).status).toBe(409);
});

test('notes carry their mentions; a suggestion is used as the reply by the agent', async () => {
  const { ws, agent, expert, asked } = await setup();
  const k = await consult(agent, asked.id, { expertUserId: expert.id });
  const note = await agent.req('POST', `/api/conversations/${asked.id}/notes`, { text: `@[Expert](user:${expert.id}) kannst du bitte helfen? @niemand.da` });
  expect(note.status, note.text).toBe(201);
  expect(note.body.mentions).toEqual([{ type: 'user', id: expert.id, name: 'expert user' }]);
  expect(note.body.consultId).toBeNull();
  const [created] = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'note.created'), eq(events.subjectId, note.body.id)));
  expect(created!.payload).toMatchObject({ conversationId: asked.id, mentions: [{ type: 'user', id: expert.id }] });

  const suggestion = await expert.req('POST', `/api/conversations/${asked.id}/notes`, { kind: 'suggestion', consultId: k.id, text: 'Sehr geehrte Frau Kaya, das ist ein Garantiefall. Wir schicken einen Techniker.' });
  expect(suggestion.status).toBe(201);
  expect(suggestion.body).toMatchObject({ kind: 'suggestion', suggestionStatus: 'pending' });
  expect((await statusOf(ws, asked.id)).status).toBe('open');
  // The expert cannot use their own suggestion as a reply (they have not taken over).
  expect((await expert.req('POST', `/api/notes/${suggestion.body.id}/use`, {})).status).toBe(403);
  const notes = await agent.req('GET', `/api/conversations/${asked.id}/notes`);
  expect(notes.body.items.map((n: { kind: string }) => n.kind)).toEqual(['note', 'suggestion']);

  // Into the composer: the text comes back, the suggestion is used; then sent directly.
  const used = await agent.req('POST', `/api/notes/${suggestion.body.id}/use`, {});
  expect(used.status, used.text).toBe(200);
  expect(used.body).toMatchObject({ text: expect.stringContaining('Garantiefall'), messageId: null, note: { suggestionStatus: 'used', usedBy: { id: agent.id } } });
  const sent = await agent.req('POST', `/api/notes/${suggestion.body.id}/use`, { send: true });
  expect(sent.status, sent.text).toBe(200);
  const detail = await agent.req('GET', `/api/conversations/${asked.id}`);
  const out = detail.body.messages.find((m: { id: string }) => m.id === sent.body.messageId);
  expect(out).toMatchObject({ direction: 'outbound', text: expect.stringContaining('Garantiefall'), sendStatus: 'queued' });

  // Dismissing: a note is no suggestion; a used suggestion stays used.
  expect((await agent.req('POST', `/api/notes/${note.body.id}/dismiss`)).status).toBe(400);
  expect((await agent.req('POST', `/api/notes/${suggestion.body.id}/dismiss`)).status).toBe(409);
  const other = await expert.req('POST', `/api/conversations/${asked.id}/notes`, { kind: 'suggestion', text: 'Oder lieber anrufen?' });
  const dismissed = await agent.req('POST', `/api/notes/${other.body.id}/dismiss`);
  expect(dismissed.body.suggestionStatus).toBe('dismissed');
  expect((await agent.req('POST', `/api/notes/${other.body.id}/use`, {})).status).toBe(409);
});

test('the OLA job marks an open consult overdue once', async () => {
  const { ws, agent, expert, asked, other } = await setup();
  const late = await consult(agent, asked.id, { expertUserId: expert.id }, 30);
  const onTime = await consult(agent, other.id, { expertUserId: expert.id }, 30);
  expect(new Date(late.olaDueAt).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
  await api.deps.db.update(consults).set({ olaDueAt: new Date(Date.now() - 60_000) }).where(and(eq(consults.workspaceId, ws.id), eq(consults.id, late.id)));
  await markOverdueConsults(api.deps);
  await markOverdueConsults(api.deps);
  const overdue = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'consult.overdue')));
  expect(overdue.map((e) => e.subjectId)).toEqual([late.id]);
  const list = (await expert.req('GET', '/api/consults')).body.items as { id: string; overdue: boolean }[];
  expect(list.find((c) => c.id === late.id)!.overdue).toBe(true);
  expect(list.find((c) => c.id === onTime.id)!.overdue).toBe(false);
  // An answered consult is never overdue later.
  await expert.req('POST', `/api/conversations/${other.id}/notes`, { text: 'Erledigt.' });
  await api.deps.db.update(consults).set({ olaDueAt: new Date(Date.now() - 60_000) }).where(and(eq(consults.workspaceId, ws.id), eq(consults.id, onTime.id)));
  await markOverdueConsults(api.deps);
  expect((await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'consult.overdue')))).length).toBe(1);
});

test('a task from a thread carries the customer\'s address and shows on the contact\'s tasks', async () => {
  const { agent, expert, asked, contactId } = await setup();
  await consult(agent, asked.id, { expertUserId: expert.id });
  const draft = await expert.req('GET', `/api/conversations/${asked.id}/task-draft`);
  expect(draft.status).toBe(200);
  expect(draft.body.description).toBe('Anna Kaya\nLindenstraße 12\n50674 Köln\nDE');
  const due = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const task = await expert.req('POST', `/api/conversations/${asked.id}/tasks`, { title: 'Servicetechniker buchen', dueAt: due });
  expect(task.status, task.text).toBe(201);
  expect(task.body).toMatchObject({ title: 'Servicetechniker buchen', record: { type: 'contact', id: contactId }, assignee: { id: expert.id } });
  expect(task.body.description).toContain('Lindenstraße 12');
  const onContact = await agent.req('GET', `/api/tasks?recordType=contact&recordId=${contactId}`);
  expect(onContact.body.items.map((t: { id: string }) => t.id)).toContain(task.body.id);
  const ofThread = await expert.req('GET', `/api/conversations/${asked.id}/tasks`);
  expect(ofThread.body.items.map((t: { title: string }) => t.title)).toEqual(['Servicetechniker buchen']);
  // An agent assigns one to a colleague with their own description.
  const byAgent = await agent.req('POST', `/api/conversations/${asked.id}/tasks`, { title: 'Rückruf', description: 'Bitte zurückrufen', assigneeId: expert.id });
  expect(byAgent.body).toMatchObject({ description: 'Bitte zurückrufen', assignee: { id: expert.id } });
  await eventually(async () => expect((await agent.req('GET', `/api/conversations/${asked.id}/tasks`)).body.items).toHaveLength(2));
});

/** Mo–Fr 08:00–18:00 in Berlin, no holidays. */
const WORKDAYS = { timezone: 'Europe/Berlin', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })), holidays: [] };
const actorOf = (ws: TestWorkspace, u: TestUser): Actor => ({ workspaceId: ws.id, userId: u.id, role: u.role, kind: 'user', language: 'de' });

async function overdueEvents(ws: TestWorkspace) {
  return api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'consult.overdue')));
}

test('the OLA counts the expert team\'s business hours: asked on Friday evening, due on Monday; the overdue job marks it only then', async () => {
  const { ws, agent, expert, outsider, teamExpert, asked, other } = await setup();
  const cal = await ws.admin.req('POST', '/api/sla/calendars', { ...WORKDAYS, name: 'Technik Berlin', isDefault: false });
  expect(cal.status, cal.text).toBe(201);
  const team = await ws.admin.req('POST', '/api/teams', { name: `Technischer Service ${newId().slice(-4)}`, memberIds: [teamExpert.id] });
  expect(team.status, team.text).toBe(201);
  // The team's business hours are those of its SLA policy (a policy need not set targets to name them).
  const policy = await ws.admin.req('POST', '/api/sla/policies', { name: 'Technik', teamId: team.body.id, calendarId: cal.body.id });
  expect(policy.status, policy.text).toBe(201);

  // Friday 2026-01-09 17:30 in Berlin (CET): 30 open minutes that day, the other 90 on Monday from 08:00.
  const friday = new Date('2026-01-09T16:30:00Z');
  const k = await requestConsult(api.deps, actorOf(ws, agent), asked.id, { expertTeamId: team.body.id, question: 'Ist das ein Garantiefall?', olaMinutes: 120 }, friday);
  expect(k.olaDueAt).toBe('2026-01-12T08:30:00.000Z'); // Monday 09:30 CET
  expect(k.olaCalendar).toEqual({ id: cal.body.id, name: 'Technik Berlin' });
  const listed = (await agent.req('GET', `/api/consults?conversationId=${asked.id}`)).body.items[0];
  expect(listed).toMatchObject({ id: k.id, olaDueAt: '2026-01-12T08:30:00.000Z', olaCalendar: { name: 'Technik Berlin' } });

  // The job on Saturday and on Monday 09:29 leaves it alone; at 09:31 it is overdue, once.
  await markOverdueConsults(api.deps, new Date('2026-01-10T11:00:00Z'));
  await markOverdueConsults(api.deps, new Date('2026-01-12T08:29:00Z'));
  expect(await overdueEvents(ws)).toEqual([]);
  await markOverdueConsults(api.deps, new Date('2026-01-12T08:31:00Z'));
  await markOverdueConsults(api.deps, new Date('2026-01-12T08:32:00Z'));
  const marked = await overdueEvents(ws);
  expect(marked.map((e) => e.subjectId)).toEqual([k.id]);
  expect(marked[0]!.payload).toMatchObject({ olaDueAt: '2026-01-12T08:30:00.000Z', olaCalendarId: cal.body.id });

  // One expert of that team: their team's hours too (a Friday-evening question to Jonas is due Monday morning).
  const toMember = await requestConsult(api.deps, actorOf(ws, agent), other.id, { expertUserId: teamExpert.id, question: 'Und hier?', olaMinutes: 60 }, friday);
  expect(toMember.olaDueAt).toBe('2026-01-12T07:30:00.000Z'); // Monday 08:30 CET
  // An expert in no team: the workspace default calendar, once there is one; before, round the clock.
  const roundTheClock = await requestConsult(api.deps, actorOf(ws, agent), other.id, { expertUserId: outsider.id, question: 'Wer weiß es?', olaMinutes: 60 }, friday);
  expect(roundTheClock).toMatchObject({ olaDueAt: '2026-01-09T17:30:00.000Z', olaCalendar: null });
  expect((await ws.admin.req('PATCH', `/api/sla/calendars/${cal.body.id}`, { isDefault: true })).status).toBe(200);
  const byDefault = await requestConsult(api.deps, actorOf(ws, agent), other.id, { expertUserId: expert.id, question: 'Noch jemand?', olaMinutes: 60 }, friday);
  expect(byDefault).toMatchObject({ olaDueAt: '2026-01-12T07:30:00.000Z', olaCalendar: { id: cal.body.id } });

  // Asked now through the API: the countdown counts open minutes, whatever the wall clock says (evening, weekend).
  const now = await consult(agent, asked.id, { expertTeamId: team.body.id }, 120);
  const fresh = (await teamExpert.req('GET', '/api/consults')).body.items.find((c: { id: string }) => c.id === now.id);
  expect([119, 120]).toContain(fresh.olaMinutesLeft);
  expect(new Date(fresh.olaDueAt).getTime() - new Date(fresh.createdAt).getTime()).toBeGreaterThanOrEqual(120 * 60_000);
  // An answered consult has no countdown.
  expect((await teamExpert.req('POST', `/api/conversations/${asked.id}/notes`, { text: 'Ja.', consultId: now.id })).status).toBe(201);
  expect((await agent.req('GET', `/api/consults?conversationId=${asked.id}`)).body.items.find((c: { id: string }) => c.id === now.id).olaMinutesLeft).toBeNull();
});

test('a take-over assigns through routing: exactly one conversation.assigned, like any assignment, and activity and notifications follow from it', async () => {
  const { ws, agent, expert, asked, other, contactId } = await setup();
  // The agent works the conversation; the expert takes it over.
  expect((await agent.req('PATCH', `/api/conversations/${asked.id}/assignment`, { userId: agent.id })).status).toBe(200);
  // As its assignee the agent follows the conversation (the activity handler, from that assignment's event).
  await eventually(async () => {
    const f = await api.deps.db.select().from(follows).where(and(eq(follows.workspaceId, ws.id), eq(follows.userId, agent.id), eq(follows.recordId, asked.id)));
    expect(f.map((x) => x.reason)).toEqual(['assigned']);
  });
  const k = await consult(agent, asked.id, { expertUserId: expert.id });
  const before = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'conversation.assigned'), eq(events.subjectId, asked.id)));
  expect(before).toHaveLength(1);
  expect((await expert.req('POST', `/api/consults/${k.id}/take-over`)).status).toBe(200);
  const assigned = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'conversation.assigned'), eq(events.subjectId, asked.id)));
  const taken = assigned.filter((e) => e.id !== before[0]!.id);
  expect(taken).toHaveLength(1);
  const e = taken[0]!;
  expect(e.actorId).toBe(expert.id);
  expect(e.payload).toEqual({
    before: { assigneeId: agent.id, teamId: null }, after: { assigneeId: expert.id, teamId: null }, by: 'take_over', consultId: k.id,
    related: [{ type: 'contact', id: contactId }],
  });
  // The same event as a manual assignment, but for `by` and the consult.
  expect(Object.keys(e.payload as object).filter((x) => x !== 'consultId').sort()).toEqual(Object.keys(before[0]!.payload as object).sort());
  expect((await statusOf(ws, asked.id)).assigneeId).toBe(expert.id);

  // Activity: the assignment in the conversation's stream, and the expert follows it as its assignee.
  await eventually(async () => {
    const [a] = await api.deps.db.select().from(activities).where(and(eq(activities.workspaceId, ws.id), eq(activities.id, e.id)));
    expect(a).toMatchObject({ verb: 'conversation.assigned', recordType: 'conversation', recordId: asked.id, actorId: expert.id });
  });
  await eventually(async () => {
    const f = await api.deps.db.select().from(follows).where(and(eq(follows.workspaceId, ws.id), eq(follows.userId, expert.id), eq(follows.recordId, asked.id)));
    expect(f.map((x) => x.reason)).toEqual(['assigned']);
  });
  // Notifications: the assignment plan names the new assignee, but it is the expert's own act (never notified); the
  // agent who had the conversation follows it as its assignee and is told, as on any re-assignment.
  expect(await planFor(api.deps.db, e)).toEqual([expect.objectContaining({ kind: 'assignment', subjectId: asked.id, userIds: [expert.id] })]);
  const told = await eventually(async () => {
    const list = await api.deps.db.select().from(notifications).where(and(eq(notifications.workspaceId, ws.id), eq(notifications.eventId, e.id)));
    expect(list).toHaveLength(1);
    return list[0]!;
  });
  expect(told).toMatchObject({ userId: agent.id, actorId: expert.id, subjectType: 'conversation', subjectId: asked.id });

  // An agent asked as the expert takes over too; the agent whose conversation it was gets no event twice.
  const colleague = await ws.user('agent');
  const k2 = await consult(agent, other.id, { expertUserId: colleague.id });
  expect((await colleague.req('POST', `/api/consults/${k2.id}/take-over`)).status).toBe(200);
  const second = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'conversation.assigned'), eq(events.subjectId, other.id)));
  expect(second.map((x) => (x.payload as { by: string }).by)).toEqual(['take_over']);
  // Unlike the take-over, a manual assignment still cannot name an expert.
  expect((await ws.admin.req('PATCH', `/api/conversations/${other.id}/assignment`, { userId: expert.id })).body.error.code).toBe('assignee_not_assignable');
});
