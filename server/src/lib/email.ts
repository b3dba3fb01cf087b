const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The form of an e-mail address two records are compared in: trimmed and lowercased; for Gmail also without dots
 * and +tags in the local part and with googlemail.com as gmail.com. Other providers keep both: for them a dot or
 * a +tag can name another mailbox.
 */
export function normalizeEmail(e: string): string {
  const email = e.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at < 1 || !GMAIL_DOMAINS.has(email.slice(at + 1))) return email;
  const local = email.slice(0, at).split('+')[0]!.replaceAll('.', '');
  return local ? `${local}@gmail.com` : email;
}
