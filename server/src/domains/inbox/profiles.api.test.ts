import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { appSecretProof } from '../../connectors/meta/client.ts';
import { rows } from '../../db/client.ts';
import { channels, matchCandidates, socialIdentities } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { systemActor } from '../../policies/actor.ts';
import { jobsSettled, useApi, type TestWorkspace } from '../../testing/harness.ts';
import * as identitiesService from '../identities/service.ts';
import { fetchAuthorProfiles, PROFILE_QUEUE, type ProfileJob } from './profiles.ts';
import { connect, SECRETS } from './testing.ts';

const api = useApi();

// A local imitation of the Graph API's profile endpoint (GET /v23.0/{psid}?fields=…): the channels of these tests point
// their client at it (settings.apiBaseUrl), so nothing calls out. It checks the bearer token and appsecret_proof as Meta
// does and answers a Messenger user profile; a test sets other answers (a 503, a 429, a 404) for single ids.
const TOKEN = 'page-access-token-profiles-0123456789';
const PROOF = appSecretProof(TOKEN, SECRETS.facebook!.appSecret!);
const PAGE = '1234567890444';

interface Answer { status: number; body: unknown }
interface Call { psid: string; fields: string | null; authorized: boolean }

const calls: Call[] = [];
/** The answer for a page-scoped id; ids not here answer 404 as Graph does for an unknown object. */
const answers = new Map<string, Answer>();
let server: Server;
let baseUrl: string;

const person = (psid: string, first: string, last: string): Answer => ({
  status: 200, body: { id: psid, name: `${first} ${last}`, first_name: first, last_name: last, profile_pic: `https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=${psid}` },
});
const unavailable: Answer = { status: 503, body: { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, is_transient: true } } };
const limited: Answer = { status: 429, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    const psid = decodeURIComponent(url.pathname.match(/^\/v\d+\.\d+\/([^/]+)$/)?.[1] ?? '');
    const authorized = req.headers.authorization === `Bearer ${TOKEN}` && url.searchParams.get('appsecret_proof') === PROOF;
    calls.push({ psid, fields: url.searchParams.get('fields'), authorized });
    const answer: Answer = !authorized
      ? { status: 400, body: { error: { message: 'Invalid appsecret_proof provided in the API argument', type: 'GraphMethodException', code: 100 } } }
      : req.method !== 'GET' || !psid
        ? { status: 400, body: { error: { message: `unexpected ${req.method} ${url.pathname}`, code: 100 } } }
        : answers.get(psid) ?? { status: 404, body: { error: { message: `Unsupported get request. Object with ID '${psid}' does not exist`, type: 'GraphMethodException', code: 100, error_subcode: 33 } } };
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let counter = 0;
/** A fresh page-scoped id (Messenger's author id), unique across the tests of the file. */
const psid = () => `70000000${String(Date.now() % 1e6).padStart(6, '0')}${String(++counter).padStart(3, '0')}`;

/** A Facebook page channel whose client calls the local Graph API: with the page token, or without it (`token: false`). */
async function pageChannel(ws: TestWorkspace, opts: { token?: boolean } = {}): Promise<string> {
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  if (opts.token !== false) {
    const res = await ws.admin.req('PATCH', `/api/channels/${fb.id}`, { secrets: { accessToken: TOKEN } });
    expect(res.status, res.text).toBe(200);
  }
  await api.deps.db.update(channels).set({ settings: { apiBaseUrl: baseUrl } }).where(and(eq(channels.workspaceId, ws.id), eq(channels.id, fb.id)));
  return fb.id;
}

/** Messenger authors as ingestion leaves them: known by their page-scoped id only. */
async function namelessAuthors(ws: TestWorkspace, externalIds: string[]): Promise<string[]> {
  const actor = systemActor(ws.id);
  const ids: string[] = [];
  for (const externalId of externalIds) ids.push((await identitiesService.upsertIdentity(api.deps, actor, { network: 'facebook', externalId })).id);
  return ids;
}

async function identitiesOf(ws: TestWorkspace, ids: string[]) {
  const found = await api.deps.db.select().from(socialIdentities).where(and(eq(socialIdentities.workspaceId, ws.id), inArray(socialIdentities.id, ids)));
  return ids.map((id) => found.find((i) => i.id === id)!);
}

interface QueuedJob { data: ProfileJob; delay: number }

/** The profile jobs of the workspace waiting in the queue, with the seconds they wait before they may run. */
async function queuedProfileJobs(ws: TestWorkspace): Promise<QueuedJob[]> {
  const found = await rows<{ data: ProfileJob; delay: string | number }>(api.deps.db, sql`
    SELECT data, extract(epoch FROM start_after - created_on) AS delay FROM ${sql.identifier(api.deps.queue.schema)}.job
    WHERE name = ${PROFILE_QUEUE} AND data ->> 'workspaceId' = ${ws.id} AND state IN ('created', 'retry')`);
  return found.map((j) => ({ data: j.data, delay: Number(j.delay) }));
}

/** Until the event handlers of the workspace (identity resolution of the new identities among them) have run. */
const handlersDone = (ws: TestWorkspace) => jobsSettled(api, ws.id);

const callsFor = (ids: string[]) => calls.filter((c) => ids.includes(c.psid));

test('a batch job names the authors the network serves and queues the one it could not serve again, alone, after a backoff', async () => {
  const ws = await api.workspace();
  const channelId = await pageChannel(ws);
  const [anna, ben, carla] = [psid(), psid(), psid()];
  answers.set(anna, person(anna, 'Anna', 'Kundin'));
  answers.set(ben, person(ben, 'Ben', 'Berger'));
  answers.set(carla, unavailable);
  const ids = await namelessAuthors(ws, [anna, ben, carla]);

  await fetchAuthorProfiles(api.deps, { workspaceId: ws.id, channelId, identityIds: ids });

  const [a, b, c] = await identitiesOf(ws, ids);
  expect(a).toMatchObject({ displayName: 'Anna Kundin', handle: null, avatarUrl: `https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=${anna}` });
  expect(b).toMatchObject({ displayName: 'Ben Berger' });
  expect(c).toMatchObject({ displayName: null, handle: null, avatarUrl: null });
  // One call per author, as the page (token and proof), asking for a Messenger profile's fields.
  expect(callsFor([anna, ben, carla]).map((x) => x.psid).sort()).toEqual([anna, ben, carla].sort());
  for (const call of callsFor([anna, ben, carla])) expect(call).toMatchObject({ authorized: true, fields: 'name,first_name,last_name,profile_pic' });
  // The agent sees the names on the identities.
  const shown = await ws.admin.req('GET', `/api/identities/${ids[0]}`);
  expect(shown.status, shown.text).toBe(200);
  expect(shown.body.displayName).toBe('Anna Kundin');

  // Exactly one new job, for the one the network could not serve: its first retry, RETRY_SECONDS later.
  const queued = await queuedProfileJobs(ws);
  expect(queued.map((j) => j.data)).toEqual([{ workspaceId: ws.id, channelId, identityIds: [ids[2]], attempt: 1 }]);
  expect(queued[0]!.delay).toBeGreaterThanOrEqual(29);
  expect(queued[0]!.delay).toBeLessThanOrEqual(31);

  // That job, run when the network answers again, names the third author and queues nothing more.
  answers.set(carla, person(carla, 'Carla', 'Conrad'));
  await fetchAuthorProfiles(api.deps, queued[0]!.data);
  expect((await identitiesOf(ws, [ids[2]!]))[0]!.displayName).toBe('Carla Conrad');
  expect(await queuedProfileJobs(ws)).toHaveLength(1); // only the one read above, which the workers have not run yet
  expect(callsFor([anna, ben])).toHaveLength(2); // the named ones were not fetched again
});

test('the wait doubles with each attempt (rate limits alike), and after the last attempt the author is left as it is', async () => {
  const ws = await api.workspace();
  const channelId = await pageChannel(ws);
  const [dora] = [psid()];
  answers.set(dora, limited);
  const ids = await namelessAuthors(ws, [dora]);

  await fetchAuthorProfiles(api.deps, { workspaceId: ws.id, channelId, identityIds: ids, attempt: 2 });
  const queued = await queuedProfileJobs(ws);
  expect(queued.map((j) => j.data)).toEqual([{ workspaceId: ws.id, channelId, identityIds: ids, attempt: 3 }]);
  expect(queued[0]!.delay).toBeGreaterThanOrEqual(119);
  expect(queued[0]!.delay).toBeLessThanOrEqual(121);

  // The fourth attempt fails as well: no fifth is queued, and the author stays nameless.
  await fetchAuthorProfiles(api.deps, queued[0]!.data);
  expect(await queuedProfileJobs(ws)).toHaveLength(1);
  expect(callsFor([dora])).toHaveLength(2);
  expect((await identitiesOf(ws, ids))[0]).toMatchObject({ displayName: null, handle: null });
});

test('a refusal (a person gone, a token error) leaves that author alone and is not retried; named authors are not fetched', async () => {
  const ws = await api.workspace();
  const channelId = await pageChannel(ws);
  const [gone, expired, named, emil] = [psid(), psid(), psid(), psid()];
  // `gone` has no answer set: the local Graph API says 404 / code 100 subcode 33 (the object does not exist).
  answers.set(expired, { status: 400, body: { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463 } } });
  answers.set(named, person(named, 'Should', 'NotBeAsked'));
  answers.set(emil, person(emil, 'Emil', 'Eckert'));
  const ids = await namelessAuthors(ws, [gone, expired, emil]);
  const known = await identitiesService.upsertIdentity(api.deps, systemActor(ws.id), { network: 'facebook', externalId: named, displayName: 'Nina Named' });

  await fetchAuthorProfiles(api.deps, { workspaceId: ws.id, channelId, identityIds: [...ids, known.id] });

  const [g, e, ok, n] = await identitiesOf(ws, [...ids, known.id]);
  expect(g).toMatchObject({ displayName: null, handle: null });
  expect(e).toMatchObject({ displayName: null, handle: null });
  // The one after the refusals is still fetched: a refusal does not end the job.
  expect(ok).toMatchObject({ displayName: 'Emil Eckert' });
  expect(n).toMatchObject({ displayName: 'Nina Named' });
  expect(callsFor([named])).toHaveLength(0);
  expect(callsFor([gone, expired, emil])).toHaveLength(3);
  expect(await queuedProfileJobs(ws)).toEqual([]);
});

test('an author named by the fetched profile is matched to the person of that name: a proposal in the review queue', async () => {
  const ws = await api.workspace();
  // Some people, one of them the author; their e-mails and birthdays tell them apart for the model.
  const people = [['Anna', 'Kundin'], ['Lukas', 'Weber'], ['Marie', 'Fischer'], ['Felix', 'Becker'], ['Sophie', 'Koch'], ['Jonas', 'Richter']];
  const created: { id: string }[] = [];
  for (const [i, [firstName, lastName]] of people.entries()) {
    const res = await ws.admin.req('POST', '/api/contacts', { firstName, lastName, emails: [{ value: `p${i}@kunden.example` }], birthday: `198${i}-0${i + 1}-1${i}` });
    expect(res.status, res.text).toBe(201);
    created.push(res.body);
  }
  const annaPerson = created[0]!;
  const channelId = await pageChannel(ws);
  const author = psid();
  answers.set(author, person(author, 'Anna', 'Kundin'));
  const [id] = await namelessAuthors(ws, [author]);
  // The resolution that every new identity gets (identity.created) has run and found nothing: the author had no name.
  await handlersDone(ws);
  const before = await api.deps.db.select().from(matchCandidates).where(and(eq(matchCandidates.workspaceId, ws.id), eq(matchCandidates.subjectId, id!)));
  expect(before).toEqual([]);

  await fetchAuthorProfiles(api.deps, { workspaceId: ws.id, channelId, identityIds: [id!] });

  // Resolved in the job, right after the name was stored: a proposal (a name alone never links on its own).
  const stored = await api.deps.db.select().from(matchCandidates).where(and(eq(matchCandidates.workspaceId, ws.id), eq(matchCandidates.subjectId, id!)));
  expect(stored.map((m) => m.contactId)).toContain(annaPerson.id);
  const review = await ws.admin.req('GET', '/api/match-candidates?subjectType=identity');
  expect(review.status, review.text).toBe(200);
  const proposal = (review.body.items as { identity: { id: string }; contact: { id: string }; probability: number }[]).find((m) => m.identity.id === id);
  expect(proposal).toMatchObject({ contact: { id: annaPerson.id } });
  expect(proposal!.probability).toBeGreaterThan(0.5);
  expect((await ws.admin.req('GET', `/api/identities/${id}`)).body.contactId).toBeNull();
});

test('a channel without the page token (or one deleted since): the job ends quietly and changes nothing', async () => {
  const ws = await api.workspace();
  const channelId = await pageChannel(ws, { token: false });
  const author = psid();
  answers.set(author, person(author, 'Fritz', 'Fehlt'));
  const ids = await namelessAuthors(ws, [author]);
  const before = await identitiesOf(ws, ids);

  await expect(fetchAuthorProfiles(api.deps, { workspaceId: ws.id, channelId, identityIds: ids })).resolves.toBeUndefined();
  await expect(fetchAuthorProfiles(api.deps, { workspaceId: ws.id, channelId: newId(), identityIds: ids })).resolves.toBeUndefined();

  expect(await identitiesOf(ws, ids)).toEqual(before);
  expect(callsFor([author])).toHaveLength(0);
  expect(await queuedProfileJobs(ws)).toEqual([]);
});

test('a job of the former shape (one identityId) is still served', async () => {
  const ws = await api.workspace();
  const channelId = await pageChannel(ws);
  const author = psid();
  answers.set(author, person(author, 'Greta', 'Gestern'));
  const [id] = await namelessAuthors(ws, [author]);
  await fetchAuthorProfiles(api.deps, { workspaceId: ws.id, channelId, identityId: id! });
  expect((await identitiesOf(ws, [id!]))[0]!.displayName).toBe('Greta Gestern');
});
