import type { Language } from '@parley/contracts/common';

/** What a public consent page shows: a question with a button, an outcome, or an error. */
export type LinkPage =
  | { kind: 'confirm' | 'withdraw'; outcome: 'ask'; language: Language; workspaceName: string; purposeTitle: string; wording: string; actionUrl: string }
  | { kind: 'confirm'; outcome: 'confirmed' | 'already_confirmed'; language: Language; workspaceName: string; purposeTitle: string; withdrawUrl: string }
  | { kind: 'withdraw'; outcome: 'withdrawn' | 'already_withdrawn'; language: Language; workspaceName: string; purposeTitle: string }
  | { kind: 'error'; language: Language; code: string };

const TEXT = {
  de: {
    confirmTitle: 'Einwilligung bestätigen',
    confirmedTitle: 'Einwilligung bestätigt',
    withdrawnTitle: 'Einwilligung widerrufen',
    confirmLead: (ws: string) => `${ws} bittet Sie, diese Einwilligung zu bestätigen:`,
    confirmButton: 'Ja, ich bestätige',
    confirmIgnore: 'Wenn Sie das nicht angefordert haben, schließen Sie diese Seite einfach: Ohne Ihre Bestätigung gilt keine Einwilligung.',
    confirmed: 'Vielen Dank! Ihre Einwilligung ist bestätigt.',
    alreadyConfirmed: 'Ihre Einwilligung war bereits bestätigt.',
    withdrawAnyTime: 'Sie können sie jederzeit widerrufen:',
    withdrawLink: 'Einwilligung widerrufen',
    withdrawTitle: 'Einwilligung widerrufen',
    withdrawLead: (ws: string) => `Möchten Sie diese Einwilligung gegenüber ${ws} widerrufen?`,
    withdrawButton: 'Ja, widerrufen',
    withdrawn: 'Ihre Einwilligung ist widerrufen. Das gilt ab sofort.',
    alreadyWithdrawn: 'Ihre Einwilligung war bereits widerrufen.',
    errorTitle: 'Das hat nicht geklappt',
    errors: {
      token_expired: 'Dieser Link ist abgelaufen. Bitte fordern Sie eine neue E-Mail an.',
      token_invalid: 'Dieser Link ist ungültig. Bitte öffnen Sie ihn noch einmal aus der E-Mail, vollständig.',
      token_missing: 'Dieser Link ist unvollständig. Bitte öffnen Sie ihn noch einmal aus der E-Mail.',
      consent_request_superseded: 'Dieser Link gilt nicht mehr: Es gibt eine neuere Anfrage, oder die Einwilligung wurde inzwischen widerrufen. Bitte verwenden Sie den Link aus der neuesten E-Mail.',
      consent_link_unknown: 'Zu diesem Link gibt es keine Daten mehr.',
      other: 'Das hat leider nicht geklappt. Bitte versuchen Sie es später noch einmal.',
    } as Record<string, string>,
  },
  en: {
    confirmTitle: 'Confirm your consent',
    confirmedTitle: 'Consent confirmed',
    withdrawnTitle: 'Consent withdrawn',
    confirmLead: (ws: string) => `${ws} asks you to confirm this consent:`,
    confirmButton: 'Yes, I confirm',
    confirmIgnore: 'If you did not ask for this, just close this page: without your confirmation there is no consent.',
    confirmed: 'Thank you! Your consent is confirmed.',
    alreadyConfirmed: 'Your consent was already confirmed.',
    withdrawAnyTime: 'You can withdraw it at any time:',
    withdrawLink: 'Withdraw consent',
    withdrawTitle: 'Withdraw consent',
    withdrawLead: (ws: string) => `Do you want to withdraw this consent given to ${ws}?`,
    withdrawButton: 'Yes, withdraw',
    withdrawn: 'Your consent is withdrawn, effective immediately.',
    alreadyWithdrawn: 'Your consent was already withdrawn.',
    errorTitle: 'That did not work',
    errors: {
      token_expired: 'This link has expired. Please ask for a new e-mail.',
      token_invalid: 'This link is not valid. Please open it again, in full, from the e-mail.',
      token_missing: 'This link is incomplete. Please open it again from the e-mail.',
      consent_request_superseded: 'This link is no longer valid: a newer request was sent, or the consent has been withdrawn since. Please use the link in the newest e-mail.',
      consent_link_unknown: 'There is no longer any data for this link.',
      other: 'Sorry, that did not work. Please try again later.',
    } as Record<string, string>,
  },
} as const;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The language of a visitor we know nothing else about: the first of de/en their browser asks for, else German. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  const tags = (acceptLanguage ?? '').toLowerCase().split(',').map((p) => p.trim().slice(0, 2));
  return tags.find((t): t is Language => t === 'de' || t === 'en') ?? 'de';
}

/**
 * A small, self-contained page (no script, inline styles allowed by the CSP): readable on a phone, one heading, the
 * purpose's wording as the person was asked, and one clearly labelled button that posts the form.
 */
export function renderLinkPage(p: LinkPage): string {
  const t = TEXT[p.language];
  const e = escapeHtml;
  let title: string;
  let body: string;
  switch (p.kind) {
    case 'error':
      title = t.errorTitle;
      body = `<p role="alert">${e(t.errors[p.code] ?? t.errors.other!)}</p>`;
      break;
    case 'confirm':
    case 'withdraw':
      if (p.outcome === 'ask') {
        const confirm = p.kind === 'confirm';
        title = confirm ? t.confirmTitle : t.withdrawTitle;
        body = `<p>${e(confirm ? t.confirmLead(p.workspaceName) : t.withdrawLead(p.workspaceName))}</p>
<h2>${e(p.purposeTitle)}</h2>
<blockquote>${e(p.wording)}</blockquote>
<form method="post" action="${e(p.actionUrl)}"><button type="submit"${confirm ? '' : ' class="danger"'}>${e(confirm ? t.confirmButton : t.withdrawButton)}</button></form>
${confirm ? `<p class="small">${e(t.confirmIgnore)}</p>` : ''}`;
      } else if (p.kind === 'confirm') {
        title = t.confirmedTitle;
        body = `<p role="status"><strong>${e(p.outcome === 'confirmed' ? t.confirmed : t.alreadyConfirmed)}</strong></p>
<h2>${e(p.purposeTitle)}</h2>
<p class="small">${e(t.withdrawAnyTime)} <a href="${e(p.withdrawUrl)}">${e(t.withdrawLink)}</a></p>`;
      } else {
        title = t.withdrawnTitle;
        body = `<p role="status"><strong>${e(p.outcome === 'withdrawn' ? t.withdrawn : t.alreadyWithdrawn)}</strong></p>
<h2>${e(p.purposeTitle)}</h2>`;
      }
      break;
  }
  const footer = p.kind === 'error' ? '' : `<footer>${e(p.workspaceName)}</footer>`;
  return `<!doctype html>
<html lang="${p.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(title)}</title>
<style>
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f7f9}
main{max-width:36rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #d8dce1;border-radius:8px}
h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
blockquote{margin:0 0 1.25rem;padding:.75rem 1rem;border-left:4px solid #4c6ef5;background:#f3f5ff;white-space:pre-wrap}
button{font:inherit;font-weight:600;padding:.65rem 1.25rem;border:0;border-radius:6px;background:#3b5bdb;color:#fff;cursor:pointer}
button.danger{background:#c92a2a}button:focus-visible,a:focus-visible{outline:3px solid #1c7ed6;outline-offset:2px}
a{color:#364fc7}.small{font-size:.9rem;color:#4a5058}footer{margin-top:2rem;font-size:.85rem;color:#5c636b}
</style>
</head>
<body>
<main>
<h1>${e(title)}</h1>
${body}
${footer}
</main>
</body>
</html>`;
}
