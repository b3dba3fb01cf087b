import { describe, expect, test } from 'vitest';
import { confirmationMail, languageOf } from './consent-mail.ts';
import { escapeHtml, pickLanguage, renderLinkPage } from './consent-pages.ts';

const mail = (language: 'de' | 'en') => confirmationMail({
  language, to: 'anna@example.com', name: 'Anna <Schröder>', workspaceName: 'Wärmewerk & Co', purposeTitle: 'Newsletter',
  wording: 'Ich möchte den Newsletter erhalten.', confirmUrl: 'https://crm.example/api/public/consent/confirm?token=a.b',
  withdrawUrl: 'https://crm.example/api/public/consent/withdraw?token=c.d',
});

describe('the double opt-in mail', () => {
  test('has both links in text and HTML, the wording, and one-click unsubscribe headers', () => {
    const m = mail('de');
    expect(m.to).toBe('anna@example.com');
    expect(m.subject).toBe('Bitte bestätigen: Newsletter');
    expect(m.text).toContain('Guten Tag Anna <Schröder>,');
    expect(m.text).toContain('Ich möchte den Newsletter erhalten.');
    expect(m.text).toContain('https://crm.example/api/public/consent/confirm?token=a.b');
    expect(m.text).toContain('https://crm.example/api/public/consent/withdraw?token=c.d');
    expect(m.html).toContain('href="https://crm.example/api/public/consent/confirm?token=a.b"');
    expect(m.html).toContain('Anna &lt;Schröder&gt;');
    expect(m.html).toContain('Wärmewerk &amp; Co');
    expect(m.html).not.toContain('<Schröder>');
    expect(m.headers).toEqual({ 'List-Unsubscribe': '<https://crm.example/api/public/consent/withdraw?token=c.d>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(mail('en').subject).toBe('Please confirm: Newsletter');
    expect(mail('en').text).toContain('Hello Anna <Schröder>,');
  });

  test.each([
    [null, 'de', 'de'], [null, 'en', 'en'], ['en', 'de', 'en'], ['de', 'en', 'de'], [null, undefined, 'de'], ['fr', 'en', 'de'],
  ] as const)('person %s, workspace %s → %s', (personal, ws, expected) => {
    expect(languageOf(personal, ws)).toBe(expected);
  });
});

describe('the public pages', () => {
  test.each([
    ['de-DE,de;q=0.9,en;q=0.8', 'de'], ['en-US,en;q=0.9', 'en'], ['fr-FR, en;q=0.5', 'en'], ['fr', 'de'], [undefined, 'de'],
  ] as const)('Accept-Language %s → %s', (header, expected) => {
    expect(pickLanguage(header)).toBe(expected);
  });

  test('escape what people and admins wrote, and post the form to the link', () => {
    const html = renderLinkPage({
      kind: 'confirm', outcome: 'ask', language: 'en', workspaceName: '<script>x</script>', purposeTitle: 'A "quoted" title',
      wording: 'Tom & Jerry', actionUrl: '/api/public/consent/confirm?token=a.b',
    });
    expect(html).toContain('<html lang="en">');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt; asks you');
    expect(html).toContain('A &quot;quoted&quot; title');
    expect(html).toContain('Tom &amp; Jerry');
    expect(html).toContain('<form method="post" action="/api/public/consent/confirm?token=a.b"><button type="submit">Yes, I confirm</button></form>');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  test('errors name what happened in the visitor\'s language, unknown codes a general message', () => {
    expect(renderLinkPage({ kind: 'error', language: 'de', code: 'token_expired' })).toContain('Dieser Link ist abgelaufen');
    expect(renderLinkPage({ kind: 'error', language: 'en', code: 'something_else' })).toContain('Sorry, that did not work');
  });
});
