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
