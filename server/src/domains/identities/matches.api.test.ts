import { describe, expect, test } from 'vitest';
import { systemActor } from '../../policies/actor.ts';
import { eventually, useApi, type TestWorkspace } from '../../testing/harness.ts';
import { newId } from '../../lib/ids.ts';
import { proposeMatches } from './matches-repo.ts';
import { latestModel, resolveWorkspace } from './resolution-service.ts';
import * as service from './service.ts';

const api = useApi();

const FIRST = ['Anna', 'Lukas', 'Marie', 'Felix', 'Sophie', 'Jonas', 'Emma', 'Paul', 'Lena', 'Max', 'Mia', 'Ben', 'Laura', 'Tim', 'Julia'];
const LAST = ['Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein'];
const CITIES = ['Berlin', 'Hamburg', 'München', 'Köln', 'Leipzig', 'Dresden'];

/** A workspace of 150 distinct people plus planted twins, made through the API. */
async function populate(ws: TestWorkspace) {
  const bodies = Array.from({ length: 150 }, (_, i) => ({
    firstName: FIRST[i % FIRST.length], lastName: LAST[Math.floor(i / FIRST.length) % LAST.length],
    emails: [{ value: `p${i}@mail${i % 7}.example` }], birthday: `19${50 + (i % 45)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`,
    addresses: [{ street: `Hauptstraße ${i + 1}`, postalCode: String(10000 + i * 37), city: CITIES[i % CITIES.length] }],
  }));
  for (let i = 0; i < bodies.length; i += 25) await Promise.all(bodies.slice(i, i + 25).map((b) => ws.admin.req('POST', '/api/contacts', b)));
  const mk = async (b: object) => (await ws.admin.req('POST', '/api/contacts', b)).body as { id: string };
  const juergen = await mk({ firstName: 'Jürgen', lastName: 'Müller', emails: [{ value: 'j.mueller@example.de' }], birthday: '1968-04-23', addresses: [{ street: 'Lindenweg 4', postalCode: '04109', city: 'Leipzig' }] });
  const twin = await mk({ firstName: 'Juergen', lastName: 'Mueller', emails: [{ value: 'juergen.m@privat.example' }], birthday: '1968-04-23', addresses: [{ street: 'Lindenweg 4', postalCode: '04109', city: 'Leipzig' }] });
  const hanna = await mk({ firstName: 'Hanna', lastName: 'Zimmermann', emails: [{ value: 'hanna.zimmermann@example.org' }], birthday: '1990-11-02' });
  return { juergen, twin, hanna };
}

describe('identity resolution and the review queue', () => {
  test('a workspace run trains on the people, proposes duplicates with explanations, remembers not-a-match', async () => {
    const ws = await api.workspace();
    const { juergen, twin } = await populate(ws);
    const run = await resolveWorkspace(api.deps, ws.id);
    expect(run.people).toBe(153);
    const model = await latestModel(api.deps, ws.id);
    expect(model?.comparisons.find((c) => c.name === 'lastName')?.levels[0]!.m).toBeGreaterThan(0.5);

    const queue = (await ws.admin.req('GET', '/api/match-candidates?subjectType=contact&limit=100')).body;
    const planted = queue.items.find((m: { subjectContact: { id: string }; contact: { id: string } }) =>
      new Set([m.subjectContact.id, m.contact.id]).size === 2 && [juergen.id, twin.id].includes(m.subjectContact.id) && [juergen.id, twin.id].includes(m.contact.id));
    expect(planted, JSON.stringify(queue.items.slice(0, 3))).toBeDefined();
    expect(planted.probability).toBeGreaterThan(0.9);
    const fields = Object.fromEntries(planted.fields.map((f: { comparison: string; level: string }) => [f.comparison, f.level]));
    expect(fields.birthDate).toBe('exact');
    expect(planted.cluster).toEqual({ key: [juergen.id, twin.id].sort()[0], size: 2 });
    expect(fields.lastName).not.toBe('else');
    expect(queue.openCount).toBeGreaterThanOrEqual(1);
    // Distinct people are not proposed wholesale.
    expect(queue.items.length).toBeLessThan(20);

    const confirm = await ws.admin.req('POST', `/api/match-candidates/${planted.id}/confirm`);
    expect(confirm.status).toBe(409);
    expect(confirm.body.error.code).toBe('merge_required');
    expect((await ws.admin.req('POST', `/api/match-candidates/${planted.id}/reject`)).status).toBe(204);
    expect((await ws.admin.req('POST', `/api/match-candidates/${planted.id}/reject`)).body.error.code).toBe('match_already_decided');
    const rejected = (await ws.admin.req('GET', '/api/match-candidates?status=rejected')).body.items;
    expect(rejected.map((m: { id: string }) => m.id)).toContain(planted.id);
    expect(rejected[0].decidedBy.id).toBe(ws.admin.id);

    // A second run does not bring the rejected pair back; the classic duplicate finder forgets it too.
    await resolveWorkspace(api.deps, ws.id);
    const again = (await ws.admin.req('GET', '/api/match-candidates?subjectType=contact&limit=100')).body.items;
    expect(again.map((m: { id: string }) => m.id)).not.toContain(planted.id);
    const dupes = (await ws.admin.req('GET', '/api/duplicates')).body.items as { a: { id: string }; b: { id: string } }[];
    expect(dupes.some((d) => [d.a.id, d.b.id].sort().join() === [juergen.id, twin.id].sort().join())).toBe(false);
  }, 60_000);

  test('new identities: a verified e-mail links at once, a name alone goes to review, confirming links with evidence', async () => {
    const ws = await api.workspace();
    const { hanna, juergen, twin } = await populate(ws);
    await resolveWorkspace(api.deps, ws.id);
    const actor = systemActor(ws.id);

    const mail = await service.upsertIdentity(api.deps, actor, { network: 'email', externalId: 'Hanna.Zimmermann@example.org', profile: { emailVerified: true } });
    const linked = await eventually(async () => {
      const i = (await ws.admin.req('GET', `/api/identities/${mail.id}`)).body;
      expect(i.contactId).toBe(hanna.id);
      return i;
    });
    expect(linked.links[0]).toMatchObject({ method: 'email_match', evidence: { verified: true }, by: null });

    // The same address unverified, with the same name: the policy lets the model link it (an identifier agreed exactly,
    // p >= 0.99), as a probabilistic link with its score and explanation.
    const shop = await service.upsertIdentity(api.deps, actor, { network: 'api', externalId: 'shop-4711', displayName: 'Hanna Zimmermann', profile: { email: 'hanna.zimmermann@example.org' } });
    const shopLinked = await eventually(async () => {
      const i = (await ws.admin.req('GET', `/api/identities/${shop.id}`)).body;
      expect(i.contactId).toBe(hanna.id);
      return i;
    });
    expect(shopLinked.links[0].method).toBe('probabilistic');
    expect(shopLinked.links[0].score).toBeGreaterThanOrEqual(0.99);
    expect(shopLinked.links[0].evidence.fields.map((f: { comparison: string }) => f.comparison)).toContain('email');
    // A name and a handle alone never link on their own: a proposal for review.
    const x = await service.upsertIdentity(api.deps, actor, { network: 'x', externalId: '1450000000000000123', handle: 'hanna_zimmermann', displayName: 'Hanna Zimmermann' });
    const unverified = await service.upsertIdentity(api.deps, actor, { network: 'instagram', externalId: '17841400000000777', handle: 'juergen.mueller68', displayName: 'Jürgen Müller' });
    const proposals = await eventually(async () => {
      const items = (await ws.admin.req('GET', '/api/match-candidates?subjectType=identity')).body.items as { id: string; identity: { id: string }; contact: { id: string }; probability: number; fields: unknown[] }[];
      expect([...new Set(items.map((m) => m.identity.id))].sort()).toEqual([unverified.id, x.id].sort());
      return items;
    });
    expect((await ws.admin.req('GET', `/api/identities/${x.id}`)).body.contactId).toBeNull();
    const forX = proposals.find((m) => m.identity.id === x.id)!;
    expect(forX.contact.id).toBe(hanna.id);
    expect(forX.fields.length).toBeGreaterThan(0);

    const agent = await ws.user('agent');
    expect((await agent.req('POST', `/api/match-candidates/${forX.id}/confirm`)).status).toBe(204);
    const after = (await ws.admin.req('GET', `/api/identities/${x.id}`)).body;
    expect(after.contactId).toBe(hanna.id);
    expect(after.links[0]).toMatchObject({ method: 'agent', score: forX.probability, evidence: { reviewed: true, matchId: forX.id }, by: { id: agent.id } });
    expect((await ws.admin.req("GET", `/api/contacts/${hanna.id}/identities`)).body.items).toHaveLength(3); // e-mail, shop, X

    // A proposal for each probable person; confirming one closes the others for that identity.
    const forIg = proposals.filter((m) => m.identity.id === unverified.id);
    expect(forIg.map((m) => m.contact.id).sort()).toEqual([juergen.id, twin.id].sort());
    expect((await ws.admin.req('POST', `/api/match-candidates/${forIg.find((m) => m.contact.id === juergen.id)!.id}/confirm`)).status).toBe(204);
    const closed = (await ws.admin.req('GET', '/api/match-candidates?status=rejected&subjectType=identity')).body.items;
    expect(closed.map((m: { contact: { id: string } }) => m.contact.id)).toEqual([twin.id]);

    // Roles and workspaces.
    const expert = await ws.user('expert');
    expect((await expert.req('GET', '/api/match-candidates')).status).toBe(403);
    const other = await api.workspace();
    expect((await other.admin.req('GET', '/api/match-candidates?status=linked')).body.items).toHaveLength(0);
    expect((await other.admin.req('POST', `/api/match-candidates/${forIg[0]!.id}/reject`)).body.error.code).toBe('match_not_found');
    expect((await ws.admin.req('POST', '/api/identities/resolve')).status).toBe(202);
    expect((await agent.req('GET', '/api/match-candidates?status=bogus')).status).toBe(400);
  }, 60_000);

  test('merging two people settles their proposal and drops proposals naming the merged-away person; an unlink is remembered', async () => {
    const ws = await api.workspace();
    const mk = async (firstName: string) => (await ws.admin.req('POST', '/api/contacts', { firstName, lastName: 'Brandhuber' })).body as { id: string };
    const [a, b, c] = [await mk('Ottilie'), await mk('Otti'), await mk('Ottilia')];
    const [x, y] = [a.id, b.id].sort() as [string, string];
    const pairId = newId();
    const identity = (await ws.admin.req('POST', `/api/contacts/${c.id}/identities`, { network: 'x', externalId: '4242', displayName: 'Ottilie Brandhuber' })).body;
    await proposeMatches(api.deps.db, ws.id, [
      { id: pairId, subjectType: 'contact', subjectId: x, contactId: y, probability: 0.97, explanation: {} },
      { id: newId(), subjectType: 'contact', subjectId: [b.id, c.id].sort()[0]!, contactId: [b.id, c.id].sort()[1]!, probability: 0.6, explanation: {} },
    ]);
    expect((await ws.admin.req('POST', '/api/contacts/merge', { survivorId: a.id, loserId: b.id })).status).toBe(200);
    await eventually(async () => {
      const linked = (await ws.admin.req('GET', '/api/match-candidates?status=linked&subjectType=contact')).body.items as { id: string }[];
      expect(linked.map((m) => m.id)).toEqual([pairId]);
    });
    expect((await ws.admin.req('GET', '/api/match-candidates?subjectType=contact')).body.items).toHaveLength(0);

    // Unlinking says "not this person": the pair is decided, and a resolution never proposes it again.
    await ws.admin.req('POST', `/api/identities/${identity.id}/unlink`, { reason: 'Namensvetterin' });
    const rejected = (await ws.admin.req('GET', '/api/match-candidates?status=rejected&subjectType=identity')).body.items;
    expect(rejected).toMatchObject([{ identity: { id: identity.id }, contact: { id: c.id } }]);
    await proposeMatches(api.deps.db, ws.id, [{ id: newId(), subjectType: 'identity', subjectId: identity.id, contactId: c.id, probability: 0.9, explanation: {} }]);
    expect((await ws.admin.req('GET', '/api/match-candidates?subjectType=identity')).body.items).toHaveLength(0);
  });
});
