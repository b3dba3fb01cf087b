import type { Language } from '@parley/contracts/common';
import { CONSENT_LIMITS } from '@parley/contracts/consent';
import type { Deps } from '../../deps.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { sendMail, type OutgoingMail } from '../../lib/mail.ts';
import { confirmLink, withdrawLink } from './consent-links.ts';
import { escapeHtml } from './consent-pages.ts';
import * as repo from './consent-repo.ts';
import * as contactsService from '../contacts/service.ts';

export const CONSENT_MAIL_QUEUE = 'consent.mail';

/** A confirmation mail to send: the ledger entry (a `request`) it is about; everything else is re-read. */
export interface ConsentMailJob { workspaceId: string; recordId: string }

/** What a double opt-in mail says. */
export interface ConfirmationMailInput {
  language: Language;
  to: string;
  name: string | null;
  workspaceName: string;
  purposeTitle: string;
  wording: string;
  confirmUrl: string;
  withdrawUrl: string;
}

const TEXT = {
  de: {
    subject: (title: string) => `Bitte bestätigen: ${title}`,
    hello: (name: string | null) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
    intro: (ws: string) => `${ws} hat Ihre Einwilligung für den folgenden Zweck erhalten. Sie gilt erst, wenn Sie sie bestätigen:`,
    confirm: 'Ja, ich bestätige',
    confirmText: 'Bitte bestätigen Sie über diesen Link:',
    validity: `Der Link gilt ${CONSENT_LIMITS.confirmLinkDays} Tage. Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ohne Ihre Bestätigung gilt keine Einwilligung.`,
    withdraw: 'Sie können Ihre Einwilligung jederzeit widerrufen:',
    withdrawLink: 'Einwilligung widerrufen',
  },
  en: {
    subject: (title: string) => `Please confirm: ${title}`,
    hello: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    intro: (ws: string) => `${ws} has received your consent to the following purpose. It only counts once you confirm it:`,
    confirm: 'Yes, I confirm',
    confirmText: 'Please confirm through this link:',
    validity: `The link works for ${CONSENT_LIMITS.confirmLinkDays} days. If you did not ask for this, ignore this e-mail: without your confirmation there is no consent.`,
    withdraw: 'You can withdraw your consent at any time:',
    withdrawLink: 'Withdraw consent',
  },
} as const;

/**
 * The double opt-in mail: the wording as the person will be bound by it, the confirmation link, and a withdrawal
 * link (also as List-Unsubscribe with one-click POST, RFC 8058, so mail programs offer it too).
 */
export function confirmationMail(m: ConfirmationMailInput): OutgoingMail {
  const t = TEXT[m.language];
  const e = escapeHtml;
  const text = [
    t.hello(m.name), '', t.intro(m.workspaceName), '', m.purposeTitle, m.wording, '',
    t.confirmText, m.confirmUrl, '', t.validity, '', t.withdraw, m.withdrawUrl, '', '-- ', m.workspaceName,
  ].join('\n');
  const html = `<!doctype html><html lang="${m.language}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328">
<p>${e(t.hello(m.name))}</p>
<p>${e(t.intro(m.workspaceName))}</p>
<p><strong>${e(m.purposeTitle)}</strong></p>
<blockquote style="margin:0 0 1em;padding:.5em 1em;border-left:4px solid #4c6ef5;white-space:pre-wrap">${e(m.wording)}</blockquote>
<p><a href="${e(m.confirmUrl)}" style="display:inline-block;padding:.6em 1.2em;background:#3b5bdb;color:#fff;border-radius:6px;text-decoration:none;font-weight:600">${e(t.confirm)}</a></p>
<p style="font-size:.9em;color:#4a5058">${e(t.validity)}</p>
<p style="font-size:.9em;color:#4a5058">${e(t.withdraw)} <a href="${e(m.withdrawUrl)}">${e(t.withdrawLink)}</a></p>
<p style="font-size:.85em;color:#5c636b">${e(m.workspaceName)}</p>
</body></html>`;
  return {
    to: m.to, subject: t.subject(m.purposeTitle), text, html,
    headers: { 'List-Unsubscribe': `<${m.withdrawUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/** The queue of confirmation mails: retried with backoff (about two hours) while the SMTP server is away. */
export function consentMailQueue(deps: Deps): QueueDef {
  return {
    name: CONSENT_MAIL_QUEUE,
    concurrency: 2,
    retryLimit: 8,
    retryDelay: 30,
    expireInSeconds: 180,
    handler: ((data: ConsentMailJob) => sendConfirmationMail(deps, data)) as QueueDef['handler'],
  };
}

/**
 * Sends the confirmation mail of a request, unless it is no longer the person's open request (confirmed,
 * withdrawn or asked again since: a late mail would only confuse) or the person or their address is gone.
 */
export async function sendConfirmationMail(deps: Deps, job: ConsentMailJob): Promise<void> {
  const record = await repo.findRecord(deps.db, job.workspaceId, job.recordId);
  if (!record || record.action !== 'request') return;
  const state = await repo.findState(deps.db, job.workspaceId, record.contactId, record.purposeId);
  if (!state || state.status !== 'pending' || state.recordId !== record.id) return;
  const [contact, version, workspace] = await Promise.all([
    contactsService.personBasicsIn(deps.db, job.workspaceId, record.contactId),
    repo.findVersion(deps.db, job.workspaceId, record.purposeId, record.wordingVersion),
    repo.findWorkspace(deps.db, job.workspaceId),
  ]);
  // The address the request was made for: a changed address needs a new request, not a mail to the old one.
  const to = typeof record.proof.sentTo === 'string' ? record.proof.sentTo : contact?.email;
  if (!contact || !to || !version || !workspace) return;
  const language = languageOf(contact.language, workspace.defaultLanguage);
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || null;
  const ids = { w: job.workspaceId, c: record.contactId, p: record.purposeId };
  await sendMail(deps, confirmationMail({
    language, to, name, workspaceName: workspace.name,
    purposeTitle: version.title[language], wording: version.wording[language],
    confirmUrl: confirmLink(deps, { ...ids, r: record.id }), withdrawUrl: withdrawLink(deps, ids),
  }));
}

/** The language Parley speaks to a person: their own, else the workspace's. */
export function languageOf(personal: string | null | undefined, workspaceDefault: string | undefined): Language {
  const l = personal ?? workspaceDefault;
  return l === 'en' ? 'en' : 'de';
}
