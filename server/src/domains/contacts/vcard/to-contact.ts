import { AddressEntry, ContactInput, EmailEntry, PhoneEntry } from '@parley/contracts/contacts';
import { LIMITS } from '@parley/contracts/limits';
import type { z } from 'zod';
import type { Problem, RawCard, VCardProperty } from './card.ts';
import { labelFromAppleLabel, labelFromTypes } from './labels.ts';

// From the properties of a card to ContactInput. Each value is checked against ContactInput's own rules, so one bad
// e-mail address costs that address, not the contact.

interface Card {
  line: number;
  all(name: string): VCardProperty[];
  /** Preferred first: PREF=1 (4.0) or TYPE=pref (2.1, 3.0), then in file order. */
  ranked(name: string): VCardProperty[];
  labelOf(property: VCardProperty): string | undefined;
  problems: Problem[];
}

const tagSchema = ContactInput.shape.tags.unwrap().element;
const ADR_PARTS = 7; // PO box; extended; street; locality; region; postal code; country

/** Maps one card onto ContactInput; values that break its rules are dropped and reported, an empty card gives none. */
export function toContactInput(raw: RawCard): { input?: ContactInput; problems: Problem[] } {
  const card = cardOf(raw);
  const kind = (text(card.all('KIND')[0]) || text(card.all('X-ADDRESSBOOKSERVER-KIND')[0])).trim().toLowerCase();
  if (kind === 'group') return skipped(card, 'a group card (a list of members), not a contact; skipped');
  // On a company's card (4.0 KIND:org, Apple X-ABShowAs:COMPANY) FN is the company's name, not a person's.
  const isCompany = kind === 'org' || text(card.all('X-ABSHOWAS')[0]).trim().toUpperCase() === 'COMPANY';
  const emails = capped(card, 'e-mail addresses', emailsOf(card));
  const phones = capped(card, 'phone numbers', phonesOf(card));
  const companyName = single(card, 'ORG', (p) => component(p, 0, ', '), ContactInput.shape.companyName)
    ?? (isCompany ? single(card, 'FN', text, ContactInput.shape.companyName) : undefined);
  const notes = card.all('NOTE').map((p) => text(p).trim()).filter(Boolean);
  const input = compact<ContactInput>({
    ...namesOf(card, isCompany ? undefined : [companyName, ...emails.map((e) => e.value), ...phones.map((p) => p.value)]),
    emails,
    phones,
    addresses: capped(card, 'addresses', addressesOf(card)),
    jobTitle: single(card, 'TITLE', text, ContactInput.shape.jobTitle) ?? single(card, 'ROLE', text, ContactInput.shape.jobTitle),
    companyName,
    website: single(card, 'URL', text, ContactInput.shape.website),
    birthday: birthdayOf(card),
    note: notes.length > 0 ? checked(card, ContactInput.shape.note, notes.join('\n\n'), card.all('NOTE')[0]!) : undefined,
    tags: capped(card, 'tags', tagsOf(card), LIMITS.tagsPerRecord),
  });
  if (!Object.keys(input).some((key) => key !== 'tags')) {
    return skipped(card, 'nothing to import (no name, e-mail, phone, address or organisation); skipped');
  }
  // Every value was checked on its own; this only guards against the contract changing under this module.
  const result = ContactInput.safeParse(input);
  if (!result.success) return skipped(card, `card skipped: ${describe(result.error)}`);
  return { input: result.data, problems: card.problems };
}

function skipped(card: Card, message: string): { problems: Problem[] } {
  card.problems.push({ line: card.line, message });
  return { problems: card.problems };
}

function cardOf(raw: RawCard): Card {
  const byName = new Map<string, VCardProperty[]>();
  for (const p of raw.properties) {
    const named = byName.get(p.name);
    if (named) named.push(p);
    else byName.set(p.name, [p]);
  }
  const all = (name: string) => byName.get(name) ?? [];
  // Apple and Google label a value with an X-ABLabel in its group: item1.EMAIL:… item1.X-ABLabel:Private
  const labels = new Map<string, string>();
  for (const p of all('X-ABLABEL')) {
    const label = labelFromAppleLabel(text(p));
    if (p.group && label) labels.set(p.group, label);
  }
  return {
    line: raw.line,
    all,
    ranked: (name) => all(name).map((p) => ({ p, rank: preference(p) })).sort((a, b) => a.rank - b.rank).map((x) => x.p),
    labelOf: (p) => (p.group ? labels.get(p.group) : undefined) ?? labelFromTypes(p.params.get('TYPE') ?? []),
    problems: [...raw.problems],
  };
}

function preference(p: VCardProperty): number {
  const pref = Number(p.params.get('PREF')?.[0]);
  if (Number.isInteger(pref) && pref >= 1 && pref <= 100) return pref;
  return p.params.get('TYPE')?.includes('pref') ? 1 : 101;
}

// N if it has a given or family name. Otherwise FN, split at its last space, unless it only repeats the company,
// an e-mail address or a phone number (address books write FN so for cards without a name), or there is no person
// (`fnIsNot` undefined).
function namesOf(card: Card, fnIsNot: (string | undefined)[] | undefined): Pick<ContactInput, 'firstName' | 'lastName'> {
  const n = card.all('N')[0];
  if (n && (component(n, 0, ' ') || component(n, 1, ' '))) return checkedNames(card, n, component(n, 1, ' '), component(n, 0, ' '));
  const fn = card.all('FN')[0];
  const full = text(fn).split(/\s+/).filter(Boolean).join(' ');
  if (!fn || !full || !fnIsNot || fnIsNot.some((v) => v?.toLowerCase() === full.toLowerCase())) return {};
  const at = full.lastIndexOf(' ');
  return at < 0 ? checkedNames(card, fn, full, '') : checkedNames(card, fn, full.slice(0, at), full.slice(at + 1));
}

function checkedNames(card: Card, p: VCardProperty, firstName: string, lastName: string) {
  return {
    firstName: firstName ? checked(card, ContactInput.shape.firstName, firstName, p) : undefined,
    lastName: lastName ? checked(card, ContactInput.shape.lastName, lastName, p) : undefined,
  };
}

function emailsOf(card: Card): EmailEntry[] {
  const emails = new Map<string, EmailEntry>();
  for (const p of card.ranked('EMAIL')) {
    const value = text(p).trim().replace(/^mailto:/i, '');
    const entry = value ? checked(card, EmailEntry, compact({ value, label: card.labelOf(p) }), p, value) : undefined;
    if (entry && !emails.has(entry.value)) emails.set(entry.value, entry);
  }
  return [...emails.values()];
}

function phonesOf(card: Card): PhoneEntry[] {
  const phones: PhoneEntry[] = [];
  for (const p of card.ranked('TEL')) {
    const value = phoneNumber(text(p));
    const entry = value ? checked(card, PhoneEntry, compact({ value, label: card.labelOf(p) }), p, value) : undefined;
    if (entry) phones.push(entry);
  }
  return phones;
}

// 4.0 writes numbers as tel: URIs (RFC 3966); the extension is kept in the form phone libraries read.
function phoneNumber(raw: string): string {
  const value = raw.trim();
  if (!/^tel:/i.test(value)) return value;
  const [number = '', ...params] = value.slice(4).split(';');
  const extension = params.find((p) => /^ext=/i.test(p))?.slice(4);
  return extension ? `${number} ext. ${extension}` : number;
}

function addressesOf(card: Card): AddressEntry[] {
  const addresses: AddressEntry[] = [];
  for (const p of card.ranked('ADR')) {
    const [poBox, extended, street, city, region, postalCode, country] =
      Array.from({ length: ADR_PARTS }, (_, i) => component(p, i, ', '));
    // ContactInput has no PO box: it is the street of an address without one, else a line of the extended address.
    const fields = compact({
      street: street || poBox,
      extended: street && poBox ? [extended, poBox].filter(Boolean).join(', ') : extended,
      postalCode, city, region, country,
    });
    if (Object.keys(fields).length === 0) continue;
    const entry = checked(card, AddressEntry, compact({ label: card.labelOf(p), ...fields }), p, text(p));
    if (entry) addresses.push(entry);
  }
  return addresses;
}

function tagsOf(card: Card): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const p of card.all('CATEGORIES')) {
    for (const value of p.values.flat()) {
      const tag = value.trim();
      if (!tag || seen.has(tag.toLowerCase())) continue;
      seen.add(tag.toLowerCase());
      const valid = checked(card, tagSchema, tag, p);
      if (valid) tags.push(valid);
    }
  }
  return tags;
}

// The first BDAY that is a full date: 4.0 allows several (ALTID), and dates without a year, which ContactInput can't hold.
function birthdayOf(card: Card): string | undefined {
  let firstFailure: { p: VCardProperty; reason: string } | undefined;
  for (const p of card.all('BDAY')) {
    const result = dateOf(p);
    if ('date' in result) return result.date;
    firstFailure ??= { p, reason: result.reason };
  }
  if (firstFailure) drop(card, firstFailure.p, text(firstFailure.p), firstFailure.reason);
  return undefined;
}

// 1985-04-12 and 19850412, either with a time. Not --0412 or --04-12 (no year), nor Apple's stand-in year for those
// (BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12).
function dateOf(p: VCardProperty): { date: string } | { reason: string } {
  const value = text(p).trim();
  if (p.params.get('VALUE')?.[0]?.toLowerCase() === 'text') return { reason: 'free text, not a date' };
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(value);
  if (match && p.params.get('X-APPLE-OMIT-YEAR')?.[0] !== match[1]) {
    const date = `${match[1]}-${match[2]}-${match[3]}`;
    return ContactInput.shape.birthday.safeParse(date).success ? { date } : { reason: 'not a calendar date' };
  }
  return { reason: match || value.startsWith('--') ? 'no year, and a birthday needs one' : 'not a date' };
}

// The first non-empty value of a property that ContactInput holds once (ORG, TITLE, URL), preferred first.
function single<S extends z.ZodType>(card: Card, name: string, read: (p: VCardProperty) => string, schema: S) {
  const p = card.ranked(name).find((q) => read(q).trim() !== '');
  return p && checked(card, schema, read(p).trim(), p);
}

function capped<T>(card: Card, what: string, values: T[], max: number = LIMITS.multiValues): T[] {
  if (values.length <= max) return values;
  card.problems.push({ line: card.line, message: `${values.length} ${what}, kept the first ${max}` });
  return values.slice(0, max);
}

function checked<S extends z.ZodType>(card: Card, schema: S, value: unknown, p: VCardProperty, shown?: string): z.output<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  drop(card, p, shown ?? String(value), describe(result.error));
  return undefined;
}

function drop(card: Card, p: VCardProperty, value: string, reason: string): void {
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  card.problems.push({ line: p.line, message: `${p.name} ${JSON.stringify(shown)} dropped: ${reason}` });
}

// The first issue; its path when it names a part of an entry (an address's postalCode, not an e-mail's value).
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.join('.');
  return path && path !== 'value' ? `${path}: ${issue.message}` : issue.message;
}

// The text of a single-valued property (components rejoined, should a writer have split it).
function text(p: VCardProperty | undefined): string {
  return p ? p.values.map((c) => c.join(',')).join(';') : '';
}

function component(p: VCardProperty, index: number, separator: string): string {
  return (p.values[index] ?? []).map((v) => v.trim()).filter(Boolean).join(separator);
}

// Drops empty strings, empty arrays and undefined, so that absent data is absent, not blank.
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) =>
    v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as T;
}
