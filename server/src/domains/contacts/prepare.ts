import type { AddressEntry, ContactInput, EmailEntry, PhoneEntry } from '@parley/contracts/contacts';
import { foldText, searchVariants } from '../../lib/text.ts';
import { blockingKeys, normalizePhone } from './dedupe.ts';

/** The stored columns derived from a person's input: primary e-mail and phone, and the search columns. */
export interface PreparedContact {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  emails: EmailEntry[];
  phone: string | null;
  phones: PhoneEntry[];
  addresses: AddressEntry[];
  jobTitle: string | null;
  website: string | null;
  birthday: string | null;
  language: string | null;
  lifecycleStage: string | null;
  tags: string[];
}

/** Normalises a person's multi-valued fields (deduped e-mails, phones with E.164) and fills defaults. */
export function prepareContact(input: ContactInput): PreparedContact {
  const emails = uniqueBy(input.emails ?? [], (e) => e.value.toLowerCase()).map((e) => ({ ...e, value: e.value.toLowerCase() }));
  const phones = uniqueBy((input.phones ?? []).map((p) => ({ ...p, e164: normalizePhone(p.value) ?? undefined })), (p) => p.e164 ?? p.value);
  return {
    firstName: input.firstName || null,
    lastName: input.lastName || null,
    email: emails[0]?.value ?? null,
    emails,
    phone: phones.find((p) => p.e164)?.e164 ?? null,
    phones,
    addresses: (input.addresses ?? []).filter((a) => Object.values(a).some(Boolean)),
    jobTitle: input.jobTitle || null,
    website: input.website || null,
    birthday: input.birthday || null,
    language: input.language ?? null,
    lifecycleStage: input.lifecycleStage ?? null,
    tags: [...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))],
  };
}

/** The sort and search columns of a person and the name of its company, recomputed on every write. */
export function contactSearchColumns(c: Omit<PreparedContact, 'email' | 'phone'>, companyName: string | null) {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  const firstEmail = c.emails[0]?.value ?? '';
  const nameOrEmail = name || firstEmail.split('@')[0] || '';
  const doc = [
    name, ...c.emails.map((e) => e.value), ...c.phones.flatMap((p) => [p.value, p.e164 ?? '']), companyName ?? '', c.jobTitle ?? '',
    ...c.addresses.flatMap((a) => [a.street, a.city, a.postalCode, a.country]), ...c.tags,
  ].filter(Boolean).join(' ');
  return {
    companyName,
    sortName: foldText([c.lastName, c.firstName].filter(Boolean).join(' ') || firstEmail).slice(0, 200),
    searchName: searchVariants(nameOrEmail),
    searchDoc: searchVariants(doc),
    dedupeKeys: blockingKeys({
      id: '', firstName: c.firstName ?? undefined, lastName: c.lastName ?? undefined, emails: c.emails.map((e) => e.value),
      phones: c.phones.flatMap((p) => (p.e164 ? [p.e164] : [])),
    }),
  };
}

/** The sort and search columns of a company. */
export function companySearchColumns(c: { name: string; domain?: string | null; industry?: string | null; addresses?: AddressEntry[]; tags?: string[] }) {
  const doc = [c.name, c.domain, c.industry, ...(c.addresses ?? []).flatMap((a) => [a.street, a.city, a.postalCode, a.country]), ...(c.tags ?? [])]
    .filter(Boolean).join(' ');
  return { sortName: foldText(c.name).slice(0, 200), searchName: searchVariants(c.name), searchDoc: searchVariants(doc) };
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = key(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
