import type { ChannelSecrets } from '../../connectors/types.ts';
import type { Deps } from '../../deps.ts';

// A channel's secrets are one sealed JSON object (AES-256-GCM, lib/secrets.ts): one decryption per webhook request.

/** The decrypted secrets of a channel (empty when none are set). */
export function openSecrets(deps: Deps, credentialsEnc: string | null): Record<string, string> {
  return credentialsEnc ? JSON.parse(deps.secrets.decrypt(credentialsEnc)) as Record<string, string> : {};
}

/** Seals the set secrets (empty values dropped); null when none is left. */
export function sealSecrets(deps: Deps, secrets: ChannelSecrets): string | null {
  const set = Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === 'string' && v.length > 0));
  return Object.keys(set).length ? deps.secrets.encrypt(JSON.stringify(set)) : null;
}
