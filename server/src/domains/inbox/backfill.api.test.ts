import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { loadRecording, replayer } from '../../connectors/shared/replay.ts';
import { hmacSha256 } from '../../connectors/shared/verify.ts';
import { channels } from '../../db/schema.ts';
import { useApi, type TestWorkspace } from '../../testing/harness.ts';
import { pollChannel, type BackfillState } from './backfill.ts';
import { settled, stored } from './testing.ts';

// The polling backfills against recorded LinkedIn and Bluesky answers (fixtures/http/*-backfill.json), never the
// network: new items are stored once across polls and across a webhook delivery of the same notification, the cursor
// is kept in the channel's settings, and a 429 with Retry-After holds the next poll back.

const api = useApi();
const connectors = path.join(import.meta.dirname, '../../connectors');
const ORG = 'urn:li:organization:2414183';
const DID = 'did:plc:parleychannel0000000000';
const li = JSON.parse(readFileSync(path.join(connectors, 'linkedin/fixtures/http/linkedin-backfill.json'), 'utf8')) as { exchanges: { response: { body: { elements?: unknown[] } } }[] };
const A = li.exchanges[0]!.response.body.elements![0] as Record<string, any>;
const C = li.exchanges[1]!.response.body.elements![1] as Record<string, any>;
const NOW1 = new Date('2026-12-04T10:00:00Z');
const later = (minutes: number) => new Date(NOW1.getTime() + minutes * 60_000);

async function channel(ws: TestWorkspace, network: string, externalId: string, secrets: Record<string, string>) {
  const res = await ws.admin.req('POST', '/api/channels', { network, externalId, name: `${network} backfill`, secrets });
  expect(res.status, res.text).toBe(201);
  // Other jobs of the channel (the authors' profiles) go to a closed local port: nothing here calls out.
  await api.deps.db.update(channels).set({ settings: { apiBaseUrl: 'http://127.0.0.1:9' } }).where(and(eq(channels.workspaceId, ws.id), eq(channels.id, res.body.id)));
  return res.body.id as string;
}

async function stateOf(ws: TestWorkspace, id: string): Promise<BackfillState> {
  const [row] = await api.deps.db.select().from(channels).where(and(eq(channels.workspaceId, ws.id), eq(channels.id, id)));
  return row!.settings.backfill as BackfillState;
}

describe('LinkedIn backfill', () => {
  test('two polls and a webhook store each notification once; cursor kept; 429 respected', async () => {
    const ws = await api.workspace();
    const id = await channel(ws, 'linkedin', ORG, { accessToken: 'li-test-token-000', clientSecret: 'li-client-secret' });
    const replay = replayer(loadRecording(path.join(connectors, 'linkedin/fixtures/http'), 'linkedin-backfill.json'));

    expect(await pollChannel(api.deps, ws.id, id, { fetch: replay.fetch, now: NOW1 })).toEqual({ status: 'stored', stored: 1 });
    await settled(api, ws.id, id);
    let data = await stored(api, ws.id, id);
    expect(data.messages.map((m) => m.text)).toEqual([A.decoratedGeneratedActivity.comment.text]);
    let state = await stateOf(ws, id);
    expect(state).toMatchObject({ since: NOW1.getTime() - 30 * 60_000, recentIds: ['90001', '90002'], lastPolledAt: NOW1.toISOString(), deliveries: 1 });

    // Within the interval nothing is polled (the replayer would refuse an unrecorded request).
    expect(await pollChannel(api.deps, ws.id, id, { fetch: replay.fetch, now: later(1) })).toEqual({ status: 'not_due', stored: 0 });

    // Poll 2 overlaps poll 1 (the like again) and brings one new comment.
    expect(await pollChannel(api.deps, ws.id, id, { fetch: replay.fetch, now: later(5) })).toEqual({ status: 'stored', stored: 1 });
    await settled(api, ws.id, id);
    data = await stored(api, ws.id, id);
    expect(data.deliveries).toHaveLength(2);
    expect(data.messages.map((m) => m.text).sort()).toEqual([A.decoratedGeneratedActivity.comment.text, C.decoratedGeneratedActivity.comment.text].sort());
    state = await stateOf(ws, id);
    expect(state.since).toBe(C.lastModifiedAt);
    expect(state.recentIds).toEqual(['90001', '90002', '90003']);

    // The webhook pushes the polled comment again beside a new one: one new message, the old one not twice.
    const D = { ...A, notificationId: 90004, generatedActivity: 'urn:li:comment:(urn:li:activity:7268000000000000001,7268100000000000004)', decoratedGeneratedActivity: { comment: { owner: 'urn:li:person:bC6dE7fGhI', text: 'Wann kommt der Techniker-Leitfaden als PDF?' } } };
    const body = Buffer.from(JSON.stringify({ type: 'ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS', notifications: [A, D] }));
    const push = await api.anon('POST', `/api/channels/${id}/webhook`, body, {
      'content-type': 'application/json', 'x-li-signature': hmacSha256('li-client-secret', 'hmacsha256=', body).toString('hex'),
    });
    expect(push.status, push.text).toBe(200);
    await settled(api, ws.id, id);
    data = await stored(api, ws.id, id);
    expect(data.messages).toHaveLength(3);
    expect(data.messages.filter((m) => m.externalId === A.generatedActivity)).toHaveLength(1);
    expect(data.conversations).toHaveLength(1);

    // Poll 3 is rate limited: the wait LinkedIn asked for is kept, and no poll happens before it is over.
    expect(await pollChannel(api.deps, ws.id, id, { fetch: replay.fetch, now: later(10) })).toEqual({ status: 'rate_limited', stored: 0 });
    state = await stateOf(ws, id);
    expect(state.notBefore).toBe(new Date(later(10).getTime() + 120_000).toISOString());
    expect(state.lastError).toMatch(/^rate_limited/);
    expect(state.since).toBe(C.lastModifiedAt);
    expect(await pollChannel(api.deps, ws.id, id, { fetch: replay.fetch, now: later(11), force: true })).toEqual({ status: 'not_due', stored: 0 });
    expect(replay.unused()).toEqual([]);

    // Admins see the polling state and can poll at once; agents cannot.
    const agent = await ws.user('agent');
    expect((await agent.req('GET', '/api/intake')).status).toBe(403);
    expect((await agent.req('POST', `/api/channels/${id}/poll`)).status).toBe(403);
    const intake = await ws.admin.req('GET', '/api/intake');
    expect(intake.status, intake.text).toBe(200);
    expect(intake.body.channels).toEqual([expect.objectContaining({
      id, network: 'linkedin', ownSmtp: null,
      backfill: expect.objectContaining({ deliveries: 2, intervalSeconds: 300, notBefore: state.notBefore, lastError: expect.stringMatching(/^rate_limited/) }),
    })]);
    // The wait is over by the real clock: the poll goes to the channel's (closed) local endpoint and is kept as a wait.
    const now = await ws.admin.req('POST', `/api/channels/${id}/poll`);
    expect(now.status, now.text).toBe(200);
    expect(now.body).toEqual({ status: 'rate_limited', stored: 0 });
    expect((await stateOf(ws, id)).lastError).toMatch(/^upstream_unreachable/);
    // Another workspace's admin cannot poll it.
    const other = await api.workspace();
    expect((await other.admin.req('POST', `/api/channels/${id}/poll`)).status).toBe(404);
  }, 60_000);
});

describe('Bluesky backfill', () => {
  test('listNotifications is polled up to what was seen; items stored once; cursor kept; 429 respected', async () => {
    const ws = await api.workspace();
    const id = await channel(ws, 'bluesky', DID, { identifier: 'parley.bsky.social', appPassword: 'test-app-pass-0000' });
    const replay = replayer(loadRecording(path.join(connectors, 'bluesky/fixtures/http'), 'bluesky-backfill.json'));

    expect(await pollChannel(api.deps, ws.id, id, { fetch: replay.fetch, now: NOW1 })).toEqual({ status: 'stored', stored: 1 });
    await settled(api, ws.id, id);
    let data = await stored(api, ws.id, id);
    // The reply is a message; the like is counted, not stored as a message.
    expect(data.messages).toHaveLength(1);
    expect(data.messages[0]).toMatchObject({ language: 'de', direction: 'inbound' });
    expect(data.messages[0]!.text).toMatch(/^Lohnt sich die Wärmepumpe auch im Altbau/);
    expect((await stateOf(ws, id)).seenUntil).toBe('2026-12-04T09:50:03.118Z');

    expect(await pollChannel(api.deps, ws.id, id, { fetch: replay.fetch, now: later(2) })).toEqual({ status: 'stored', stored: 1 });
    await settled(api, ws.id, id);
    data = await stored(api, ws.id, id);
    expect(data.deliveries).toHaveLength(2);
    expect(data.messages).toHaveLength(2);
    // Both replies hang off the channel's post: one public conversation.
    expect(data.conversations).toHaveLength(1);
    expect((await stateOf(ws, id)).seenUntil).toBe('2026-12-04T10:02:41.530Z');

    expect(await pollChannel(api.deps, ws.id, id, { fetch: replay.fetch, now: later(4) })).toEqual({ status: 'rate_limited', stored: 0 });
    const state = await stateOf(ws, id);
    expect(state.notBefore).toBe(new Date(later(4).getTime() + 90_000).toISOString());
    expect(state.seenUntil).toBe('2026-12-04T10:02:41.530Z');
    expect(await pollChannel(api.deps, ws.id, id, { fetch: replay.fetch, now: later(5) })).toEqual({ status: 'not_due', stored: 0 });
    expect(replay.unused()).toEqual([]);
  }, 60_000);
});
