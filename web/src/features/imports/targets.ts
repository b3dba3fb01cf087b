/** Where a CSV column can go (the server's csv/mapping.ts FIELD_TARGETS); custom fields are `custom:<key>`. */
export const FIELD_TARGETS = [
  'ignore', 'firstName', 'lastName', 'fullName', 'companyName', 'jobTitle',
  'email', 'email.label', 'phone', 'phone.label',
  'address.label', 'address.street', 'address.houseNumber', 'address.extended', 'address.postalCode',
  'address.city', 'address.region', 'address.country',
  'website', 'birthday', 'note', 'tags', 'lifecycleStage', 'language', 'owner',
] as const;

/** Targets whose columns form numbered entries (e-mail 1, e-mail 2 …). */
export function isRepeatable(target: string): boolean {
  return target.startsWith('email') || target.startsWith('phone') || target.startsWith('address.');
}

/** The i18n key of a target's label. */
export function targetKey(target: string): string {
  return `import.target.${target.replace(/\./g, '_')}`;
}
