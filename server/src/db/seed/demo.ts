import type { Deps } from '../../deps.ts';
import { buildCompanyRow, buildContactRow } from '../../domains/contacts/service.ts';
import { createUser, createWorkspace } from '../../domains/workspace/service.ts';
import { newId } from '../../lib/ids.ts';
import { filesOf } from '../../lib/storage.ts';
import type { Executor } from '../client.ts';
import { companies, contacts, customFields, events, notes, tasks, teamMembers, teams, timelineEntries } from '../schema.ts';
import { seedDemoConsents } from './demo-consents.ts';
import { seedDemoIdentities } from './demo-identities.ts';
import { seedDemoSla } from './demo-sla.ts';
import { seedDemoEmail } from './demo-email.ts';
import { seedDemoRouting } from './demo-routing.ts';
import { seedDemoOrganize } from './demo-organize.ts';
import { seedDemoReplies } from './demo-replies.ts';
import { seedDemoExperts } from './demo-experts.ts';
import { seedDemoRooms } from './demo-rooms.ts';
import { seedDemoComments } from './demo-comments.ts';
import { RESOLVE_WORKSPACE_QUEUE } from '../../domains/identities/resolution-service.ts';
import { generateDemoData } from './demo-data.ts';
import { seedDemoStreams } from './demo-streams.ts';
import { seedDemoNotifications } from './demo-notifications.ts';

/** The demo password, the same for every demo user (the demo is for trying Parley, never for production). */
export const DEMO_PASSWORD = 'parley-demo-2026';

/**
 * Creates the demo workspace of Wärmewerk Heiztechnik GmbH: staff with roles and teams, custom fields, companies,
 * people (with a few deliberate duplicates), notes and tasks. Returns the admin's login.
 */
export async function seedDemo(deps: Deps, tx: Executor, opts: { contacts: number }): Promise<{ workspace: string; email: string; password: string }> {
  const now = new Date();
  const data = generateDemoData({ contacts: opts.contacts, companies: Math.max(10, Math.round(opts.contacts * 0.06)), now });
  const ws = await createWorkspace(tx, { name: 'Wärmewerk Heiztechnik GmbH', slug: 'waermewerk', defaultLanguage: 'de' });
  const w = ws.id;
  const userIds: string[] = [];
  for (const u of data.users) {
    userIds.push((await createUser(tx, { workspaceId: w, email: u.email, name: u.name, role: u.role, password: DEMO_PASSWORD, language: u.language })).id);
  }
  for (const t of data.teams) {
    const id = newId();
    await tx.insert(teams).values({ workspaceId: w, id, name: t.name, description: t.description });
    if (t.memberIndexes.length) await tx.insert(teamMembers).values(t.memberIndexes.map((i) => ({ workspaceId: w, teamId: id, userId: userIds[i]! })));
  }
  const defs = await tx.insert(customFields).values(data.customFields.map((f, position) => ({
    workspaceId: w, id: newId(), entity: f.appliesTo, key: f.key, label: f.label, type: f.type, options: f.options ?? [], position,
  }))).returning();

  const companyRows = data.companies.map((c) => buildCompanyRow(w, {
    name: c.name, domain: c.domain, website: c.website, phone: c.phone, industry: c.industry, size: c.size,
    addresses: c.addresses, tags: c.tags, custom: c.custom,
  }, defs, c.ownerIndex === undefined ? null : userIds[c.ownerIndex]!, c.createdAt));
  await insertChunked(companyRows, (chunk) => tx.insert(companies).values(chunk));

  const contactRows = data.contacts.map((c) => {
    const company = c.companyIndex === undefined ? null : companyRows[c.companyIndex]!;
    const { companyIndex: _c, ownerIndex, createdAt, ...input } = c;
    return buildContactRow(w, input, defs, company?.id ?? null, company?.name ?? null, ownerIndex === undefined ? null : userIds[ownerIndex]!, createdAt);
  });
  await insertChunked(contactRows, (chunk) => tx.insert(contacts).values(chunk));
  const identities = await seedDemoIdentities(tx, w, contactRows.map((c) => ({ ...c, addresses: c.addresses })), data.users.flatMap((u, i) => (u.role === 'agent' ? [userIds[i]!] : [])), now);
  // Train the workspace's match model and fill the review queue (the planted duplicates, the unlinked authors) once
  // the demo is committed.
  await deps.queue.send(RESOLVE_WORKSPACE_QUEUE, { workspaceId: w }, { tx });
  await seedDemoSla(tx, w, now);
  const consents = await seedDemoConsents(tx, w, contactRows, data.users.flatMap((u, i) => (u.role === 'agent' ? [userIds[i]!] : [])), now);
  await seedDemoRouting(tx, w);
  await seedDemoOrganize(tx, w);
  await seedDemoReplies(tx, w, now);
  await seedDemoExperts(tx, w, now);
  await seedDemoRooms(tx, w, now, filesOf(deps.config));
  await seedDemoComments(tx, w, contactRows.slice(0, 6).map((c) => c.id!), companyRows.slice(0, 2).map((c) => c.id!), now);
  await seedDemoEmail(deps, tx, w, contactRows.map((c) => ({ firstName: c.firstName ?? null, lastName: c.lastName ?? null, email: c.email ?? null })), now);

  // The history a real workspace would have: a "created" event per person and one per note, on their timelines.
  // Written directly (as the timeline handler would) so that seeding does not queue thousands of jobs.
  const history: (typeof events.$inferInsert)[] = [];
  const timeline: (typeof timelineEntries.$inferInsert)[] = [];
  for (const c of contactRows) {
    const id = newId();
    const snapshot = { firstName: c.firstName, lastName: c.lastName, email: c.email };
    history.push({ workspaceId: w, id, type: 'contact.created', actorId: c.ownerId, actorKind: 'system', subjectType: 'contact', subjectId: c.id!, payload: { after: snapshot }, at: c.createdAt });
    timeline.push({ workspaceId: w, eventId: id, recordType: 'contact', recordId: c.id!, kind: 'contact.created', actorId: c.ownerId, data: { snapshot }, at: c.createdAt! });
  }
  const noteRows = data.notes.map((n) => ({
    workspaceId: w, id: newId(), recordType: 'contact', recordId: contactRows[n.contactIndex]!.id!, authorId: userIds[n.authorIndex]!, body: n.body, createdAt: n.createdAt, updatedAt: n.createdAt,
  }));
  for (const n of noteRows) {
    const id = newId();
    const snapshot = { id: n.id, body: n.body };
    history.push({ workspaceId: w, id, type: 'note.created', actorId: n.authorId, actorKind: 'user', subjectType: 'note', subjectId: n.id, payload: { after: snapshot, related: [{ type: 'contact', id: n.recordId }] }, at: n.createdAt });
    timeline.push({ workspaceId: w, eventId: id, recordType: 'contact', recordId: n.recordId, kind: 'note.created', actorId: n.authorId, data: { snapshot }, at: n.createdAt });
  }
  await insertChunked(noteRows, (chunk) => tx.insert(notes).values(chunk));
  const taskRows = data.tasks.map((t) => ({
    workspaceId: w, id: newId(), title: t.title, dueAt: t.dueAt, assigneeId: userIds[t.assigneeIndex]!, status: t.status,
    recordType: 'contact', recordId: contactRows[t.contactIndex]!.id!, createdBy: userIds[t.createdByIndex]!, createdAt: t.createdAt, updatedAt: t.createdAt, completedAt: t.completedAt ?? null,
  }));
  await insertChunked(taskRows, (chunk) => tx.insert(tasks).values(chunk));
  await insertChunked(history, (chunk) => tx.insert(events).values(chunk));
  await insertChunked(timeline, (chunk) => tx.insert(timelineEntries).values(chunk));
  await seedDemoStreams(tx, w, history, contactRows, userIds);
  await seedDemoNotifications(tx, w, contactRows.map((c) => c.id!), now);
  deps.log.info({ contacts: contactRows.length, companies: companyRows.length, notes: noteRows.length, tasks: taskRows.length, consents, identities }, 'demo workspace seeded');
  return { workspace: ws.name, email: data.users.find((u) => u.role === 'admin')!.email, password: DEMO_PASSWORD };
}

async function insertChunked<T>(items: T[], insert: (chunk: T[]) => Promise<unknown>, size = 500): Promise<void> {
  for (let i = 0; i < items.length; i += size) await insert(items.slice(i, i + size));
}
