import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { multipartFile, useApi, type TestUser } from '../testing/harness.ts';
import { startLocalS3 } from './fixtures/s3-server.ts';

// The app with PARLEY_STORAGE=s3 against a real S3-compatible server: room documents and comment attachments go into
// the bucket, come back byte for byte through the API (after its membership checks), and go when deleted.
const s3 = await startLocalS3('parley-api');
const api = useApi({
  PARLEY_STORAGE: 's3', PARLEY_S3_BUCKET: s3.bucket, PARLEY_S3_ENDPOINT: s3.endpoint, PARLEY_S3_REGION: s3.region,
  PARLEY_S3_ACCESS_KEY_ID: s3.accessKeyId, PARLEY_S3_SECRET_ACCESS_KEY: s3.secretAccessKey, PARLEY_S3_PREFIX: 'parley/',
});
afterAll(async () => { await s3.close(); });

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A download's raw bytes (the harness's helper reads text). */
async function download(user: TestUser, url: string) {
  const res = await api.app.inject({ method: 'GET', url, headers: { cookie: user.cookie } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload };
}

test('room documents: uploaded into the bucket, downloaded byte for byte by members only, limits kept', async () => {
  expect(api.deps.config.files).toMatchObject({ kind: 's3', bucket: s3.bucket, prefix: 'parley/', forcePathStyle: true });
  const ws = await api.workspace();
  const owner = await ws.user('agent');
  const outsider = await ws.user('sales');
  const room = await owner.req('POST', '/api/rooms', { name: 'Technik', visibility: 'private' });
  expect(room.status, room.text).toBe(201);
  const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024)]);
  const up = multipartFile('Schaltplan.pdf', content, 'application/pdf');
  const doc = await owner.req('POST', `/api/rooms/${room.body.id}/documents`, up.body, up.headers);
  expect(doc.status, doc.text).toBe(201);
  expect(doc.body).toMatchObject({ name: 'Schaltplan.pdf', size: content.length, currentVersion: 1 });
  const v2content = randomBytes(1024 * 1024);
  const up2 = multipartFile('Schaltplan.pdf', v2content, 'application/pdf');
  expect((await owner.req('POST', `/api/documents/${doc.body.id}/versions`, up2.body, up2.headers)).status).toBe(201);

  // Both versions are objects in the bucket under the prefix and the workspace; nothing went to the data folder.
  const keys = await s3.keys(`parley/${ws.id}/rooms/${room.body.id}/${doc.body.id}/`);
  expect(keys).toHaveLength(2);
  expect(existsSync(path.join(api.deps.config.dataDir, 'files', ws.id))).toBe(false);

  const v1 = await download(owner, `/api/documents/${doc.body.id}/versions/1/download`);
  expect(v1.status).toBe(200);
  expect(v1.headers['content-type']).toBe('application/pdf');
  expect(v1.headers['content-length']).toBe(String(content.length));
  expect(v1.headers['content-disposition']).toContain('attachment');
  expect(sha(v1.bytes)).toBe(sha(content));
  expect(sha((await download(owner, `/api/documents/${doc.body.id}/versions/2/download`)).bytes)).toBe(sha(v2content));
  // The API checks membership before it reads the bucket: a non-member of the private room gets nothing.
  expect((await download(outsider, `/api/documents/${doc.body.id}/versions/1/download`)).status).toBe(404);

  const big = multipartFile('big.pdf', Buffer.alloc(25 * 1024 * 1024 + 10, 1), 'application/pdf');
  const tooBig = await owner.req('POST', `/api/rooms/${room.body.id}/documents`, big.body, big.headers);
  expect(tooBig.status).toBe(413);
  expect(tooBig.body.error.code).toBe('document_too_large');
  const empty = multipartFile('empty.pdf', Buffer.alloc(0), 'application/pdf');
  expect((await owner.req('POST', `/api/rooms/${room.body.id}/documents`, empty.body, empty.headers)).body.error.code).toBe('document_empty');
  // Neither left an object behind.
  expect(await s3.keys(`parley/${ws.id}/rooms/${room.body.id}/`)).toEqual(keys);
}, 60_000);

test('comment attachments: into the bucket, back byte for byte, gone from the bucket with the comment', async () => {
  const ws = await api.workspace();
  const sales = await ws.user('sales');
  const contact = await ws.admin.req('POST', '/api/contacts', { firstName: 'Lea', lastName: 'Brandt' });
  expect(contact.status, contact.text).toBe(201);
  const comment = await sales.req('POST', `/api/records/contact/${contact.body.id}/comments`, { body: 'Foto vom Zählerstand' });
  expect(comment.status, comment.text).toBe(201);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2 * 1024 * 1024)]);
  const up = multipartFile('zaehler.png', png, 'image/png');
  const added = await sales.req('POST', `/api/comments/${comment.body.id}/attachments`, up.body, up.headers);
  expect(added.status, added.text).toBe(201);
  const att = added.body.attachments[0];
  expect(att).toMatchObject({ name: 'zaehler.png', contentType: 'image/png', size: png.length });
  const objectKey = `parley/${ws.id}/${att.key}`;
  expect(await s3.head(objectKey)).toEqual({ size: png.length, contentType: 'image/png' });

  const got = await download(ws.admin, att.url);
  expect(got.status).toBe(200);
  expect(got.headers['content-type']).toBe('image/png');
  expect(got.headers['content-length']).toBe(String(png.length));
  expect(sha(got.bytes)).toBe(sha(png));
  const other = await api.workspace();
  expect((await download(other.admin, att.url)).status).toBe(404);

  const big = multipartFile('big.png', Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'image/png');
  const tooBig = await sales.req('POST', `/api/comments/${comment.body.id}/attachments`, big.body, big.headers);
  expect(tooBig.status).toBe(413);
  expect(tooBig.body.error.code).toBe('attachment_too_large');
  expect(await s3.keys(`parley/${ws.id}/`)).toEqual([objectKey]);

  expect((await sales.req('DELETE', `/api/comments/${comment.body.id}`)).status).toBe(204);
  expect(await s3.keys(`parley/${ws.id}/`)).toEqual([]);
  expect((await download(ws.admin, att.url)).status).toBe(404);
}, 60_000);

test('erasing a person (GDPR) deletes the files attached to comments about them from the bucket', async () => {
  const ws = await api.workspace();
  const contact = await ws.admin.req('POST', '/api/contacts', { firstName: 'Ole', lastName: 'Sanders' });
  expect(contact.status, contact.text).toBe(201);
  const comment = await ws.admin.req('POST', `/api/records/contact/${contact.body.id}/comments`, { body: 'Vertrag unterschrieben' });
  const up = multipartFile('vertrag.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(64 * 1024)]), 'application/pdf');
  const added = await ws.admin.req('POST', `/api/comments/${comment.body.id}/attachments`, up.body, up.headers);
  expect(added.status, added.text).toBe(201);
  expect(await s3.keys(`parley/${ws.id}/`)).toEqual([`parley/${ws.id}/${added.body.attachments[0].key}`]);

  const erased = await ws.admin.req('POST', `/api/contacts/${contact.body.id}/erase`, { confirm: 'Ole Sanders' });
  expect(erased.status, erased.text).toBe(200);
  expect(erased.body.erased.comments).toBe(1);
  expect(await s3.keys(`parley/${ws.id}/`)).toEqual([]);
}, 60_000);
