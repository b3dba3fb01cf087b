// Benchmark data: the demo generator's realistic German/English people, multiplied deterministically to any size.
//
// generateDemoData gives 5,000 people (names with umlauts, German and British addresses, phones, companies, custom
// fields). Person i is base person i % 5000 with the surname of another base person and its own e-mail addresses,
// so 1,000,000 people have realistic name frequencies (common surnames repeat, as they do) and unique e-mails.
import type { ContactInput } from '@parley/contracts/contacts';
import { generateDemoData, type DemoContact, type DemoData } from '../../server/src/db/seed/demo-data.ts';
import { transliterateGerman } from '../../server/src/lib/text.ts';

export const BASE_PEOPLE = 5000;
export const BASE_COMPANIES = 1000;
/** The moment the data is made for, fixed so every run has the same data. */
export const DATA_NOW = new Date('2026-11-23T00:00:00Z');

let cached: DemoData | undefined;

/** The 5,000 base people, 1,000 companies, users and custom fields (about 0.5 s). */
export function baseData(): DemoData {
  cached ??= generateDemoData({ contacts: BASE_PEOPLE, companies: BASE_COMPANIES, seed: 2026, now: DATA_NOW });
  return cached;
}

const mailWord = (s: string) => transliterateGerman(s).replace(/[^a-z0-9-]/g, '');

/** Person number i (0-based) of the benchmark data set. */
export function personAt(base: DemoContact[], i: number): DemoContact {
  const n = base.length;
  const b = base[i % n]!;
  const round = Math.floor(i / n);
  // 977 is prime to 5000: within one round every base surname is used once.
  const lastName = round === 0 ? b.lastName : base[(i + round * 977) % n]!.lastName;
  const first = mailWord(b.firstName ?? 'x');
  const last = mailWord(lastName ?? 'y');
  const emails = b.emails.map((e, j) => {
    const domain = e.value.slice(e.value.indexOf('@') + 1);
    return { ...e, value: `${j === 0 ? `${first}.${last}` : `${first.charAt(0)}${last}`}.${i}@${domain}` };
  });
  // Another subscriber number of the same kind: keep the prefix, vary the last four digits.
  const phones = b.phones.map((p) => ({ ...p, value: p.value.replace(/\d{4}$/, String((i * 7 + 1234) % 10_000).padStart(4, '0')) }));
  return {
    ...b,
    lastName,
    emails,
    phones,
    custom: typeof b.custom.customer_number === 'string' ? { ...b.custom, customer_number: `K-${100_000 + i}` } : b.custom,
    createdAt: new Date(b.createdAt.getTime() - round * 60_000),
  };
}

/** The input fields of a demo person (without the demo's indexes and dates). */
export function inputOf(p: DemoContact): ContactInput {
  const { companyIndex: _c, ownerIndex: _o, createdAt: _t, ...input } = p;
  return input;
}

// COPY text format

/** Columns written by COPY (search_tsv is generated; merged_into stays NULL). */
export const COPY_COLUMNS = [
  'workspace_id', 'id', 'first_name', 'last_name', 'email', 'emails', 'phone', 'phones', 'addresses', 'job_title', 'company_id',
  'company_name', 'website', 'birthday', 'language', 'lifecycle_stage', 'owner_id', 'tags', 'custom', 'sort_name', 'dedupe_keys', 'search_name',
  'search_doc', 'created_at', 'updated_at',
] as const;

function esc(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
const text = (v: string | null | undefined) => (v === null || v === undefined ? '\\N' : esc(v));
const json = (v: unknown) => esc(JSON.stringify(v));
const arr = (v: string[]) => esc(`{${v.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
const time = (v: Date | undefined) => (v ? v.toISOString() : '\\N');

/** One line of `COPY contacts (COPY_COLUMNS) FROM STDIN` for a row made by buildContactRow. */
export function copyLine(r: {
  workspaceId: string; id?: string; firstName?: string | null; lastName?: string | null; email?: string | null; emails?: unknown;
  phone?: string | null; phones?: unknown; addresses?: unknown; jobTitle?: string | null; companyId?: string | null; companyName?: string | null; website?: string | null;
  birthday?: string | null; language?: string | null; lifecycleStage?: string | null; ownerId?: string | null; tags?: string[]; custom?: unknown;
  sortName?: string; dedupeKeys?: string[]; searchName?: string; searchDoc?: string; createdAt?: Date; updatedAt?: Date;
}): string {
  return [
    r.workspaceId, r.id!, text(r.firstName), text(r.lastName), text(r.email), json(r.emails ?? []), text(r.phone), json(r.phones ?? []),
    json(r.addresses ?? []), text(r.jobTitle), text(r.companyId), text(r.companyName), text(r.website), text(r.birthday), text(r.language), text(r.lifecycleStage),
    text(r.ownerId), arr(r.tags ?? []), json(r.custom ?? {}), esc(r.sortName ?? ''), arr(r.dedupeKeys ?? []), esc(r.searchName ?? ''),
    esc(r.searchDoc ?? ''), time(r.createdAt), time(r.updatedAt),
  ].join('\t') + '\n';
}

// CSV (for the import benchmark)

/** The header of the generated import file: a generic spreadsheet export, German and English columns mixed as in real files. */
export const CSV_HEADER = [
  'First Name', 'Last Name', 'Email', 'Home Email', 'Phone', 'Mobile Phone', 'Company', 'Job Title', 'Street', 'Postal Code', 'City',
  'Country', 'Birthday', 'Language', 'Lifecycle Stage', 'Tags',
];

function csvCell(v: string | undefined | null): string {
  if (!v) return '';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line for a person; the company by name, as a spreadsheet has it. */
export function csvLine(p: DemoContact, companyName: string | undefined): string {
  const a = p.addresses[0];
  const work = p.emails.find((e) => e.label !== 'home') ?? p.emails[0];
  const home = p.emails.find((e) => e !== work);
  const phone = p.phones.find((x) => x.label !== 'mobile');
  const mobile = p.phones.find((x) => x.label === 'mobile');
  return [
    p.firstName, p.lastName, work?.value, home?.value, phone?.value, mobile?.value, companyName, p.jobTitle, a?.street, a?.postalCode, a?.city,
    a?.country, p.birthday, p.language, p.lifecycleStage, p.tags.join('; '),
  ].map(csvCell).join(',') + '\r\n';
}
