import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { socialIdentities } from '../../db/schema.ts';
import { systemActor } from '../../policies/actor.ts';
import { eventually, useApi, type TestWorkspace } from '../../testing/harness.ts';
import * as service from './service.ts';

const api = useApi();

async function person(ws: TestWorkspace, firstName: string, lastName: string, email?: string): Promise<{ id: string }> {
  const res = await ws.admin.req('POST', '/api/contacts', { firstName, lastName, ...(email ? { emails: [{ value: email }] } : {}) });
  expect(res.status).toBe(201);
  return res.body;
}

describe('social identities', () => {
  test('an agent records an identity; relinking closes the old link with evidence; unlink keeps the history', async () => {
    const ws = await api.workspace();
    const agent = await ws.user('agent');
    const anna = await person(ws, 'Anna', 'Müller');
    const other = await person(ws, 'Anne', 'Müller');

    const added = await agent.req('POST', `/api/contacts/${anna.id}/identities`, {
      network: 'x', externalId: '1450000000000000001', handle: 'anna_mueller', displayName: 'Anna Müller', note: 'Named it on the phone',
    });
    expect(added.status).toBe(201);
    const identity = added.body;
    expect(identity).toMatchObject({ network: 'x', externalId: '1450000000000000001', handle: 'anna_mueller', contactId: anna.id, enrichment: null });
    expect(identity.links).toHaveLength(1);
    expect(identity.links[0]).toMatchObject({ contactId: anna.id, method: 'agent', evidence: { note: 'Named it on the phone' }, by: { id: agent.id, name: 'agent user' }, undoneAt: null });

    // The same identity again for someone else is a conflict, not a silent move.
    const clash = await agent.req('POST', `/api/contacts/${other.id}/identities`, { network: 'x', externalId: '1450000000000000001' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('identity_linked_elsewhere');

    const relinked = await agent.req('POST', `/api/identities/${identity.id}/link`, { contactId: other.id, note: 'Wrong Anna' });
    expect(relinked.status).toBe(200);
    expect(relinked.body.contactId).toBe(other.id);
    expect(relinked.body.links).toHaveLength(2);
    expect(relinked.body.links[0]).toMatchObject({ contactId: other.id, method: 'agent', undoneAt: null });
    expect(relinked.body.links[1]).toMatchObject({ contactId: anna.id, undoneAt: expect.any(String), undoneBy: { id: agent.id }, undoReason: 'relinked (agent)' });

    // Both people's pages show the identity: the current owner with an open link, the former one with the undone link.
    const annaIds = (await ws.admin.req('GET', `/api/contacts/${anna.id}/identities`)).body.items;
    expect(annaIds.map((i: { id: string }) => i.id)).toEqual([identity.id]);
    expect(annaIds[0].contactId).toBe(other.id);
    expect((await ws.admin.req('GET', `/api/contacts/${other.id}/identities`)).body.items).toHaveLength(1);

    const unlinked = await agent.req('POST', `/api/identities/${identity.id}/unlink`, { reason: 'Not sure any more' });
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.contactId).toBeNull();
    expect(unlinked.body.links[0]).toMatchObject({ contactId: other.id, undoneAt: expect.any(String), undoReason: 'Not sure any more' });
    expect((await agent.req('POST', `/api/identities/${identity.id}/unlink`, {})).body.error.code).toBe('identity_not_linked');

    const unlinkedList = (await ws.admin.req('GET', '/api/identities?linked=false')).body.items;
    expect(unlinkedList.map((i: { id: string }) => i.id)).toContain(identity.id);
    expect((await ws.admin.req('GET', '/api/identities?linked=true')).body.items).toHaveLength(0);
    expect((await ws.admin.req('GET', '/api/identities?q=anna_m')).body.items).toHaveLength(1);

    // Every step is on the people's timelines and in the audit log.
    await eventually(async () => {
      const kinds = (await ws.admin.req('GET', `/api/contacts/${other.id}/timeline`)).body.items.map((t: { kind: string }) => t.kind);
      expect(kinds).toEqual(expect.arrayContaining(['identity.linked', 'identity.unlinked']));
    });
    await eventually(async () => {
      const kinds = (await ws.admin.req('GET', `/api/contacts/${anna.id}/timeline`)).body.items.map((t: { kind: string }) => t.kind);
      expect(kinds.filter((k: string) => k === 'identity.linked')).toHaveLength(2); // linked, then moved away
    });
  });

  test('upsert by network and external id: one identity for concurrent deliveries, display fields refreshed', async () => {
    const ws = await api.workspace();
    const actor = systemActor(ws.id);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => service.upsertIdentity(api.deps, actor, {
      network: 'mastodon', externalId: '109348765', handle: 'kunde@chaos.social', displayName: i === 7 ? 'Kunde K.' : null, profile: { followers: 10 + i },
    })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const rows = await api.deps.db.select().from(socialIdentities).where(and(eq(socialIdentities.workspaceId, ws.id), eq(socialIdentities.network, 'mastodon')));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.handle).toBe('kunde@chaos.social');
    expect(rows[0]!.displayName).toBe('Kunde K.'); // a later delivery without a name keeps the known one

    // A known author with nothing new is not written again; a changed name is.
    const before = rows[0]!.updatedAt.getTime();
    await service.upsertIdentity(api.deps, actor, { network: 'mastodon', externalId: '109348765', handle: 'kunde@chaos.social', profile: { followers: rows[0]!.profile.followers } });
    const [same] = await api.deps.db.select().from(socialIdentities).where(and(eq(socialIdentities.workspaceId, ws.id), eq(socialIdentities.network, 'mastodon')));
    expect(same!.updatedAt.getTime()).toBe(before);
    await service.upsertIdentity(api.deps, actor, { network: 'mastodon', externalId: '109348765', displayName: 'Kundin K.' });
    const [renamed] = await api.deps.db.select().from(socialIdentities).where(and(eq(socialIdentities.workspaceId, ws.id), eq(socialIdentities.network, 'mastodon')));
    expect(renamed!.displayName).toBe('Kundin K.');

    // The same external id on another network is another identity.
    const other = await service.upsertIdentity(api.deps, actor, { network: 'bluesky', externalId: '109348765' });
    expect(other.created).toBe(true);
    expect(other.id).not.toBe(results[0]!.id);
  });

  test('merging people moves their identities to the survivor; undoing the merge moves them back', async () => {
    const ws = await api.workspace();
    const a = await person(ws, 'Jürgen', 'Müller', 'j.mueller@example.de');
    const b = await person(ws, 'Juergen', 'Mueller', 'juergen@privat.example');
    const fb = (await ws.admin.req('POST', `/api/contacts/${b.id}/identities`, { network: 'facebook', externalId: '5512', displayName: 'Jürgen M.' })).body;

    // The loser granted social_enrichment, the survivor withdrew tracking later than the loser granted it.
    const grant = (id: string, purposeKey: string) => ws.admin.req('POST', `/api/contacts/${id}/consents/grant`, { purposeKey, source: 'agent' });
    expect((await grant(b.id, 'social_enrichment')).status).toBe(200);
    expect((await grant(b.id, 'tracking')).status).toBe(200);
    await grant(a.id, 'tracking');
    expect((await ws.admin.req('POST', `/api/contacts/${a.id}/consents/withdraw`, { purposeKey: 'tracking', source: 'agent' })).status).toBe(200);
    const states = async (id: string) => Object.fromEntries(((await ws.admin.req('GET', `/api/contacts/${id}/consents`)).body.items as { purpose: { key: string }; status: string }[]).map((p) => [p.purpose.key, p.status]));

    const preview = (await ws.admin.req('POST', '/api/contacts/merge/preview', { survivorId: a.id, loserId: b.id })).body;
    expect(preview.moved.identities).toBe(1);
    const merged = await ws.admin.req('POST', '/api/contacts/merge', { survivorId: a.id, loserId: b.id });
    expect(merged.status).toBe(200);
    expect((await ws.admin.req('GET', `/api/identities/${fb.id}`)).body).toMatchObject({ contactId: a.id, links: [{ contactId: a.id, undoneAt: null }] });
    // The ledgers joined: the latest decision per purpose counts (the survivor's later withdrawal of tracking stays).
    expect(await states(a.id)).toMatchObject({ social_enrichment: 'granted', tracking: 'withdrawn' });
    // Linking to the merged-away person follows the merge to the survivor.
    const tw = (await ws.admin.req('POST', '/api/contacts/' + a.id + '/identities', { network: 'x', externalId: '77' })).body;
    await ws.admin.req('POST', `/api/identities/${tw.id}/unlink`, {});
    expect((await ws.admin.req('POST', `/api/identities/${tw.id}/link`, { contactId: b.id })).body.contactId).toBe(a.id);

    expect((await ws.admin.req('POST', `/api/merges/${merged.body.mergeId}/undo`)).status).toBe(200);
    expect((await ws.admin.req('GET', `/api/identities/${fb.id}`)).body).toMatchObject({ contactId: b.id, links: [{ contactId: b.id, undoneAt: null }] });
    expect(await states(b.id)).toMatchObject({ social_enrichment: 'granted', tracking: 'granted' });
    expect(await states(a.id)).toMatchObject({ social_enrichment: 'none', tracking: 'withdrawn' });
  });

  test('enrichment is stored only under social_enrichment consent, hidden at once and removed when it is withdrawn', async () => {
    const ws = await api.workspace();
    const p = await person(ws, 'Eva', 'Schmidt');
    const ig = (await ws.admin.req('POST', `/api/contacts/${p.id}/identities`, { network: 'instagram', externalId: '17841400000000001' })).body;
    await expect(service.enrichIdentity(api.deps, systemActor(ws.id), ig.id, { interests: ['Wärmepumpen'] }))
      .rejects.toMatchObject({ code: 'consent_required' });
    const row = await api.deps.db.select().from(socialIdentities).where(and(eq(socialIdentities.workspaceId, ws.id), eq(socialIdentities.id, ig.id)));
    expect(row[0]!.enrichment).toBeNull();

    // Granted: stored and shown.
    expect((await ws.admin.req('POST', `/api/contacts/${p.id}/consents/grant`, { purposeKey: 'social_enrichment', source: 'agent' })).status).toBe(200);
    await service.enrichIdentity(api.deps, systemActor(ws.id), ig.id, { interests: ['Wärmepumpen'], followers: 312 });
    const shown = (await ws.admin.req('GET', `/api/contacts/${p.id}/identities`)).body.items[0];
    expect(shown.enrichment).toEqual({ interests: ['Wärmepumpen'], followers: 312 });
    expect(shown.enrichedAt).toEqual(expect.any(String));

    // Withdrawn: hidden at once, removed by the job; the identity itself stays (it came from the person's own messages).
    expect((await ws.admin.req('POST', `/api/contacts/${p.id}/consents/withdraw`, { purposeKey: 'social_enrichment', source: 'agent' })).status).toBe(200);
    const hidden = (await ws.admin.req('GET', `/api/identities/${ig.id}`)).body;
    expect(hidden.enrichment).toBeNull();
    await eventually(async () => {
      const [r] = await api.deps.db.select().from(socialIdentities).where(and(eq(socialIdentities.workspaceId, ws.id), eq(socialIdentities.id, ig.id)));
      expect(r!.enrichment).toBeNull();
      expect(r!.enrichedAt).toBeNull();
    });
    expect((await ws.admin.req('GET', `/api/contacts/${p.id}/identities`)).body.items.map((i: { id: string }) => i.id)).toEqual([ig.id]);
    await eventually(async () => {
      const kinds = (await ws.admin.req('GET', `/api/contacts/${p.id}/timeline`)).body.items.map((t: { kind: string }) => t.kind);
      expect(kinds).toEqual(expect.arrayContaining(['identity.enriched', 'identity.enrichment_removed', 'consent.withdrawn']));
    });
  });

  test('B2B: the employer a LinkedIn profile names is suggested, and linked only when a user confirms', async () => {
    const ws = await api.workspace();
    const p = await person(ws, 'Katrin', 'Vogel');
    const company = (await ws.admin.req('POST', '/api/companies', { name: 'Stadtwerke Nordheim GmbH' })).body;
    const actor = systemActor(ws.id);
    const li = await service.upsertIdentity(api.deps, actor, { network: 'linkedin', externalId: 'urn:li:person:kv1', displayName: 'Katrin Vogel', profile: { employer: 'Stadtwerke Nordheim GmbH' } });
    const xing = await service.upsertIdentity(api.deps, actor, { network: 'xing', externalId: 'kv.xing', profile: { employer: 'Neue Energie AG' } });
    const x = await service.upsertIdentity(api.deps, actor, { network: 'x', externalId: '99', profile: { employer: 'Ignored Inc' } });
    for (const id of [li.id, xing.id, x.id]) expect((await ws.admin.req('POST', `/api/identities/${id}/link`, { contactId: p.id })).status).toBe(200);

    const list = (await ws.admin.req('GET', `/api/contacts/${p.id}/identities`)).body.items as { id: string; employer: unknown }[];
    const byId = new Map(list.map((i) => [i.id, i.employer]));
    expect(byId.get(li.id)).toEqual({ name: 'Stadtwerke Nordheim GmbH', companyId: company.id, current: false });
    expect(byId.get(xing.id)).toEqual({ name: 'Neue Energie AG', companyId: null, current: false });
    expect(byId.get(x.id)).toBeNull();
    // Nothing changed on the person by itself.
    expect((await ws.admin.req('GET', `/api/contacts/${p.id}`)).body.company).toBeNull();

    const confirmed = await ws.admin.req('POST', `/api/identities/${li.id}/employer/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.company).toEqual({ id: company.id, name: 'Stadtwerke Nordheim GmbH' });
    const after = (await ws.admin.req('GET', `/api/contacts/${p.id}/identities`)).body.items as { id: string; employer: { current: boolean } | null }[];
    expect(after.find((i) => i.id === li.id)!.employer!.current).toBe(true);
    // An employer Parley doesn't know yet becomes a company when confirmed.
    const viaXing = await ws.admin.req('POST', `/api/identities/${xing.id}/employer/confirm`);
    expect(viaXing.body.company.name).toBe('Neue Energie AG');
    expect((await ws.admin.req('POST', `/api/identities/${x.id}/employer/confirm`)).body.error.code).toBe('no_employer');
    await ws.admin.req('POST', `/api/identities/${li.id}/unlink`, {});
    expect((await ws.admin.req('POST', `/api/identities/${li.id}/employer/confirm`)).body.error.code).toBe('identity_not_linked');
    const expert = await ws.user('expert');
    expect((await expert.req('POST', `/api/identities/${xing.id}/employer/confirm`)).status).toBe(403);
  });

  test('roles, workspaces and bad input', async () => {
    const ws = await api.workspace();
    const p = await person(ws, 'Max', 'Mustermann');
    const identity = (await ws.admin.req('POST', `/api/contacts/${p.id}/identities`, { network: 'linkedin', externalId: 'urn:li:person:abc' })).body;

    const expert = await ws.user('expert');
    expect((await expert.req('GET', `/api/contacts/${p.id}/identities`)).status).toBe(403);
    expect((await expert.req('GET', `/api/identities/${identity.id}`)).status).toBe(403);
    expect((await expert.req('POST', `/api/identities/${identity.id}/unlink`, {})).status).toBe(403);

    const stranger = await api.workspace();
    expect((await stranger.admin.req('GET', `/api/identities/${identity.id}`)).body.error.code).toBe('identity_not_found');
    expect((await stranger.admin.req('GET', `/api/contacts/${p.id}/identities`)).body.error.code).toBe('contact_not_found');
    expect((await stranger.admin.req('POST', `/api/identities/${identity.id}/unlink`, {})).status).toBe(404);
    const own = await person(stranger, 'Fremd', 'Person');
    // Another workspace's identity cannot be linked to one's own person, nor one's own identity to their person.
    expect((await stranger.admin.req('POST', `/api/identities/${identity.id}/link`, { contactId: own.id })).status).toBe(404);
    expect((await ws.admin.req('POST', `/api/identities/${identity.id}/link`, { contactId: own.id })).body.error.code).toBe('contact_not_found');
    expect((await stranger.admin.req('GET', '/api/identities')).body.items).toHaveLength(0);

    const bad = await ws.admin.req('POST', `/api/contacts/${p.id}/identities`, { network: 'myspace', externalId: '1' });
    expect(bad.status).toBe(400);
    expect((await ws.admin.req('POST', `/api/contacts/${p.id}/identities`, { network: 'x', externalId: '' })).status).toBe(400);
    expect((await ws.admin.req('POST', `/api/contacts/${p.id}/identities`, { network: 'x', externalId: 'x'.repeat(600) })).status).toBe(400);
    expect((await ws.admin.req('GET', '/api/identities?cursor=nonsense')).body.error.code).toBe('invalid_cursor');
    // Nothing stored was lost by the bad requests.
    expect((await ws.admin.req('GET', `/api/contacts/${p.id}/identities`)).body.items).toHaveLength(1);
  });
});
