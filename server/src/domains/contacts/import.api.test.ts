import { readdirSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { eventually, multipartFile, useApi, type TestUser } from '../../testing/harness.ts';
import { hasSharedData, sharedData } from '../../testing/shared-data.ts';
import { IMPORT_BATCH_ROWS } from './import-service.ts';

const api = useApi();
const samples = sharedData('vcard-samples/');

async function upload(user: TestUser, filename: string, content: Buffer | string) {
  const { body, headers } = multipartFile(filename, content);
  return user.req('POST', '/api/imports', body, headers);
}

async function runToEnd(user: TestUser, id: string, body: Record<string, unknown> = {}) {
  const started = await user.req('POST', `/api/imports/${id}/start`, body);
  expect(started.status).toBe(202);
  return eventually(async () => {
    const r = await user.req('GET', `/api/imports/${id}`);
    expect(['finished', 'failed']).toContain(r.body.status);
    return r.body;
  }, 60_000);
}

describe('CSV import', () => {
  test('recognises a Google export, reports bad rows by line, keeps the good ones, dedupes by e-mail', async () => {
    const ws = await api.workspace();
    await ws.admin.req('POST', '/api/contacts', { firstName: 'Old', lastName: 'Entry', emails: [{ value: 'anna@example.de' }] });
    const csv = [
      'First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Organization Name,Labels',
      'Anna,Schröder,* Work,anna@example.de,Mobile,0171 2345678,Heizung Huber GmbH,Wartungskunde ::: * myContacts',
      'Bernd,Bauer,,not-an-email,,,,',
      'Carla,"Cr"uz,,carla@example.com,,,Acme Ltd,',
      'Dieter,Dorn,,dieter@example.de,,+49 89 1234567,Heizung Huber GmbH,',
      'Dieter,Dorn,,DIETER@example.de,,,,Messe 2026',
    ].join('\r\n');
    const up = await upload(ws.admin, 'google.csv', csv);
    expect(up.status).toBe(201);
    expect(up.body.preset).toBe('google');
    expect(up.body.mapping.find((c: { header: string }) => c.header === 'E-mail 1 - Value').target).toBe('email');
    expect(up.body.preview.length).toBeGreaterThan(0);

    const dry = await runToEnd(ws.admin, up.body.id, { dryRun: true });
    expect(dry.status).toBe('finished');
    expect((await ws.admin.req('GET', '/api/contacts/count')).body.total).toBe(1);

    const done = await runToEnd(ws.admin, up.body.id);
    expect(done.status).toBe('finished');
    expect(done.progress).toBe(1);
    expect(done.rowsUpdated).toBe(1);
    expect(done.rowsFailed).toBeGreaterThanOrEqual(2);
    const errs = (await ws.admin.req('GET', `/api/imports/${up.body.id}/errors`)).body.items;
    expect(errs.map((e: { line: number }) => e.line)).toContain(3);
    expect(errs.find((e: { line: number }) => e.line === 3).code).toBe('invalid_email');
    const list = (await ws.admin.req('GET', '/api/contacts?limit=50')).body;
    const names = list.items.map((i: { lastName: string }) => i.lastName).sort();
    expect(names).toContain('Schröder');
    expect(names.filter((n: string) => n === 'Dorn')).toHaveLength(1);
    const anna = list.items.find((i: { lastName: string }) => i.lastName === 'Schröder');
    expect(anna.company.name).toBe('Heizung Huber GmbH');
    expect(anna.tags).toContain('Wartungskunde');
    const dorn = list.items.find((i: { lastName: string }) => i.lastName === 'Dorn');
    expect(dorn.tags).toContain('Messe 2026');
  }, 120_000);

  test('a file of several batches: duplicates found across batches, bad rows by line, companies by their stored name', async () => {
    const ws = await api.workspace();
    await ws.admin.req('POST', '/api/companies', { name: 'Heizung Huber GmbH' });
    await ws.admin.req('POST', '/api/contacts', { firstName: 'Old', lastName: 'Entry', emails: [{ value: 'old@example.de' }] });
    // Line 1 is the header; line n holds row n - 1, so the second batch starts at line IMPORT_BATCH_ROWS + 2.
    const rows = IMPORT_BATCH_ROWS + 600;
    const last = rows + 1;
    const special: Record<number, string> = {
      2: 'Anna,Alt,anna@example.de,First,HEIZUNG HUBER GMBH',
      3: 'Tess,Tags,tess@example.de,"say ""hi""; back\\slash; {curly}; NULL",',
      [IMPORT_BATCH_ROWS - 10]: 'Old,Entry,OLD@example.de,Imported,',
      [last - 100]: 'Bad,Mail,not-an-email,,',
      [last - 90]: ',,,OnlyTags,',
      // The first row of the second batch: the first batch may still be in flight while this one is read.
      [IMPORT_BATCH_ROWS + 2]: 'Anna,Alt,ANNA@example.de,Second,',
      [last]: 'Anna,Alt,anna@example.de,Third,',
    };
    const lines = ['First Name,Last Name,Email,Tags,Company'];
    for (let line = 2; line <= last; line++) lines.push(special[line] ?? `Person,Number${line},p${line}@example.com,,`);
    const up = await upload(ws.admin, 'people.csv', lines.join('\r\n'));
    expect(up.status).toBe(201);
    const done = await runToEnd(ws.admin, up.body.id);
    expect(done).toMatchObject({ status: 'finished', progress: 1, rowsTotal: rows, rowsFailed: 2, rowsUpdated: 2, rowsCreated: rows - 2 - 3 });

    const errs = (await ws.admin.req('GET', `/api/imports/${up.body.id}/errors`)).body.items;
    expect(errs.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([[last - 100, 'invalid_email'], [last - 90, 'missing_name']]);

    const find = async (email: string) => (await ws.admin.req('GET', `/api/contacts?q=${encodeURIComponent(email)}`)).body.items;
    const anna = await find('anna@example.de');
    expect(anna).toHaveLength(1);
    expect(anna[0].tags).toEqual(['First', 'Second', 'Third']);
    expect(anna[0].company?.name).toBe('Heizung Huber GmbH');
    const old = await find('old@example.de');
    expect(old).toHaveLength(1);
    expect(old[0].tags).toEqual(['Imported']);
    expect((await find('tess@example.de'))[0].tags).toEqual(['say "hi"', 'back\\slash', '{curly}', 'NULL']);
    expect((await find(`p${last - 2}@example.com`))[0].lastName).toBe(`Number${last - 2}`);
    expect((await ws.admin.req('GET', '/api/contacts/count')).body.total).toBe(1 + rows - 2 - 3);
  }, 120_000);

  test('Windows-1252 and UTF-8 with BOM import correctly', async () => {
    const ws = await api.workspace();
    const text = 'Vorname;Nachname;E-Mail;Straße;PLZ;Ort\r\nJürgen;Weiß;jw@example.de;Königstraße 1;70173;Stuttgart\r\n';
    for (const [name, bytes] of [['cp1252.csv', iconv.encode(text, 'windows-1252')], ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace('jw@', 'jw2@'))])]] as const) {
      const up = await upload(ws.admin, name, bytes);
      expect(up.status).toBe(201);
      const done = await runToEnd(ws.admin, up.body.id);
      expect(done.rowsFailed).toBe(0);
    }
    const res = (await ws.admin.req('GET', '/api/contacts?q=Weiss')).body.items;
    expect(res).toHaveLength(2);
    expect(res.every((r: { lastName: string; firstName: string; city: string }) => r.lastName === 'Weiß' && r.firstName === 'Jürgen' && r.city === 'Stuttgart')).toBe(true);
  });

  test('bad uploads get clear errors', async () => {
    const ws = await api.workspace();
    expect((await upload(ws.admin, 'empty.csv', '')).body.error.code).toBe('empty_file');
    const notMultipart = await ws.admin.req('POST', '/api/imports', { file: 'x' });
    expect(notMultipart.status).toBe(400);
    const agentless = await ws.user('expert');
    expect((await upload(agentless, 'a.csv', 'a,b\n1,2\n')).status).toBe(403);
  });
});

describe.runIf(hasSharedData)('vCard import', () => {
  test('every sample file imports with names, e-mails and phones', async () => {
    const ws = await api.workspace();
    const files = readdirSync(samples).filter((f) => /\.(vcf|json|xml)$/.test(f));
    expect(files.length).toBeGreaterThan(15);
    let cards = 0;
    for (const f of files) {
      const up = await upload(ws.admin, f, readFileSync(new URL(f, samples)));
      expect(up.status, `${f}: ${up.text}`).toBe(201);
      const done = await runToEnd(ws.admin, up.body.id);
      expect(done.status, f).toBe('finished');
      cards += done.rowsCreated + done.rowsUpdated;
    }
    expect(cards).toBeGreaterThan(20);
    const doe = (await ws.admin.req('GET', '/api/contacts?q=John%20Doe')).body.items;
    expect(doe.length).toBeGreaterThan(0);
  }, 180_000);
});
