import type { Company, Contact, ContactListItem, Note } from '@parley/contracts/contacts';
import type { companies, notes } from '../../db/schema.ts';
import type { ContactRow } from './repo.ts';

/** What a person's list item is made of: a row of the list query (repo.listContacts) or itemRowOf a full row. */
export interface ContactItemRow {
  id: string; firstName: string | null; lastName: string | null; email: string | null; phone: string | null;
  /** The first phone as entered (else `phone`, the E.164 one, is shown). */
  firstPhone: string | null;
  companyId: string | null; companyName: string | null; jobTitle: string | null;
  /** The city of the first address. */
  city: string | null;
  lifecycleStage: string | null; ownerId: string | null; tags: string[]; custom: Record<string, unknown>;
  /** ISO 8601 in UTC with milliseconds, as Date.toISOString writes it. */
  createdAt: string; updatedAt: string;
}

/** The list item columns of a full person row (first phone and city as the stored columns derive them). */
export function itemRowOf(c: Omit<ContactRow, 'firstPhone' | 'city'>): ContactItemRow {
  return {
    ...c, firstPhone: c.phones[0]?.value ?? null, city: c.addresses[0]?.city ?? null,
    createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
  };
}

/** The list fields of a person. */
export function presentContactItem(c: ContactItemRow): ContactListItem {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return {
    id: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: name || c.email || c.phone || '—',
    email: c.email,
    phone: c.firstPhone ?? c.phone,
    company: c.companyId && c.companyName ? { id: c.companyId, name: c.companyName } : null,
    jobTitle: c.jobTitle,
    city: c.city,
    lifecycleStage: c.lifecycleStage as ContactListItem['lifecycleStage'],
    ownerId: c.ownerId,
    tags: c.tags,
    custom: c.custom,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** Every field of a person that may leave the server. */
export function presentContact(c: Omit<ContactRow, 'firstPhone' | 'city'>): Contact {
  return {
    ...presentContactItem(itemRowOf(c)),
    emails: c.emails,
    phones: c.phones,
    addresses: c.addresses,
    website: c.website,
    birthday: c.birthday,
    language: c.language as Contact['language'],
    mergedInto: c.mergedInto,
  };
}

/** A company with the number of its people. */
export function presentCompany(c: typeof companies.$inferSelect, contactCount: number): Company {
  return {
    id: c.id, name: c.name, domain: c.domain, website: c.website, phone: c.phone, industry: c.industry, size: c.size,
    addresses: c.addresses, tags: c.tags, ownerId: c.ownerId, custom: c.custom, contactCount,
    createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
  };
}

export function presentNote(n: typeof notes.$inferSelect): Note {
  return {
    id: n.id, recordType: n.recordType, recordId: n.recordId, authorId: n.authorId, body: n.body,
    createdAt: n.createdAt.toISOString(), updatedAt: n.updatedAt.toISOString(),
  };
}
