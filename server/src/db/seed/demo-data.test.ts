import { CompanyInput, ContactInput, CustomFieldInput } from '@parley/contracts/contacts';
import { describe, expect, test } from 'vitest';
import { validateCustomValues } from '../../domains/contacts/custom-fields.ts';
import { blockingKeys, nameSimilarity, normalizeEmail, normalizePhone, scorePair, type DedupeRecord } from '../../domains/contacts/dedupe.ts';
import type { CustomFieldRow } from '../../domains/contacts/repo.ts';
import { generateDemoData, type DemoContact, type DemoData } from './demo-data.ts';

const now = new Date('2026-03-16T09:30:00Z');
const DAY = 86_400_000;
const data = generateDemoData({ seed: 7, now });

// Phone parsing is the slow part of these checks; each number is parsed once.
const parsedPhones = new Map<string, string | undefined>();
function e164(raw: string): string | undefined {
  if (!parsedPhones.has(raw)) parsedPhones.set(raw, normalizePhone(raw));
  return parsedPhones.get(raw);
}

function groupBy<T>(items: Iterable<readonly [string, T]>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const [key, item] of items) {
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

describe('generateDemoData', () => {
  test('the same seed and moment give the same data; another seed other data', () => {
    const options = { contacts: 600, companies: 40, seed: 42, now };
    const first = generateDemoData(options);
    expect(generateDemoData(options)).toEqual(first);
    expect(generateDemoData({ ...options, seed: 43 }).contacts).not.toEqual(first.contacts);
  });

  test('counts: 5000 people, 300 companies, 8 staff in 4 teams, a note per three people, 150 tasks', () => {
    expect(data.contacts).toHaveLength(5000);
    expect(data.companies).toHaveLength(300);
    expect(data.users).toHaveLength(8);
    expect(data.teams.map((t) => t.name)).toEqual(['Service', 'Vertrieb', 'Marketing', 'Produktmanagement']);
    expect(data.notes).toHaveLength(1667);
    expect(data.tasks).toHaveLength(150);
    const small = generateDemoData({ contacts: 300, companies: 20, now });
    expect([small.contacts.length, small.companies.length, small.notes.length, small.tasks.length]).toEqual([300, 20, 100, 9]);
  });

  test('staff: every role of the demo, on the company domain', () => {
    expect(data.users.map((u) => u.role).sort()).toEqual(['admin', 'agent', 'agent', 'expert', 'expert', 'manager', 'marketing', 'sales']);
    for (const u of data.users) expect(u.email).toMatch(/^[a-z]+\.[a-z]+@waermewerk\.example$/);
    for (const t of data.teams) for (const i of t.memberIndexes) expect(data.users[i]).toBeDefined();
  });

  test('every person is a valid ContactInput, with no other fields than the indexes and the creation date', () => {
    const Contact = ContactInput.strict();
    for (const { companyIndex: _company, ownerIndex: _owner, createdAt: _created, ...input } of data.contacts) {
      const parsed = Contact.safeParse(input);
      if (!parsed.success) throw new Error(`${JSON.stringify(input)}\n${parsed.error.message}`);
    }
  });

  test('every company is a valid CompanyInput with a unique name and domain', () => {
    const Company = CompanyInput.strict();
    for (const { ownerIndex: _owner, createdAt: _created, ...input } of data.companies) {
      const parsed = Company.safeParse(input);
      if (!parsed.success) throw new Error(`${JSON.stringify(input)}\n${parsed.error.message}`);
    }
    expect(new Set(data.companies.map((c) => c.name)).size).toBe(300);
    expect(new Set(data.companies.map((c) => c.domain)).size).toBe(300);
  });

  test('custom field definitions are valid, and every custom value passes the server check unchanged', () => {
    for (const { appliesTo, ...definition } of data.customFields) {
      expect(CustomFieldInput.safeParse({ ...definition, entity: appliesTo }).success).toBe(true);
    }
    const rows: CustomFieldRow[] = data.customFields.map((d, position) => ({
      workspaceId: '', id: '', entity: d.appliesTo, key: d.key, label: d.label, type: d.type, options: d.options ?? [], position, createdAt: now,
    }));
    for (const c of data.contacts) expect(validateCustomValues(c.custom, rows, 'contact')).toEqual(c.custom);
    for (const c of data.companies) expect(validateCustomValues(c.custom, rows, 'company')).toEqual(c.custom);
    const types = new Set(data.customFields.map((d) => d.type));
    expect(types.size).toBe(9);
  });

  test('custom values fit each other', () => {
    for (const { custom } of data.contacts) {
      if (custom.next_maintenance !== undefined) expect(custom.maintenance_contract).toBe(true);
      if (custom.installation_year !== undefined) expect(custom.heating_system).toBeDefined();
    }
    for (const { custom } of data.companies) {
      if (typeof custom.service_hotline === 'string') expect(e164(custom.service_hotline)).toBeDefined();
    }
  });

  test('indexes point at existing records', () => {
    const { users, companies, contacts } = data;
    const broken = [
      ...contacts.filter((c) => c.companyIndex !== undefined && !companies[c.companyIndex]),
      ...contacts.filter((c) => c.ownerIndex !== undefined && !['agent', 'sales'].includes(users[c.ownerIndex]?.role ?? '')),
      ...data.notes.filter((n) => !contacts[n.contactIndex] || !users[n.authorIndex]),
      ...data.tasks.filter((t) => !contacts[t.contactIndex] || !users[t.assigneeIndex] || !users[t.createdByIndex]),
    ];
    expect(broken).toEqual([]);
  });

  test('dates: created in the last three years, people after their company, notes after their person; tasks due around now', () => {
    const t0 = now.getTime() - 3 * 366 * DAY;
    const createdOf = (i: number) => data.contacts[i]!.createdAt.getTime();
    const wrong = [
      ...[...data.contacts, ...data.companies].filter((c) => c.createdAt.getTime() < t0 || c.createdAt > now),
      ...data.contacts.filter((c) => c.companyIndex !== undefined && c.createdAt < data.companies[c.companyIndex]!.createdAt),
      ...data.notes.filter((n) => n.createdAt.getTime() < createdOf(n.contactIndex) || n.createdAt > now),
      ...data.tasks.filter((t) =>
        Math.abs(t.dueAt.getTime() - now.getTime()) > 22 * DAY
        || t.createdAt.getTime() < createdOf(t.contactIndex)
        || t.createdAt > now || t.createdAt > t.dueAt
        || (t.status === 'done' ? !t.completedAt || t.completedAt < t.createdAt || t.completedAt > now : t.completedAt !== undefined)),
    ];
    expect(wrong).toEqual([]);
    expect(data.tasks.some((t) => t.status === 'open' && t.dueAt < now)).toBe(true);
    expect(data.tasks.some((t) => t.status === 'open' && t.dueAt > now)).toBe(true);
    expect(data.tasks.some((t) => t.status === 'done')).toBe(true);
  });

  test('a German-speaking workspace with English-speaking customers', () => {
    const share = (f: (c: DemoContact) => boolean) => data.contacts.filter(f).length / data.contacts.length;
    expect(share((c) => c.language === 'de')).toBeGreaterThan(0.75);
    expect(share((c) => c.language === 'en')).toBeGreaterThan(0.12);
    expect(share((c) => c.companyIndex !== undefined)).toBeGreaterThan(0.35);
    expect(share((c) => c.companyIndex !== undefined)).toBeLessThan(0.45);
    expect(share((c) => c.lifecycleStage === 'customer')).toBeGreaterThan(3 * share((c) => c.lifecycleStage === 'advocate'));
    const streets = data.contacts.flatMap((c) => c.addresses).filter((a) => a.country === 'DE').map((a) => a.street ?? '');
    expect(streets.some((s) => s.includes('Straße'))).toBe(true);
    expect(streets.some((s) => s.includes('straße'))).toBe(true);
  });

  test('every phone number can be read, in mixed German formats', () => {
    const phones = [...data.contacts.flatMap((c) => c.phones.map((p) => p.value)), ...data.companies.flatMap((c) => c.phone ?? [])];
    expect(phones.filter((p) => !e164(p))).toEqual([]);
    const german = phones.filter((p) => e164(p)?.startsWith('+49'));
    for (const written of [/^\+49 \d/, /^0\d+ \d/, /^0\d+\//, /^\(0\d+\) /, /^0049 /, /^\+49 \(0\)/]) {
      expect(german.some((p) => written.test(p)), String(written)).toBe(true);
    }
  });

  test('no e-mail address can reach anyone', () => {
    const emails = [
      ...data.contacts.flatMap((c) => c.emails.map((e) => e.value)),
      ...data.companies.flatMap((c) => (typeof c.custom.order_email === 'string' ? [c.custom.order_email] : [])),
      ...data.users.map((u) => u.email),
    ];
    const domains = new Set([...emails.map((e) => e.split('@')[1]!.toLowerCase()), ...data.companies.map((c) => c.domain)]);
    expect([...domains].filter((d) => !d.endsWith('.example'))).toEqual([]);
  });

  test('people share an e-mail or phone only with their own near-duplicate', () => {
    const byKey = groupBy(data.contacts.flatMap((c, i) => {
      const keys = [...c.emails.map((e) => `email:${normalizeEmail(e.value)}`), ...c.phones.map((p) => `phone:${e164(p.value)}`)];
      return [...new Set(keys)].map((key) => [key, i] as const);
    }));
    for (const [key, indexes] of byKey) {
      if (indexes.length === 1) continue;
      expect(indexes, key).toHaveLength(2);
      const [a, b] = indexes.map((i) => data.contacts[i]!);
      expect(nameSimilarity(a!, b!), key).toBeGreaterThanOrEqual(0.9);
    }
  });

  test('the duplicate finder finds the near-duplicates, each kind of them', () => {
    const found = findDuplicates(data);
    expect(found.length).toBeGreaterThanOrEqual(40);
    const pairs = found.map(({ a, b }) => [data.contacts[a]!, data.contacts[b]!] as const);
    const rawEmail = (c: DemoContact) => c.emails[0]?.value ?? '';
    // E-mail in another case.
    expect(pairs.some(([a, b]) => rawEmail(a) !== rawEmail(b) && rawEmail(a).toLowerCase() === rawEmail(b).toLowerCase())).toBe(true);
    // "Müller" and "Mueller".
    expect(pairs.some(([a, b]) => a.lastName !== b.lastName && /[äöüß]/.test(`${a.lastName}${b.lastName}`) && nameSimilarity(a, b) === 1)).toBe(true);
    // The same number written another way.
    expect(pairs.some(([a, b]) => a.phones.some((p) => b.phones.some((q) => p.value !== q.value && normalizePhone(p.value) === normalizePhone(q.value))))).toBe(true);
    // First and last name swapped.
    expect(pairs.some(([a, b]) => a.firstName === b.lastName && a.lastName === b.firstName)).toBe(true);
  });
});

/** The duplicate finder as the server runs it: blocks by key, then scores the pairs within each block. */
function findDuplicates({ contacts, companies }: DemoData, threshold = 0.5) {
  const records: DedupeRecord[] = contacts.map((c, i) => ({
    id: String(i),
    firstName: c.firstName,
    lastName: c.lastName,
    emails: c.emails.map((e) => e.value),
    phones: c.phones.flatMap((p) => e164(p.value) ?? []),
    companyName: c.companyIndex === undefined ? undefined : companies[c.companyIndex]?.name,
    city: c.addresses[0]?.city,
  }));
  const blocks = groupBy(records.flatMap((r, i) => blockingKeys(r).map((key) => [key, i] as const)));
  const scored = new Map<string, { a: number; b: number; score: number }>();
  for (const members of blocks.values()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const [a, b] = [members[x]!, members[y]!];
        if (!scored.has(`${a}:${b}`)) scored.set(`${a}:${b}`, { a, b, score: scorePair(records[a]!, records[b]!).score });
      }
    }
  }
  return [...scored.values()].filter((p) => p.score >= threshold);
}
