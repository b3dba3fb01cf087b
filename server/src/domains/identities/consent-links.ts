import type { Deps } from '../../deps.ts';
import { Validation } from '../../lib/errors.ts';
import { CONSENT_LIMITS } from '@parley/contracts/consent';

const DAY = 24 * 3600_000;
const CONFIRM = 'consent-confirm';
const WITHDRAW = 'consent-withdraw';

/** Paths of the public pages a person reaches from a mail. */
export const CONFIRM_PATH = '/api/public/consent/confirm';
export const WITHDRAW_PATH = '/api/public/consent/withdraw';

/** What a confirmation link carries: workspace, person, purpose and the ledger entry (a `request`) it confirms. */
export interface ConfirmToken { w: string; c: string; p: string; r: string }
/** What a withdrawal link carries: workspace, person, purpose. */
export interface WithdrawToken { w: string; c: string; p: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function url(deps: Pick<Deps, 'config'>, path: string, token: string): string {
  return `${deps.config.publicUrl.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}`;
}

/** The link of a double opt-in mail; it works for CONSENT_LIMITS.confirmLinkDays. */
export function confirmLink(deps: Pick<Deps, 'config' | 'secrets'>, t: ConfirmToken): string {
  return url(deps, CONFIRM_PATH, deps.secrets.sign(CONFIRM, { ...t }, CONSENT_LIMITS.confirmLinkDays * DAY));
}

/** A withdrawal link for any mail about a purpose (also a List-Unsubscribe target). */
export function withdrawLink(deps: Pick<Deps, 'config' | 'secrets'>, t: WithdrawToken): string {
  return url(deps, WITHDRAW_PATH, deps.secrets.sign(WITHDRAW, { ...t }, CONSENT_LIMITS.withdrawLinkDays * DAY));
}

/** The payload of a confirmation link; throws Validation token_invalid / token_expired. */
export function readConfirmToken(deps: Pick<Deps, 'secrets'>, token: string | undefined): ConfirmToken {
  const t = deps.secrets.verify<Partial<ConfirmToken>>(CONFIRM, required(token));
  if (![t.w, t.c, t.p, t.r].every(isUuid)) throw invalid();
  return { w: t.w!, c: t.c!, p: t.p!, r: t.r! };
}

/** The payload of a withdrawal link; throws Validation token_invalid / token_expired. */
export function readWithdrawToken(deps: Pick<Deps, 'secrets'>, token: string | undefined): WithdrawToken {
  const t = deps.secrets.verify<Partial<WithdrawToken>>(WITHDRAW, required(token));
  if (![t.w, t.c, t.p].every(isUuid)) throw invalid();
  return { w: t.w!, c: t.c!, p: t.p! };
}

function required(token: string | undefined): string {
  if (!token) throw new Validation('token_missing', 'This link is incomplete; open it from the mail again.');
  return token;
}

const isUuid = (v: unknown) => typeof v === 'string' && UUID.test(v);
const invalid = () => new Validation('token_invalid', 'This link is not valid.');

/**
 * The proof of where a confirmation came from, without keeping the address: a keyed digest of the IP under the
 * server's key, salted with the workspace. The same IP gives the same hash within a workspace (a claim "it was my
 * IP" can be checked), and the hash cannot be reversed by trying all 2^32 IPv4 addresses without the server's key.
 */
export function hashIp(deps: Pick<Deps, 'secrets'>, workspaceId: string, ip: string): string {
  return deps.secrets.digest('consent-ip', `${workspaceId}\n${ip}`);
}
