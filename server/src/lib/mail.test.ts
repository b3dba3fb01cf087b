import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { createLogger } from './logger.ts';
import { sendMail } from './mail.ts';

test('without SMTP_URL each mail is written as an .eml file a mail program opens', async () => {
  const dropDir = path.join(await mkdtemp(path.join(tmpdir(), 'parley-mail-')), 'mail');
  const config = { mail: { smtpUrl: undefined, from: 'Parley <no-reply@example.com>', dropDir } };
  const sent = await sendMail({ config, log: createLogger('silent') }, {
    to: 'anna@example.com', subject: 'Bitte bestätigen', text: 'Hallo Anna,\nbitte bestätigen: https://example.com/x?token=a.b', html: '<p>Hallo</p>',
    headers: { 'List-Unsubscribe': '<https://example.com/w>' },
  });
  expect(sent.file).toBeDefined();
  expect(path.dirname(sent.file!)).toBe(dropDir);
  expect(await readdir(dropDir)).toEqual([path.basename(sent.file!)]);
  const eml = await readFile(sent.file!, 'utf8');
  expect(eml).toMatch(/^From: Parley <no-reply@example.com>$/m);
  expect(eml).toMatch(/^To: anna@example.com$/m);
  expect(eml).toMatch(/^List-Unsubscribe: <https:\/\/example.com\/w>$/m);
  expect(eml).toContain(`Message-ID: ${sent.messageId}`);
  expect(eml).toContain('text/html');
  // A second mail is a second file.
  await sendMail({ config, log: createLogger('silent') }, { to: 'ben@example.com', subject: 'x', text: 'y' });
  expect(await readdir(dropDir)).toHaveLength(2);
});
