import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { channels, conversationSlas, conversations, events } from '../../db/schema.ts';
import { eventually, jobsSettled, useApi, type TestUser, type TestWorkspace } from '../../testing/harness.ts';
import { connect, fixtureJson, settled } from '../inbox/testing.ts';
import { runSlaWatch } from './sla-watch.ts';

// A real SMTP server for the escalation mails, and a stand-in for the Graph API so agent replies can be sent.
const mails: Array<{ to: string[]; raw: string }> = [];
const env: Record<string, string> = {};
let smtp: SMTPServer;
let graph: Server;
let graphUrl: string;
let counter = 0;
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
  graph = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `c_r${++counter}` })));
  });
  await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
  graphUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => graph.close(() => resolve()));
});

const api = useApi(env);

const PAGE = '1234567890321';
const POST = `${PAGE}_901097836652708`;
const BERLIN = {
  name: 'Kundenservice Berlin', timezone: 'Europe/Berlin',
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
  // A Monday off (the day after the switch to summer time), so the first due time lands on Tuesday.
  holidays: ['2030-04-01'], isDefault: true,
};

/** A Facebook page channel whose replies go to the local Graph stand-in. */
async function page(ws: TestWorkspace) {
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  expect((await ws.admin.req('PATCH', `/api/channels/${fb.id}`, { secrets: { accessToken: 'page-token' } })).status).toBe(200);
  await api.deps.db.update(channels).set({ settings: { apiBaseUrl: graphUrl } }).where(and(eq(channels.workspaceId, ws.id), eq(channels.id, fb.id)));
  const comment = async (id: string, at: Date, text = 'Meine Heizung ist kaputt, bitte helfen Sie mir') => {
    const body = fixtureJson('meta/fixtures/facebook-page/feed-comment-add-25.json');
    body.entry[0].changes[0].value = { item: 'comment', verb: 'add', comment_id: id, post_id: POST, parent_id: POST,
      from: { id: '555000111', name: 'Anna Kundin' }, created_time: Math.floor(at.getTime() / 1000), message: text };
    expect((await fb.send(body)).status).toBe(200);
    await settled(api, ws.id, fb.id);
    // The clocks' handler reconciles after routing's assignment in a job: the watch below must not race it.
    await jobsSettled(api, ws.id, 'event.sla-clocks');
  };
  return { fb, comment };
}

async function clockOf(ws: TestWorkspace, conversationId: string) {
  const [row] = await api.deps.db.select().from(conversationSlas)
    .where(and(eq(conversationSlas.workspaceId, ws.id), eq(conversationSlas.conversationId, conversationId)));
  return row;
}

async function onlyConversation(ws: TestWorkspace) {
  const list = await api.deps.db.select().from(conversations).where(eq(conversations.workspaceId, ws.id));
  expect(list).toHaveLength(1);
  return list[0]!;
}

async function slaEvents(ws: TestWorkspace) {
  const list = await api.deps.db.select().from(events).where(eq(events.workspaceId, ws.id));
  return list.filter((e) => e.type.startsWith('sla.')).map((e) => ({ type: e.type, ...(e.payload as object) })) as Array<Record<string, any>>;
}

async function team(ws: TestWorkspace, name: string, memberIds: string[] = []): Promise<string> {
  const res = await ws.admin.req('POST', '/api/teams', { name, memberIds });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

const iso = (s: string) => new Date(s).toISOString();

test('a delivery opens the team policy\'s clocks on business hours; the watch warns, breaches once, re-assigns and mails the managers', async () => {
  const ws = await api.workspace();
  const manager = await ws.user('manager');
  const service = await team(ws, 'Service');
  const escalation = await team(ws, 'Eskalation', [manager.id]);
  const cal = await ws.admin.req('POST', '/api/sla/calendars', BERLIN);
  expect(cal.status, cal.text).toBe(201);
  // The workspace default counts round the clock; the Service team's own policy counts in business hours.
  const fallback = await ws.admin.req('POST', '/api/sla/policies', { name: 'Standard', firstResponseMinutes: 240 });
  expect(fallback.status, fallback.text).toBe(201);
  const policy = await ws.admin.req('POST', '/api/sla/policies', {
    name: 'Service', teamId: service, calendarId: cal.body.id, firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 600,
    warnBeforeMinutes: 10, escalateToTeamId: escalation, notifyManagers: true, notifyByMail: true,
  });
  expect(policy.status, policy.text).toBe(201);
  const rule = await ws.admin.req('POST', '/api/routing/rules', { name: 'Alles an den Service', actions: [{ type: 'set_team', teamId: service }] });
  expect(rule.status, rule.text).toBe(201);

  const { comment } = await page(ws);
  // Friday 2030-03-29 17:50 in Berlin: 10 open minutes left that day; Monday is a holiday; summer time from Sunday.
  await comment('901097836652708_1', new Date('2030-03-29T16:50:00Z'));
  const c = await onlyConversation(ws);
  expect(c.teamId).toBe(service);
  const clock = (await clockOf(ws, c.id))!;
  expect(clock).toMatchObject({ policyId: policy.body.id, startedAt: new Date('2030-03-29T16:50:00Z') });
  expect(clock.firstResponseDueAt?.toISOString()).toBe(iso('2030-04-02T06:20:00Z')); // Tuesday 08:20 CEST
  expect(clock.firstResponseWarnAt?.toISOString()).toBe(iso('2030-04-02T06:10:00Z'));
  expect(clock.resolutionDueAt?.toISOString()).toBe(iso('2030-04-02T15:50:00Z')); // Tuesday 17:50 CEST
  expect(clock.nextDueAt?.toISOString()).toBe(iso('2030-04-02T06:20:00Z'));

  const detail = await ws.admin.req('GET', `/api/conversations/${c.id}`);
  expect(detail.body.sla).toMatchObject({ policyId: policy.body.id, state: 'ok', nextDueAt: iso('2030-04-02T06:20:00Z'), nextDueKind: 'first_response', breached: [] });
  const list = await ws.admin.req('GET', '/api/conversations');
  expect(list.body.items[0].sla).toMatchObject({ nextDueKind: 'first_response' });

  // Before the warning nothing happens; then one warning, then one breach with its escalation; then nothing again.
  expect(await runSlaWatch(api.deps, new Date('2030-04-02T06:09:00Z'), { workspaceId: ws.id })).toEqual({ warnings: 0, breaches: 0 });
  expect(await runSlaWatch(api.deps, new Date('2030-04-02T06:15:00Z'), { workspaceId: ws.id })).toEqual({ warnings: 1, breaches: 0 });
  expect(await runSlaWatch(api.deps, new Date('2030-04-02T06:16:00Z'), { workspaceId: ws.id })).toEqual({ warnings: 0, breaches: 0 });
  expect((await clockOf(ws, c.id))!.state).toBe('warning');
  expect(await runSlaWatch(api.deps, new Date('2030-04-02T06:21:00Z'), { workspaceId: ws.id })).toEqual({ warnings: 0, breaches: 1 });
  expect(await runSlaWatch(api.deps, new Date('2030-04-02T06:22:00Z'), { workspaceId: ws.id })).toEqual({ warnings: 0, breaches: 0 });
  const after = (await clockOf(ws, c.id))!;
  expect(after.breached).toEqual(['first_response']);
  expect(after.nextCheckAt?.toISOString()).toBe(iso('2030-04-02T15:40:00Z')); // the resolution warning is next

  const announced = await slaEvents(ws);
  expect(announced.map((e) => `${e.type}:${e.kind}`).sort()).toEqual(['sla.breached:first_response', 'sla.escalated:first_response', 'sla.warning:first_response']);
  expect(announced.find((e) => e.type === 'sla.escalated')).toMatchObject({ fromTeamId: service, toTeamId: escalation, notifyUserIds: [manager.id], mail: true });
  // Re-assigned to the escalation team (routing's assignment), and the manager got a mail.
  expect((await onlyConversation(ws)).teamId).toBe(escalation);
  await eventually(async () => expect(mails.filter((m) => m.to.includes(manager.email))).toHaveLength(1));
  expect(mails.find((m) => m.to.includes(manager.email))!.raw).toContain('SLA breached: First response overdue');
  // The escalation team has no policy of its own: the workspace default applies now, the breach stays recorded.
  await eventually(async () => expect((await clockOf(ws, c.id))!.policyId).toBe(fallback.body.id));
  const now = await ws.admin.req('GET', `/api/conversations/${c.id}`);
  expect(now.body.sla).toMatchObject({ policyId: fallback.body.id, breached: ['first_response'] });
});

test('an agent reply meets the first response, a customer answer starts the next one, waiting on the customer pauses, resolving stops', async () => {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const policy = await ws.admin.req('POST', '/api/sla/policies', { name: 'Rund um die Uhr', firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 10_000, warnPercent: 80 });
  expect(policy.status, policy.text).toBe(201);
  const { comment } = await page(ws);
  const t0 = new Date(Date.now() - 5 * 60_000);
  await comment('901097836652708_11', t0);
  const c = await onlyConversation(ws);
  let clock = (await clockOf(ws, c.id))!;
  expect(clock.firstResponseDueAt?.toISOString()).toBe(new Date(t0.getTime() - (t0.getTime() % 1000) + 60 * 60_000).toISOString());
  expect(clock.firstResponseWarnAt!.getTime() - clock.startedAt.getTime()).toBe(48 * 60_000); // 80 % of 60 minutes

  const reply = await agent.req('POST', `/api/conversations/${c.id}/replies`, { text: 'Das tut uns leid! Wir melden uns gleich.' });
  expect(reply.status, reply.text).toBe(201);
  clock = await eventually(async () => {
    const r = (await clockOf(ws, c.id))!;
    expect(r.firstRespondedAt).not.toBeNull();
    return r;
  });
  expect(clock).toMatchObject({ nextDueKind: 'resolution', state: 'ok', nextResponseDueAt: null });

  const t1 = new Date(Date.now() + 1000);
  await comment('901097836652708_12', t1, 'Wann kommt der Techniker?');
  clock = (await clockOf(ws, c.id))!;
  expect(clock.nextDueKind).toBe('next_response');
  expect(clock.nextResponseDueAt!.getTime() - clock.nextResponseStartedAt!.getTime()).toBe(30 * 60_000);
  const dueBefore = clock.nextResponseDueAt!.getTime();
  expect((await ws.admin.req('GET', `/api/conversations/${c.id}`)).body.sla).toMatchObject({ state: 'ok', nextDueKind: 'next_response' });

  // Waiting on the customer: the clocks stand still (the API shows no due time) until the customer answers.
  expect((await agent.req('PATCH', `/api/conversations/${c.id}`, { status: 'waiting_customer' })).status).toBe(200);
  await eventually(async () => expect((await clockOf(ws, c.id))!.state).toBe('paused'));
  expect((await ws.admin.req('GET', `/api/conversations/${c.id}`)).body.sla).toMatchObject({ state: 'paused', nextDueAt: null });
  const pausedAt = (await clockOf(ws, c.id))!.pausedAt!;
  const t2 = new Date(pausedAt.getTime() + 120_000);
  await comment('901097836652708_13', t2, 'Hallo? Ich warte noch.');
  clock = (await clockOf(ws, c.id))!;
  expect(clock).toMatchObject({ pausedAt: null, state: 'ok', nextDueKind: 'next_response' });
  // The two minutes of waiting do not count: the due time moved by exactly them (24/7 policy).
  expect(clock.nextResponseDueAt!.getTime() - dueBefore).toBe(t2.getTime() - (t2.getTime() % 1000) - pausedAt.getTime());

  // Resolving stops every clock; reopening restarts resolution and the response the customer waits for.
  expect((await agent.req('PATCH', `/api/conversations/${c.id}`, { status: 'resolved' })).status).toBe(200);
  await eventually(async () => expect((await clockOf(ws, c.id))!.state).toBe('met'));
  expect((await ws.admin.req('GET', `/api/conversations/${c.id}`)).body.sla).toMatchObject({ state: 'met', nextDueAt: null, nextDueKind: null });
  expect((await agent.req('PATCH', `/api/conversations/${c.id}`, { status: 'open' })).status).toBe(200);
  clock = await eventually(async () => {
    const r = (await clockOf(ws, c.id))!;
    expect(r.resolvedAt).toBeNull();
    return r;
  });
  expect(clock.nextDueKind).toBe('next_response');
  expect(clock.resolutionDueAt!.getTime() - clock.resolutionStartedAt!.getTime()).toBe(10_000 * 60_000);
});

test('business hours and policies: managers keep them, agents read them, experts neither; bad input and other workspaces are refused', async () => {
  const ws = await api.workspace();
  const roles: Record<string, TestUser> = { manager: await ws.user('manager'), agent: await ws.user('agent'), expert: await ws.user('expert') };
  const made = await roles.manager!.req('POST', '/api/sla/calendars', BERLIN);
  expect(made.status, made.text).toBe(201);
  expect(made.body).toMatchObject({ name: 'Kundenservice Berlin', timezone: 'Europe/Berlin', holidays: ['2030-04-01'], isDefault: true });
  expect((await roles.agent!.req('GET', '/api/sla/calendars')).body.items).toHaveLength(1);
  expect((await roles.agent!.req('POST', '/api/sla/calendars', { ...BERLIN, name: 'Agent' })).status).toBe(403);
  expect((await roles.agent!.req('POST', '/api/sla/policies', { name: 'Agent', firstResponseMinutes: 5 })).status).toBe(403);
  expect((await roles.expert!.req('GET', '/api/sla/policies')).status).toBe(403);
  expect((await ws.admin.req('POST', '/api/sla/calendars', { ...BERLIN, name: 'X', timezone: 'Mars/Olympus' })).body.error.code).toBeDefined();
  expect((await ws.admin.req('POST', '/api/sla/calendars', { ...BERLIN, name: 'X', timezone: 'Mars/Olympus' })).status).toBe(400);
  expect((await ws.admin.req('POST', '/api/sla/calendars', { ...BERLIN, name: 'X', weekly: [{ day: 1, start: '25:00', end: '18:00' }] })).status).toBe(400);
  expect((await ws.admin.req('POST', '/api/sla/calendars', { ...BERLIN, isDefault: false })).status).toBe(409);

  // A second default calendar takes over the default.
  const second = await ws.admin.req('POST', '/api/sla/calendars', { ...BERLIN, name: 'Zweite', isDefault: true });
  expect(second.status).toBe(201);
  const cals = (await ws.admin.req('GET', '/api/sla/calendars')).body.items as Array<{ name: string; isDefault: boolean }>;
  expect(cals.map((x) => [x.name, x.isDefault])).toEqual([['Kundenservice Berlin', false], ['Zweite', true]]);

  const p = await roles.manager!.req('POST', '/api/sla/policies', { name: 'Standard', firstResponseMinutes: 60, calendarId: made.body.id });
  expect(p.status, p.text).toBe(201);
  expect((await ws.admin.req('POST', '/api/sla/policies', { name: 'Noch ein Standard', firstResponseMinutes: 60 })).status).toBe(409);
  expect((await ws.admin.req('POST', '/api/sla/policies', { name: 'Team', teamId: '00000000-0000-4000-8000-000000000000' })).body.error.code).toBe('team_not_found');
  expect((await ws.admin.req('POST', '/api/sla/policies', { name: 'Beides', teamId: null, warnBeforeMinutes: 5, warnPercent: 50 })).status).toBe(400);
  const patched = await roles.manager!.req('PATCH', `/api/sla/policies/${p.body.id}`, { resolutionMinutes: 480, priorityTargets: { urgent: { firstResponseMinutes: 15 } } });
  expect(patched.status, patched.text).toBe(200);
  expect(patched.body).toMatchObject({ firstResponseMinutes: 60, resolutionMinutes: 480, priorityTargets: { urgent: { firstResponseMinutes: 15 } } });
  expect((await roles.agent!.req('DELETE', `/api/sla/policies/${p.body.id}`)).status).toBe(403);

  // Another workspace sees none of it and cannot change it.
  const other = await api.workspace();
  expect((await other.admin.req('GET', '/api/sla/calendars')).body.items).toEqual([]);
  expect((await other.admin.req('GET', '/api/sla/policies')).body.items).toEqual([]);
  expect((await other.admin.req('PATCH', `/api/sla/calendars/${made.body.id}`, { name: 'Gekapert' })).status).toBe(404);
  expect((await other.admin.req('DELETE', `/api/sla/policies/${p.body.id}`)).status).toBe(404);
  expect((await other.admin.req('POST', '/api/sla/policies', { name: 'Fremd', calendarId: made.body.id })).body.error.code).toBe('calendar_not_found');

  // Deleting the calendar leaves the policy counting round the clock.
  expect((await ws.admin.req('DELETE', `/api/sla/calendars/${made.body.id}`)).status).toBe(204);
  expect((await ws.admin.req('GET', '/api/sla/policies')).body.items[0]).toMatchObject({ id: p.body.id, calendarId: null });
  expect((await ws.admin.req('DELETE', `/api/sla/policies/${p.body.id}`)).status).toBe(204);
  expect((await ws.admin.req('GET', '/api/sla/policies')).body.items).toEqual([]);
});

test('a breach is announced even when its escalation team was deleted meanwhile; erased conversations lose their clocks', async () => {
  const ws = await api.workspace();
  const gone = await team(ws, 'Aufgelöst');
  const policy = await ws.admin.req('POST', '/api/sla/policies', { name: 'Standard', firstResponseMinutes: 30, escalateToTeamId: gone });
  expect(policy.status, policy.text).toBe(201);
  expect((await ws.admin.req('DELETE', `/api/teams/${gone}`)).status).toBe(204);
  const { comment } = await page(ws);
  await comment('901097836652708_21', new Date('2031-01-06T10:00:00Z'));
  const c = await onlyConversation(ws);
  expect(await runSlaWatch(api.deps, new Date('2031-01-06T10:31:00Z'), { workspaceId: ws.id })).toEqual({ warnings: 0, breaches: 1 });
  expect((await onlyConversation(ws)).teamId).toBeNull();
  expect((await slaEvents(ws)).find((e) => e.type === 'sla.escalated')).toMatchObject({ toTeamId: gone, reassigned: false, notifyUserIds: [] });
  expect((await clockOf(ws, c.id))!.breached).toEqual(['first_response']);

  // A clock whose conversation is gone is dropped by the watch instead of announcing anything.
  await api.deps.db.update(conversationSlas).set({ nextCheckAt: new Date('2031-01-06T10:40:00Z'), notified: [] })
    .where(and(eq(conversationSlas.workspaceId, ws.id), eq(conversationSlas.conversationId, c.id)));
  await api.deps.db.delete(conversations).where(and(eq(conversations.workspaceId, ws.id), eq(conversations.id, c.id)));
  expect(await runSlaWatch(api.deps, new Date('2031-01-06T10:41:00Z'), { workspaceId: ws.id })).toEqual({ warnings: 0, breaches: 0 });
  expect(await clockOf(ws, c.id)).toBeUndefined();
});
