export { FIELD_TARGETS } from '@parley/contracts/imports';

/** Targets whose columns form numbered entries (e-mail 1, e-mail 2 …). */
export function isRepeatable(target: string): boolean {
  return target.startsWith('email') || target.startsWith('phone') || target.startsWith('address.');
}

/** The i18n key of a target's label. */
export function targetKey(target: string): string {
  return `import.target.${target.replace(/\./g, '_')}`;
}
