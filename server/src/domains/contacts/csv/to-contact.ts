import { ContactInput, LIFECYCLE_STAGES, type AddressEntry } from '@parley/contracts/contacts';
import type { z } from 'zod';
import { repeatableKind, type ColumnMapping, type ColumnTarget } from './mapping.ts';
import type { CsvErrorCode } from './records.ts';
import { parseDate, parseLabel, parseLanguage, parseLifecycleStage, splitMulti, splitName, splitTags, type DateOrder } from './values.ts';

export type RowErrorCode =
  | CsvErrorCode
  | 'missing_name'
  | 'invalid_email'
  | 'invalid_date'
  | 'invalid_lifecycle_stage'
  | 'too_long'
  | 'too_many_values'
  | 'invalid_value';

/** Why a row was not imported. Messages name the column, never the cell's content. */
export interface RowError {
  code: RowErrorCode;
  message: string;
  /** Path in ContactInput, e.g. "emails.1.value". */
  field?: string;
  /** Header of the column the value came from. */
  column?: string;
}

export type MappedRow = { input: ContactInput; owner?: string } | { error: RowError };

type AddressPart = 'label' | 'street' | 'houseNumber' | 'extended' | 'postalCode' | 'city' | 'region' | 'country';
interface MultiDraft { values: string[]; label?: string; primary: boolean }
type AddressDraft = Partial<Record<AddressPart, string>>;
/** A column ready for use: repeatable targets carry the position of their entry among those of their kind. */
interface Column { index: number; header: string; target: ColumnTarget; label?: string; slot: number }
/** Which entry (slot) each email, phone and address of a candidate came from, to name the column in errors. */
interface Origins { emails: number[]; phones: number[]; addresses: number[] }

// Export tools (and Parley's own export) prefix cells starting with = + - @ with ' so that Excel does not run them.
const FORMULA_ESCAPE = /^'[=+\-@]/;
function clean(cell: string): string {
  const v = cell.trim();
  return v.charCodeAt(0) === 39 && FORMULA_ESCAPE.test(v) ? v.slice(1) : v;
}

const fail = (code: RowErrorCode, message: string, column?: string, field?: string): { error: RowError } => ({
  error: { code, message, ...(field ? { field } : {}), ...(column ? { column } : {}) },
});

function entriesOf(drafts: (MultiDraft | undefined)[], origins: number[]): { value: string; label?: string }[] {
  const entries: { value: string; label?: string }[] = [];
  const add = (slot: number) => {
    const d = drafts[slot];
    if (!d) return;
    for (const value of d.values) {
      entries.push(d.label ? { value, label: d.label } : { value });
      origins.push(slot);
    }
  };
  // The entry marked primary ("* Work" in Google's exports) comes first.
  const primary = drafts.findIndex((d) => d?.primary && d.values.length > 0);
  if (primary !== -1) add(primary);
  for (let slot = 0; slot < drafts.length; slot++) if (slot !== primary) add(slot);
  return entries;
}

function addressesOf(drafts: (AddressDraft | undefined)[], origins: number[]): AddressEntry[] {
  const addresses: AddressEntry[] = [];
  drafts.forEach((d, slot) => {
    if (!d) return;
    // "Straße" and "Hausnummer" in separate columns make one street line.
    const street = d.street && d.houseNumber ? `${d.street} ${d.houseNumber}` : d.street ?? d.houseNumber;
    const address: AddressEntry = {};
    if (street) address.street = street;
    if (d.extended) address.extended = d.extended;
    if (d.postalCode) address.postalCode = d.postalCode;
    if (d.city) address.city = d.city;
    if (d.region) address.region = d.region;
    if (d.country) address.country = d.country;
    if (Object.keys(address).length === 0) return;
    addresses.push(d.label ? { label: d.label, ...address } : address);
    origins.push(slot);
  });
  return addresses;
}

/** Turns records of one file into contacts, following a column mapping. Compile once per file, use per row. */
export class ContactMapper {
  readonly #columns: Column[];
  readonly #dates: DateOrder;

  constructor(mapping: readonly ColumnMapping[], dates: DateOrder) {
    this.#dates = dates;
    // Entries are ordered by group; columns without a group (edited by hand) each make one, after the grouped ones.
    const keyOf = (c: ColumnMapping) => c.group ?? 100_000 + c.index;
    const slots = { email: [] as number[], phone: [] as number[], address: [] as number[] };
    for (const c of mapping) {
      const kind = repeatableKind(c.target);
      if (kind && !slots[kind].includes(keyOf(c))) slots[kind].push(keyOf(c));
    }
    for (const keys of Object.values(slots)) keys.sort((a, b) => a - b);
    this.#columns = mapping
      .filter((c) => c.target !== 'ignore')
      .map((c) => {
        const kind = repeatableKind(c.target);
        return { index: c.index, header: c.header, target: c.target, label: c.label, slot: kind ? slots[kind].indexOf(keyOf(c)) : -1 };
      });
  }

  /** The contact in one record, or the first reason it cannot be imported; undefined when every mapped cell is empty. */
  map(cells: string[]): MappedRow | undefined {
    const c: Record<string, unknown> = {};
    let emails: MultiDraft[] | undefined;
    let phones: MultiDraft[] | undefined;
    let addresses: AddressDraft[] | undefined;
    let notes: string | undefined;
    let tags: Map<string, string> | undefined;
    let custom: Record<string, string> | undefined;
    let fullName: string | undefined;
    let owner: string | undefined;
    let any = false;

    for (const col of this.#columns) {
      const raw = cells[col.index];
      if (raw === undefined || raw === '') continue;
      const value = clean(raw);
      if (value === '') continue;
      any = true;
      const t = col.target;
      switch (t) {
        case 'firstName': case 'lastName': case 'companyName': case 'jobTitle': case 'website':
          c[t] ??= value;
          break;
        case 'fullName':
          fullName ??= value;
          break;
        case 'email': case 'email.label': case 'phone': case 'phone.label': {
          const list = t === 'email' || t === 'email.label' ? (emails ??= []) : (phones ??= []);
          const draft = (list[col.slot] ??= { values: [], label: col.label, primary: false });
          if (t === 'email' || t === 'phone') {
            draft.values.push(...splitMulti(value));
          } else {
            const { label, primary } = parseLabel(value);
            if (label) draft.label = label;
            draft.primary ||= primary;
          }
          break;
        }
        case 'address.label': case 'address.street': case 'address.houseNumber': case 'address.extended':
        case 'address.postalCode': case 'address.city': case 'address.region': case 'address.country': {
          const part = t.slice('address.'.length) as AddressPart;
          const draft = ((addresses ??= [])[col.slot] ??= col.label ? { label: col.label } : {});
          // "Street 2" and "Street 3" both go to the extended address.
          if (part === 'extended' && draft.extended) draft.extended += `, ${value}`;
          else if (part === 'label') draft.label = parseLabel(value).label ?? draft.label;
          else draft[part] ??= value;
          break;
        }
        case 'birthday': {
          const date = parseDate(value, this.#dates);
          if (date === null) {
            return fail('invalid_date', `"${col.header}" is not a date (such as 31.12.1980 or 1980-12-31)`, col.header, 'birthday');
          }
          if (date !== undefined) c.birthday ??= date;
          break;
        }
        case 'lifecycleStage': {
          const stage = parseLifecycleStage(value);
          if (stage === null) {
            return fail('invalid_lifecycle_stage', `"${col.header}" is not a lifecycle stage (${LIFECYCLE_STAGES.join(', ')})`, col.header, 'lifecycleStage');
          }
          if (stage !== undefined) c.lifecycleStage ??= stage;
          break;
        }
        case 'language': {
          const language = parseLanguage(value);
          if (language) c.language ??= language;
          break;
        }
        case 'note':
          notes = notes === undefined ? value : `${notes}\n\n${value}`;
          break;
        case 'tags':
          for (const tag of splitTags(value)) if (!(tags ??= new Map()).has(tag.toLowerCase())) tags.set(tag.toLowerCase(), tag);
          break;
        case 'owner':
          owner ??= value;
          break;
        case 'ignore':
          break;
        default:
          (custom ??= {})[t.slice('custom:'.length)] ??= value;
      }
    }
    if (!any) return undefined;

    if (fullName !== undefined && c.firstName === undefined && c.lastName === undefined) Object.assign(c, splitName(fullName));
    const origins: Origins = { emails: [], phones: [], addresses: [] };
    const emailList = emails && entriesOf(emails, origins.emails);
    const phoneList = phones && entriesOf(phones, origins.phones);
    const addressList = addresses && addressesOf(addresses, origins.addresses);
    if (emailList?.length) c.emails = emailList;
    if (phoneList?.length) c.phones = phoneList;
    if (addressList?.length) c.addresses = addressList;
    if (notes !== undefined) c.note = notes;
    if (tags) c.tags = [...tags.values()];
    if (custom) c.custom = custom;

    const parsed = ContactInput.safeParse(c);
    if (!parsed.success) return this.#explain(parsed.error.issues[0]!, cells, origins, fullName !== undefined);
    const input = parsed.data;
    if (!input.firstName && !input.lastName && !input.emails?.length && !input.companyName) {
      return fail('missing_name', 'The row has no name, e-mail address or company');
    }
    return owner === undefined ? { input } : { input, owner };
  }

  // Turns a schema issue into a row error naming the column the value came from. Only runs for failing rows.
  #explain(issue: z.core.$ZodIssue, cells: string[], origins: Origins, hadFullName: boolean): { error: RowError } {
    const [top = '', index, leaf] = issue.path.map(String);
    const field = issue.path.join('.');
    const filled = (test: (col: Column) => boolean) =>
      this.#columns.find((col) => test(col) && clean(cells[col.index] ?? '') !== '')?.header;
    let column: string | undefined;
    if (top === 'emails' || top === 'phones') {
      const kind = top === 'emails' ? 'email' : 'phone';
      const slot = origins[top][Number(index)];
      column = filled((col) => col.slot === slot && col.target === (leaf === 'label' ? `${kind}.label` : kind));
    } else if (top === 'addresses') {
      const slot = origins.addresses[Number(index)];
      const parts = leaf === 'street' ? ['address.street', 'address.houseNumber'] : [`address.${leaf}`];
      column = filled((col) => col.slot === slot && parts.includes(col.target));
    } else if (top === 'custom') {
      column = filled((col) => col.target === `custom:${index}`);
    } else {
      column = filled((col) => col.target === top) ?? (hadFullName ? filled((col) => col.target === 'fullName') : undefined);
    }
    const what = column ? `"${column}"` : top;
    if (issue.code === 'too_big') {
      return issue.origin === 'array'
        ? fail('too_many_values', `More than ${String(issue.maximum)} ${top} in one row`, column, field)
        : fail('too_long', `${what} is longer than ${String(issue.maximum)} characters`, column, field);
    }
    if (top === 'emails' && leaf === 'value') return fail('invalid_email', `${what} is not a valid e-mail address`, column, field);
    return fail('invalid_value', `${what}: ${issue.message}`, column, field);
  }
}
