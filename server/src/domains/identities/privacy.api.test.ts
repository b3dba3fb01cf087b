import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { rows } from '../../db/client.ts';
import { auditLog, customerSessions, events, identityLinks, imports, retentionRules, signOnAttempts, socialIdentities } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { systemActor } from '../../policies/actor.ts';
import { eventually, jobsSettled, multipartFile, useApi, type TestWorkspace } from '../../testing/harness.ts';
import { insertAccount, openSession } from './customer-accounts.ts';
import { proposeMatches } from './matches-repo.ts';
import { resolveWorkspace } from './resolution-service.ts';
import { sweepErasure } from './privacy-service.ts';
import { applyRetention, RETENTION_QUEUE, RETENTION_SCHEDULE } from './retention.ts';
import * as identities from './service.ts';

const api = useApi();

/** Letters only, so every normalisation (folding, stemming, phonetic keys) keeps the tag recognisable. */
function tag(): string {
  return Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

const ok = async <T = any>(res: Promise<{ status: number; body: any; text: string }>): Promise<T> => {
  const r = await res;
  expect(r.status, r.text).toBeLessThan(300);
  return r.body as T;
};

/** Until the event handlers (timeline, audit, webhooks, resolution, mails) of the workspace have run. */
async function handlersDone(ws: TestWorkspace): Promise<void> {
  await jobsSettled(api, ws.id);
  await eventually(async () => {
    const [a] = await rows<{ missing: number }>(api.deps.db, sql`
      SELECT count(*)::int AS missing FROM events e
      WHERE e.workspace_id = ${ws.id}::uuid AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.workspace_id = e.workspace_id AND a.event_id = e.id)`);
    expect(a!.missing).toBe(0);
  }, 30_000);
}

/** Every table of the database (Parley's and the job queue's) with a row whose text contains `needle`. */
async function tablesContaining(needle: string): Promise<string[]> {
  const tables = await rows<{ s: string; t: string }>(api.deps.db, sql`
    SELECT table_schema AS s, table_name AS t FROM information_schema.tables
    WHERE table_schema IN ('public', ${api.deps.queue.schema}) AND table_type = 'BASE TABLE' ORDER BY 1, 2`);
  const found: string[] = [];
  for (const { s, t } of tables) {
    const [r] = await rows<{ n: number }>(api.deps.db,
      sql`SELECT count(*)::int AS n FROM ${sql.identifier(s)}.${sql.identifier(t)} AS x WHERE x::text ILIKE ${`%${needle}%`}`);
    if (r!.n > 0) found.push(`${s}.${t}`);
  }
  return found;
}

/** A person with distinctive values in every place Parley keeps data about people, and the values to look for. */
async function fillEverything(ws: TestWorkspace) {
  const A = ws.admin;
  const t = tag();
  const T = t[0]!.toUpperCase() + t.slice(1);
  const digits = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  const first = `Xa${t}`;
  const last = `Zo${t}`;
  const needles = [t, digits];

  await ok(A.req('POST', '/api/custom-fields', { entity: 'contact', key: 'hobby', label: { de: 'Hobby', en: 'Hobby' }, type: 'text' }));
  await ok(A.req('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'] }));
  const person = await ok(A.req('POST', '/api/contacts', {
    firstName: first, lastName: last, emails: [{ value: `${t}.mail@example.org`, label: 'work' }], phones: [{ value: `+49 30 ${digits}` }],
    addresses: [{ street: `${T}weg 5`, postalCode: '10115', city: `${T}hausen`, country: 'DE' }], jobTitle: `${T} engineer`,
    website: `https://${t}.example.net`, birthday: '1980-04-23', language: 'en', tags: [`${t}-tag`], custom: { hobby: `${t}-hobby` },
    note: `First note about ${t}`,
  }));
  const twin = await ok(A.req('POST', '/api/contacts', { firstName: first, lastName: last, emails: [{ value: `${t}.twin@example.org` }] }));
  const other = await ok(A.req('POST', '/api/contacts', { firstName: 'Olga', lastName: `Other${tag()}` }));
  await ok(A.req('PATCH', `/api/contacts/${person.id}`, { jobTitle: `${T} lead engineer` }));
  await ok(A.req('POST', `/api/contacts/${person.id}/notes`, { body: `Met ${first} at the fair <script>alert("${t}")</script>` }));
  await ok(A.req('POST', '/api/tasks', { title: `Call ${first} back about ${t}-warranty`, description: `${t} details`, recordType: 'contact', recordId: person.id }));
  await ok(A.req('POST', '/api/duplicates/dismiss', { aId: person.id, bId: other.id }));

  // Consent, then identities with links, enrichment, a match proposal, and one that ends up someone else's.
  await ok(A.req('POST', `/api/contacts/${person.id}/consents/grant`, { purposeKey: 'social_enrichment', note: `${t} said yes on the phone` }));
  await ok(A.req('POST', `/api/contacts/${person.id}/consents/grant`, { purposeKey: 'tracking', note: `${t} tracking ok` }));
  const x = await ok(A.req('POST', `/api/contacts/${person.id}/identities`, {
    network: 'x', externalId: `x-${t}`, handle: `${t}_x`, displayName: `${first} ${last}`, note: `${t} named it on the phone`,
  }));
  await identities.upsertIdentity(api.deps, systemActor(ws.id), { network: 'x', externalId: `x-${t}`, profile: { bio: `${t} bio`, location: `${T}hausen` } });
  await identities.enrichIdentity(api.deps, systemActor(ws.id), x.id, { interests: [`${t}-interest`] });
  const masto = await ok(A.req('POST', `/api/contacts/${person.id}/identities`, { network: 'mastodon', externalId: `m-${t}`, handle: `${t}@m.social` }));
  await ok(A.req('POST', `/api/identities/${masto.id}/unlink`, { reason: `${t} not sure` }));
  const insta = await ok(A.req('POST', `/api/contacts/${person.id}/identities`, { network: 'instagram', externalId: `i-${tag()}`, note: `${t} evidence` }));
  await ok(A.req('POST', `/api/identities/${insta.id}/link`, { contactId: other.id, note: 'It is Olga\'s' }));

  // A comment on the company's Facebook page, through the real webhook and the ingestion job, by an identity then linked
  // to the person: the message, its conversation's preview and the raw delivery all hold their name and words.
  const page = '1234567890321';
  const channel = await ok(A.req('POST', '/api/channels', { network: 'facebook', externalId: page, name: 'Page', secrets: { appSecret: 'privacy-secret' } }));
  const fbId = `9${Math.floor(Math.random() * 1e9)}`;
  const comment = Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: page, time: 1454707020, changes: [{ field: 'feed', value: {
    item: 'comment', verb: 'add', comment_id: `7293787835232_${fbId}`, post_id: `${page}_7293787835232`, parent_id: `${page}_7293787835232`,
    from: { id: fbId, name: `${first} ${last}` }, created_time: 1454707100, message: `Mein ${t}-Zähler ist kaputt` } }] }] }));
  await ok(api.anon('POST', `/api/channels/${channel.id}/webhook`, comment, {
    'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', 'privacy-secret').update(comment).digest('hex')}`,
  }));
  const commenter = await eventually(async () => {
    const [row] = await api.deps.db.select().from(socialIdentities).where(and(eq(socialIdentities.workspaceId, ws.id), eq(socialIdentities.externalId, fbId)));
    expect(row).toBeDefined();
    return row!;
  });
  await ok(A.req('POST', `/api/identities/${commenter.id}/link`, { contactId: person.id }));

  // A community account with a session, as the sign-up makes them.
  await api.deps.db.transaction(async (tx) => {
    const account = await insertAccount(api.deps, tx, systemActor(ws.id), { contactId: person.id, email: `${t}.community@example.org`, verified: true, displayName: `${t} community`, passwordHash: null });
    await openSession(api.deps, tx, systemActor(ws.id), account, { method: 'password' });
  });

  // A trained model counts the name the person and the twin share; the review queue proposes them as duplicates.
  await handlersDone(ws);
  await resolveWorkspace(api.deps, ws.id);
  // A proposal with the person's values in its explanation, written after the handlers that decide proposals ran.
  await proposeMatches(api.deps.db, ws.id, [{ id: newId(), subjectType: 'contact', subjectId: other.id, contactId: person.id, probability: 0.7, explanation: { fields: [{ values: [first, 'Olga'] }] } }]);
  const merged = await ok(A.req('POST', '/api/contacts/merge', { survivorId: person.id, loserId: twin.id }));
  await handlersDone(ws);
  return { person, twin, other, insta, x, masto, merged, needles, first, last, t };
}

describe('GDPR erasure', () => {
  test('erasing a person leaves none of their values in any table, and the audit log says so without values', async () => {
    const ws = await api.workspace();
    const f = await fillEverything(ws);

    // The values are everywhere before: the scan can fail.
    const before = await tablesContaining(f.t);
    expect(before).toEqual(expect.arrayContaining([
      'public.contacts', 'public.name_words', 'public.notes', 'public.tasks', 'public.events', 'public.audit_log', 'public.timeline_entries',
      'public.merges', 'public.social_identities', 'public.identity_links', 'public.match_candidates', 'public.consent_records',
      'public.customer_accounts', 'public.resolution_models', 'public.messages', 'public.conversations', 'public.inbound_deliveries',
    ]));
    expect(await tablesContaining(f.needles[1]!)).toContain('public.contacts');

    const wrong = await ws.admin.req('POST', `/api/contacts/${f.person.id}/erase`, { confirm: 'someone else' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('erase_confirmation_mismatch');
    const merged = await ws.admin.req('POST', `/api/contacts/${f.twin.id}/erase`, { confirm: `${f.first} ${f.last}` });
    expect(merged.status).toBe(409);
    expect(merged.body.error).toMatchObject({ code: 'contact_merged', details: { mergedInto: f.person.id } });

    const erased = await ok(ws.admin.req('POST', `/api/contacts/${f.person.id}/erase`, { confirm: `  ${f.first.toUpperCase()}   ${f.last} ` }));
    expect(erased).toMatchObject({
      contactId: f.person.id,
      erased: { contact: 2, notes: 2, tasks: 1, merges: 1, dedupe_dismissals: 1, identities: 3, consents: 2, customer_accounts: 1, resolution_models: 1, conversations: 1 },
      importFilesRetentionMonths: 1,
    });
    expect(erased.erased.timeline).toBeGreaterThan(5);
    await handlersDone(ws);

    for (const needle of f.needles) expect(await tablesContaining(needle), `tables still holding "${needle}"`).toEqual([]);

    // Gone for the API too; erasing again finds nobody.
    expect((await ws.admin.req('GET', `/api/contacts/${f.person.id}`)).status).toBe(404);
    expect((await ws.admin.req('GET', `/api/contacts/${f.twin.id}`)).status).toBe(404);
    expect((await ws.admin.req('POST', `/api/contacts/${f.person.id}/erase`, { confirm: 'x' })).status).toBe(404);

    // The identity that became someone else's stays theirs, without the person's link.
    const insta = await ok(ws.admin.req('GET', `/api/identities/${f.insta.id}`));
    expect(insta.contactId).toBe(f.other.id);
    expect(insta.links.map((l: { contactId: string }) => l.contactId)).toEqual([f.other.id]);
    expect((await ws.admin.req('GET', `/api/identities/${f.x.id}`)).status).toBe(404);
    expect((await ws.admin.req('GET', `/api/identities/${f.masto.id}`)).status).toBe(404);

    // The trail stays (who did what when), without values; the erasure itself is logged with counts only.
    const trail = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.subjectId, f.person.id)));
    expect(trail.length).toBeGreaterThan(3);
    for (const e of trail.filter((e) => e.type !== 'contact.erased')) expect(e.payload).toEqual({ erased: true });
    const audit = await ok(ws.admin.req('GET', `/api/audit?entityId=${f.person.id}&action=contact.erased`));
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ action: 'contact.erased', actorId: ws.admin.id, before: null, after: { erased: erased.erased } });
    const updates = await api.deps.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, ws.id), eq(auditLog.entityId, f.person.id), eq(auditLog.action, 'contact.updated')));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ before: { erased: true }, after: { erased: true } });
  }, 120_000);

  test('the follow-up sweep scrubs a copy a handler wrote just after the erasure', async () => {
    const ws = await api.workspace();
    const t = tag();
    const person = await ok(ws.admin.req('POST', '/api/contacts', { firstName: 'Late', lastName: `Copy${t}` }));
    await handlersDone(ws);
    const [created] = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.subjectId, person.id)));
    await ok(ws.admin.req('POST', `/api/contacts/${person.id}/erase`, { confirm: `Late Copy${t}` }));
    // As if the audit handler had read the event before the erasure and written after it, and the resolution had
    // proposed the person for an identity it read before.
    await api.deps.db.update(auditLog).set({ after: { lastName: `Copy${t}` } }).where(and(eq(auditLog.workspaceId, ws.id), eq(auditLog.eventId, created!.id)));
    const identity = await identities.upsertIdentity(api.deps, systemActor(ws.id), { network: 'x', externalId: `late-${t}` });
    await proposeMatches(api.deps.db, ws.id, [{ id: newId(), subjectType: 'identity', subjectId: identity.id, contactId: person.id, probability: 0.6, explanation: { values: [`Copy${t}`] } }]);
    const [job] = await rows<{ data: { workspaceId: string; eventIds: string[] } }>(api.deps.db, sql`
      SELECT data FROM ${sql.identifier(api.deps.queue.schema)}.job WHERE name = 'privacy.sweep' AND data ->> 'workspaceId' = ${ws.id} ORDER BY start_after LIMIT 1`);
    expect(job!.data.eventIds).toContain(created!.id);
    expect((await tablesContaining(`Copy${t}`)).sort()).toEqual(['public.audit_log', 'public.match_candidates']);
    await sweepErasure(api.deps, ws.id, job!.data.eventIds);
    expect(await tablesContaining(`Copy${t}`)).toEqual([]);
  });

  test('only admins erase; managers export; experts do neither; other workspaces see nothing', async () => {
    const ws = await api.workspace();
    const other = await api.workspace();
    const person = await ok(ws.admin.req('POST', '/api/contacts', { firstName: 'Rita', lastName: 'Role' }));
    const manager = await ws.user('manager');
    const expert = await ws.user('expert');
    const agent = await ws.user('agent');
    expect((await manager.req('POST', `/api/contacts/${person.id}/erase`, { confirm: 'Rita Role' })).status).toBe(403);
    expect((await agent.req('POST', `/api/contacts/${person.id}/erase`, { confirm: 'Rita Role' })).status).toBe(403);
    expect((await expert.req('GET', `/api/contacts/${person.id}/export`)).status).toBe(403);
    expect((await agent.req('GET', `/api/contacts/${person.id}/export`)).status).toBe(403);
    expect((await manager.req('GET', `/api/contacts/${person.id}/export`)).status).toBe(200);
    expect((await other.admin.req('GET', `/api/contacts/${person.id}/export`)).status).toBe(404);
    expect((await other.admin.req('POST', `/api/contacts/${person.id}/erase`, { confirm: 'Rita Role' })).status).toBe(404);
    expect((await ws.admin.req('GET', `/api/contacts/${person.id}`)).status).toBe(200);
    expect((await manager.req('GET', '/api/settings/retention')).status).toBe(403);
  });
});

describe('GDPR export', () => {
  test('the JSON holds every kind of data; the HTML page escapes it and speaks the asked language', async () => {
    const ws = await api.workspace();
    const f = await fillEverything(ws);
    const res = await ws.admin.req('GET', `/api/contacts/${f.person.id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="personal-data-.+\.json"$/);
    const doc = JSON.parse(res.text);
    expect(doc).toMatchObject({ format: 'parley.personal-data', version: 1, contactId: f.person.id, workspace: { name: expect.any(String) } });
    const d = doc.data;
    expect(Object.keys(d)).toEqual(expect.arrayContaining(['contact', 'notes', 'timeline', 'merges', 'tasks', 'identities', 'consents', 'customer_accounts', 'conversations']));
    expect(d.contact).toMatchObject({
      id: f.person.id, firstName: f.first, lastName: f.last, custom: { hobby: `${f.t}-hobby` },
      emails: expect.arrayContaining([{ value: `${f.t}.mail@example.org`, label: 'work' }, { value: `${f.t}.twin@example.org` }]),
      mergedRecords: [{ id: f.twin.id, emails: [{ value: `${f.t}.twin@example.org` }] }],
    });
    expect(d.notes.map((n: { body: string }) => n.body)).toEqual([`First note about ${f.t}`, `Met ${f.first} at the fair <script>alert("${f.t}")</script>`]);
    expect(d.tasks).toMatchObject([{ title: `Call ${f.first} back about ${f.t}-warranty`, status: 'open' }]);
    expect(d.merges).toMatchObject([{ mergedRecordId: f.twin.id, undoneAt: null, before: { firstName: f.first } }]);
    expect(d.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['contact.created', 'contact.updated', 'note.created', 'task.created', 'identity.linked', 'consent.granted', 'contact.merged']));
    expect(d.identities.accounts.map((i: { handle: string }) => i.handle).filter(Boolean).sort()).toEqual([`${f.t}@m.social`, `${f.t}_x`]);
    expect(d.conversations).toMatchObject([{ network: 'facebook', kind: 'public', messages: [{ direction: 'inbound', text: `Mein ${f.t}-Zähler ist kaputt` }] }]);
    const x = d.identities.accounts.find((i: { network: string }) => i.network === 'x');
    expect(x).toMatchObject({ profile: { bio: `${f.t} bio` }, enrichment: { interests: [`${f.t}-interest`] }, links: [{ method: 'agent', evidence: { note: `${f.t} named it on the phone` } }] });
    expect(d.identities.formerLinks).toMatchObject([{ evidence: { note: `${f.t} evidence` }, undoneAt: expect.any(String) }]);
    expect(d.identities.matchProposals.length).toBeGreaterThanOrEqual(1);
    expect(d.consents.current.map((c: { purpose: string }) => c.purpose).sort()).toEqual(['social_enrichment', 'tracking']);
    expect(d.consents.ledger[0]).toMatchObject({ action: 'grant', source: 'agent', proof: { note: `${f.t} said yes on the phone` } });
    expect(d.customer_accounts).toEqual([expect.objectContaining({ email: `${f.t}.community@example.org`, hasPassword: false, openSessions: 1 })]);
    // Secrets never leave: no hashes of passwords or session tokens.
    expect(res.text).not.toMatch(/password_?hash|token_?hash/i);

    const html = await ws.admin.req('GET', `/api/contacts/${f.person.id}/export?format=html&lang=de`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.headers['content-disposition']).toMatch(/\.html"$/);
    expect(html.text).toContain('<html lang="de">');
    expect(html.text).toContain(`Personenbezogene Daten: ${f.first} ${f.last}`);
    expect(html.text).toContain('Einwilligungen');
    expect(html.text).toContain(`&lt;script&gt;alert(&quot;${f.t}&quot;)&lt;/script&gt;`);
    expect(html.text).not.toContain('<script');
    expect(html.text).toContain(`${f.t}-hobby`);
    const en = await ws.admin.req('GET', `/api/contacts/${f.person.id}/export?format=html`);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Consents');
    // Every copy taken is in the audit log: who, when, which kinds — no values.
    const exports = await eventually(async () => {
      const entries = await api.deps.db.select().from(auditLog)
        .where(and(eq(auditLog.workspaceId, ws.id), eq(auditLog.action, 'contact.exported'), eq(auditLog.entityId, f.person.id)));
      expect(entries).toHaveLength(3);
      return entries;
    });
    expect(exports.every((e) => e.actorId === ws.admin.id)).toBe(true);
  }, 120_000);
});

describe('retention', () => {
  test('rules: defaults, changes within limits, fixed kinds stay, logged', async () => {
    const ws = await api.workspace();
    const rules = (await ok(ws.admin.req('GET', '/api/settings/retention'))).items;
    expect(rules.map((r: { kind: string }) => r.kind)).toEqual(['unlinked_identities', 'import_files', 'audit_log', 'sign_on_attempts', 'customer_sessions']);
    expect(rules[0]).toMatchObject({ kind: 'unlinked_identities', months: 12, enabled: true, fixed: false, lastRunAt: null });
    const changed = await ok(ws.admin.req('PUT', '/api/settings/retention', { rules: [{ kind: 'unlinked_identities', months: 6, enabled: true }, { kind: 'audit_log', months: 36, enabled: true }] }));
    expect(changed.items.find((r: { kind: string }) => r.kind === 'unlinked_identities').months).toBe(6);
    expect(changed.items.find((r: { kind: string }) => r.kind === 'audit_log')).toMatchObject({ months: 36, enabled: true });
    const short = await ws.admin.req('PUT', '/api/settings/retention', { rules: [{ kind: 'audit_log', months: 2, enabled: true }] });
    expect(short.body.error.code).toBe('retention_too_short');
    const fixed = await ws.admin.req('PUT', '/api/settings/retention', { rules: [{ kind: 'sign_on_attempts', months: 3, enabled: false }] });
    expect(fixed.body.error.code).toBe('retention_rule_fixed');
    await eventually(async () => {
      const audit = await ok(ws.admin.req('GET', '/api/audit?action=retention_rule.updated'));
      expect(audit.items).toHaveLength(2);
    });
  });

  test('the job removes old unlinked identities, expired sign-ons and sessions, old import files; it keeps the rest', async () => {
    const ws = await api.workspace();
    const actor = systemActor(ws.id);
    const person = await ok(ws.admin.req('POST', '/api/contacts', { firstName: 'Kept', lastName: 'Person' }));
    const longAgo = new Date(Date.now() - 13 * 30 * 86_400_000);
    const old = await identities.upsertIdentity(api.deps, actor, { network: 'x', externalId: `old-${tag()}`, handle: 'old_unlinked', seenAt: longAgo });
    const recent = await identities.upsertIdentity(api.deps, actor, { network: 'x', externalId: `new-${tag()}`, handle: 'recent_unlinked' });
    const linked = await identities.upsertIdentity(api.deps, actor, { network: 'x', externalId: `lnk-${tag()}`, handle: 'old_linked', seenAt: longAgo });
    await identities.linkIdentity(api.deps, actor, { identityId: linked.id, contactId: person.id, method: 'agent', evidence: {} });
    // An unlinked identity with history: its link rows go with it.
    const undone = await identities.upsertIdentity(api.deps, actor, { network: 'mastodon', externalId: `und-${tag()}`, handle: 'old_undone', seenAt: longAgo });
    await identities.linkIdentity(api.deps, actor, { identityId: undone.id, contactId: person.id, method: 'agent', evidence: {} });
    await ok(ws.admin.req('POST', `/api/identities/${undone.id}/unlink`, {}));
    await api.deps.db.update(socialIdentities).set({ lastSeenAt: longAgo }).where(eq(socialIdentities.id, undone.id));

    const past = new Date(Date.now() - 60_000);
    const providerId = newId();
    await api.deps.db.insert(signOnAttempts).values([
      { workspaceId: ws.id, state: `expired-${tag()}`, providerId, nonce: 'n', codeVerifier: 'v', expiresAt: past },
      { workspaceId: ws.id, state: `live-${tag()}`, providerId, nonce: 'n', codeVerifier: 'v', expiresAt: new Date(Date.now() + 600_000) },
    ]);
    const accountId = newId();
    await api.deps.db.insert(customerSessions).values([
      { workspaceId: ws.id, tokenHash: `expired-${tag()}`, accountId, expiresAt: past },
      { workspaceId: ws.id, tokenHash: `live-${tag()}`, accountId, expiresAt: new Date(Date.now() + 600_000) },
    ]);

    const { body: csv, headers } = multipartFile('people.csv', 'First Name,Last Name\nAnna,Alt\n');
    const oldImport = await ok(ws.admin.req('POST', '/api/imports', csv, headers));
    const newImport = await ok(ws.admin.req('POST', '/api/imports', csv, headers));
    await api.deps.db.update(imports).set({ createdAt: new Date(Date.now() - 40 * 86_400_000) }).where(eq(imports.id, oldImport.id));
    const [oldRow] = await api.deps.db.select().from(imports).where(eq(imports.id, oldImport.id));
    const [newRow] = await api.deps.db.select().from(imports).where(eq(imports.id, newImport.id));
    expect(existsSync(oldRow!.filePath)).toBe(true);
    await handlersDone(ws);

    const removed = await applyRetention(api.deps, ws.id);
    expect(removed).toEqual({ unlinked_identities: 2, import_files: 1, sign_on_attempts: 1, customer_sessions: 1 });

    const left = await api.deps.db.select({ id: socialIdentities.id }).from(socialIdentities).where(eq(socialIdentities.workspaceId, ws.id));
    expect(left.map((r) => r.id).sort()).toEqual([recent.id, linked.id].sort());
    expect(await api.deps.db.select().from(identityLinks).where(and(eq(identityLinks.workspaceId, ws.id), eq(identityLinks.identityId, undone.id)))).toEqual([]);
    const created = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.subjectId, old.id)));
    expect(created.map((e) => e.payload)).toEqual([{ erased: true }]);
    expect((await api.deps.db.select().from(signOnAttempts).where(eq(signOnAttempts.workspaceId, ws.id))).map((a) => a.state)).toEqual([expect.stringMatching(/^live-/)]);
    expect((await api.deps.db.select().from(customerSessions).where(eq(customerSessions.workspaceId, ws.id))).map((s) => s.tokenHash)).toEqual([expect.stringMatching(/^live-/)]);
    expect(existsSync(oldRow!.filePath)).toBe(false);
    expect(existsSync(newRow!.filePath)).toBe(true);
    expect(await ok(ws.admin.req('GET', `/api/imports/${oldImport.id}`))).toMatchObject({ status: 'failed' });

    // Recorded per rule, logged once, and a second run finds nothing more.
    const stored = await api.deps.db.select().from(retentionRules).where(eq(retentionRules.workspaceId, ws.id));
    expect(stored.find((r) => r.kind === 'unlinked_identities')).toMatchObject({ lastRunRemoved: 2, lastRunAt: expect.any(Date) });
    await eventually(async () => {
      const audit = await ok(ws.admin.req('GET', '/api/audit?action=retention.applied'));
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0].after).toEqual({ removed });
    });
    expect(await applyRetention(api.deps, ws.id)).toEqual({ unlinked_identities: 0, import_files: 0, sign_on_attempts: 0, customer_sessions: 0 });
    const run = await ok(ws.admin.req('POST', '/api/settings/retention/run'));
    expect(run.removed).toEqual({ unlinked_identities: 0, import_files: 0, sign_on_attempts: 0, customer_sessions: 0 });
    expect(run.rules.find((r: { kind: string }) => r.kind === 'import_files').lastRunRemoved).toBe(0);
  });

  test('the job is scheduled daily', async () => {
    const schedule = await api.deps.queue.boss.getSchedule(RETENTION_QUEUE);
    expect(schedule).toMatchObject({ name: RETENTION_QUEUE, cron: RETENTION_SCHEDULE, timezone: 'UTC' });
  });
});
