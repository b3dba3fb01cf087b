import { z } from 'zod';
import { LIMITS } from './limits.ts';

/** Lifecycle stages of a person, in funnel order. */
export const LIFECYCLE_STAGES = ['subscriber', 'lead', 'qualified_lead', 'opportunity', 'customer', 'advocate'] as const;
export const LifecycleStage = z.enum(LIFECYCLE_STAGES);
export type LifecycleStage = z.infer<typeof LifecycleStage>;

const shortText = z.string().trim().max(LIMITS.shortText);
const optShort = shortText.optional();

export const EmailEntry = z.object({
  value: z.string().trim().toLowerCase().max(LIMITS.email).pipe(z.email()),
  label: optShort,
});
export type EmailEntry = z.infer<typeof EmailEntry>;

export const PhoneEntry = z.object({
  value: z.string().trim().min(1).max(LIMITS.phone),
  /** E.164 form when the number could be understood; filled by the server. */
  e164: z.string().max(LIMITS.phone).optional(),
  label: optShort,
});
export type PhoneEntry = z.infer<typeof PhoneEntry>;

export const AddressEntry = z.object({
  label: optShort,
  street: optShort,
  extended: optShort,
  postalCode: z.string().trim().max(20).optional(),
  city: optShort,
  region: optShort,
  country: optShort,
});
export type AddressEntry = z.infer<typeof AddressEntry>;

/** Custom field values keyed by the field's key; checked against the workspace's definitions by the server. */
export const CustomValues = z.record(z.string().max(64), z.unknown());

/** What a client sends to create or fully describe a person (also the target shape of CSV and vCard import). */
export const ContactInput = z.object({
  firstName: optShort,
  lastName: optShort,
  emails: z.array(EmailEntry).max(LIMITS.multiValues).optional(),
  phones: z.array(PhoneEntry).max(LIMITS.multiValues).optional(),
  addresses: z.array(AddressEntry).max(LIMITS.multiValues).optional(),
  jobTitle: optShort,
  /** Link to a company record. */
  companyId: z.uuid().nullable().optional(),
  /** Company by name (import): the server links to an existing company of that name or creates one. */
  companyName: optShort,
  website: z.string().trim().max(LIMITS.url).optional(),
  birthday: z.iso.date().optional(),
  language: z.enum(['de', 'en']).optional(),
  lifecycleStage: LifecycleStage.optional(),
  ownerId: z.uuid().nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(LIMITS.tag)).max(LIMITS.tagsPerRecord).optional(),
  custom: CustomValues.optional(),
  /** A free-text note to attach at creation (imports). */
  note: z.string().max(LIMITS.noteBody).optional(),
});
export type ContactInput = z.infer<typeof ContactInput>;

/** Partial update of a person: only the fields sent change. */
export const ContactPatch = ContactInput.omit({ note: true }).partial();
export type ContactPatch = z.infer<typeof ContactPatch>;

const Ref = z.object({ id: z.uuid(), name: z.string() });

export const ContactListItem = z.object({
  id: z.uuid(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: Ref.nullable(),
  jobTitle: z.string().nullable(),
  city: z.string().nullable(),
  lifecycleStage: LifecycleStage.nullable(),
  ownerId: z.uuid().nullable(),
  tags: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContactListItem = z.infer<typeof ContactListItem>;

export const Contact = ContactListItem.extend({
  emails: z.array(EmailEntry),
  phones: z.array(PhoneEntry),
  addresses: z.array(AddressEntry),
  website: z.string().nullable(),
  birthday: z.string().nullable(),
  language: z.enum(['de', 'en']).nullable(),
  /** Set when this record was merged into another. */
  mergedInto: z.uuid().nullable(),
});
export type Contact = z.infer<typeof Contact>;

export const CONTACT_SORTS = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;

const csv = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));

/** Filters of the people list; also used by the CSV export of a filtered list. */
export const ContactListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  tags: csv.optional(),
  ownerId: z.uuid().optional(),
  lifecycleStage: csv.pipe(z.array(LifecycleStage)).optional(),
  companyId: z.uuid().optional(),
  createdFrom: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  createdTo: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  updatedFrom: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  updatedTo: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** Custom field conditions: `key=value`, `key!=value`, `key>=n`, `key<=n`, `key~text` (repeatable). */
  custom: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])).optional(),
  sort: z.enum(CONTACT_SORTS).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ContactListQuery = z.input<typeof ContactListQuery>;

/** A page of people; how many match is GET /api/contacts/count, so a page never waits for a count. */
export const ContactPage = z.object({ items: z.array(ContactListItem), nextCursor: z.string().nullable() });
export type ContactPage = z.infer<typeof ContactPage>;

/** The filters of the people list without paging: what GET /api/contacts/count counts. */
export const ContactCountQuery = ContactListQuery.omit({ sort: true, cursor: true, limit: true });
export type ContactCountQuery = z.input<typeof ContactCountQuery>;

/** How many people match, counted up to a cap (10,000 for a list, 500 for a search); `capped` when there are more. */
export const ContactCount = z.object({ total: z.number().int(), capped: z.boolean() });
export type ContactCount = z.infer<typeof ContactCount>;

export const CompanyInput = z.object({
  name: z.string().trim().min(1).max(LIMITS.shortText),
  domain: z.string().trim().toLowerCase().max(253).optional(),
  website: z.string().trim().max(LIMITS.url).optional(),
  phone: z.string().trim().max(LIMITS.phone).optional(),
  industry: optShort,
  size: optShort,
  addresses: z.array(AddressEntry).max(LIMITS.multiValues).optional(),
  tags: z.array(z.string().trim().min(1).max(LIMITS.tag)).max(LIMITS.tagsPerRecord).optional(),
  ownerId: z.uuid().nullable().optional(),
  custom: CustomValues.optional(),
});
export type CompanyInput = z.infer<typeof CompanyInput>;
export const CompanyPatch = CompanyInput.partial();

export const Company = z.object({
  id: z.uuid(),
  name: z.string(),
  domain: z.string().nullable(),
  website: z.string().nullable(),
  phone: z.string().nullable(),
  industry: z.string().nullable(),
  size: z.string().nullable(),
  addresses: z.array(AddressEntry),
  tags: z.array(z.string()),
  ownerId: z.uuid().nullable(),
  custom: z.record(z.string(), z.unknown()),
  contactCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Company = z.infer<typeof Company>;

export const CompanyListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  tags: csv.optional(),
  ownerId: z.uuid().optional(),
  sort: z.enum(['name', '-name', 'createdAt', '-createdAt']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const CompanyPage = z.object({ items: z.array(Company), nextCursor: z.string().nullable() });

export const NoteInput = z.object({ body: z.string().trim().min(1).max(LIMITS.noteBody) });
export const Note = z.object({
  id: z.uuid(), recordType: z.string(), recordId: z.uuid(), authorId: z.uuid().nullable(), body: z.string(),
  createdAt: z.string(), updatedAt: z.string(),
});
export type Note = z.infer<typeof Note>;

export const TimelineEntry = z.object({
  eventId: z.uuid(), kind: z.string(), actorId: z.uuid().nullable(), at: z.string(), data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export const TimelinePage = z.object({ items: z.array(TimelineEntry), nextCursor: z.string().nullable() });

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'select', 'multi_select', 'url', 'email', 'phone'] as const;
export const CustomFieldType = z.enum(CUSTOM_FIELD_TYPES);
const Label = z.object({ de: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) });
export const CustomFieldInput = z.object({
  entity: z.enum(['contact', 'company']),
  key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ ; starting with a letter'),
  label: Label,
  type: CustomFieldType,
  options: z.array(z.object({ value: z.string().trim().min(1).max(100), label: Label })).max(200).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export const CustomFieldPatch = CustomFieldInput.pick({ label: true, options: true, position: true }).partial();
export const CustomField = CustomFieldInput.extend({ id: z.uuid(), options: CustomFieldInput.shape.options.unwrap(), position: z.number().int() });
export type CustomField = z.infer<typeof CustomField>;

export const DuplicateCandidate = z.object({
  a: ContactListItem,
  b: ContactListItem,
  score: z.number(),
  reasons: z.array(z.object({ field: z.string(), kind: z.enum(['exact', 'similar']), detail: z.string() })),
});
export const DuplicateList = z.object({ items: z.array(DuplicateCandidate) });

/** Fields a merge lets the user choose between the two records; lists (e-mails, phones, addresses, tags) are joined. */
export const MERGE_FIELDS = ['firstName', 'lastName', 'jobTitle', 'companyId', 'website', 'birthday', 'language', 'lifecycleStage', 'ownerId'] as const;
export const MergeBody = z.object({
  survivorId: z.uuid(),
  loserId: z.uuid(),
  /** For each field, whose value to keep (default: the survivor's, or the other's where the survivor has none). */
  choices: z.partialRecord(z.enum(MERGE_FIELDS), z.enum(['survivor', 'loser'])).optional(),
  /** For custom fields, keyed by field key. */
  customChoices: z.record(z.string(), z.enum(['survivor', 'loser'])).optional(),
});
export type MergeBody = z.infer<typeof MergeBody>;
export const MergePreview = z.object({ result: Contact, moved: z.object({ notes: z.number().int(), tasks: z.number().int(), identities: z.number().int(), timeline: z.number().int() }) });
export const MergeResult = z.object({ mergeId: z.uuid(), contact: Contact });
export const DismissBody = z.object({ aId: z.uuid(), bId: z.uuid() });
