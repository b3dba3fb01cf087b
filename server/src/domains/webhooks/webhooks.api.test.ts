import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { eventually, useApi } from '../../testing/harness.ts';

const api = useApi();

interface Received { headers: http.IncomingHttpHeaders; body: string }

/** A local receiver on 127.0.0.1 answering each request with the status `answer` picks (by request number). */
async function receiver(answer: (n: number) => number = () => 200) {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      res.statusCode = answer(requests.length);
      res.end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  servers.push(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests };
}

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

/** The signature as a receiver computes it, independently of the server's code. */
function expectedSignature(secret: string, r: Received): string {
  return `sha256=${createHmac('sha256', secret).update(`${r.headers['x-parley-timestamp']}.${r.body}`).digest('hex')}`;
}

describe('outbound webhooks', () => {
  test('a subscribed event arrives signed; the delivery log shows it delivered', async () => {
    const ws = await api.workspace();
    const rx = await receiver();
    const hook = await ws.admin.req('POST', '/api/webhooks', { url: rx.url, eventTypes: ['contact.created'] });
    expect(hook.status).toBe(201);
    const secret: string = hook.body.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(hook.body).toMatchObject({ url: rx.url, eventTypes: ['contact.created'], active: true });

    // Another event type is not delivered to it.
    await ws.admin.req('POST', '/api/companies', { name: 'Not subscribed GmbH' });
    const contact = (await ws.admin.req('POST', '/api/contacts', { firstName: 'Webhook', lastName: 'Tester' })).body;

    const req = await eventually(async () => {
      expect(rx.requests).toHaveLength(1);
      return rx.requests[0]!;
    });
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-parley-event']).toBe('contact.created');
    expect(Math.abs(Number(req.headers['x-parley-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(req.headers['x-parley-signature']).toBe(expectedSignature(secret, req));
    expect(req.headers['x-parley-signature']).not.toBe(expectedSignature('whsec_wrong', req));
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ type: 'contact.created', workspaceId: ws.id, subject: { type: 'contact', id: contact.id } });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.data.after).toMatchObject({ id: contact.id, firstName: 'Webhook', lastName: 'Tester' });
    expect(new Date(body.occurredAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const log = await eventually(async () => {
      const res = await ws.admin.req('GET', `/api/webhooks/${hook.body.id}/deliveries`);
      expect(res.body.items[0].status).toBe('delivered');
      return res.body;
    });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ id: req.headers['x-parley-delivery'], eventId: body.id, eventType: 'contact.created', attempts: 1, responseCode: 200, error: null, nextRetryAt: null });
    expect(log.items[0].deliveredAt).not.toBeNull();

    // The secret never shows again.
    const listed = await ws.admin.req('GET', '/api/webhooks');
    expect(listed.text).not.toContain(secret);
    expect((await ws.admin.req('GET', `/api/webhooks/${hook.body.id}`)).text).not.toContain(secret);
  });

  test('a receiver answering 500 is retried with backoff; the log shows attempts and the next retry; redelivery succeeds', async () => {
    const ws = await api.workspace();
    let failing = true;
    const rx = await receiver(() => (failing ? 500 : 204));
    const hook = (await ws.admin.req('POST', '/api/webhooks', { url: rx.url, eventTypes: ['team.created'] })).body;
    await ws.admin.req('POST', '/api/teams', { name: 'Retry team' });

    const first = await eventually(async () => {
      const res = await ws.admin.req('GET', `/api/webhooks/${hook.id}/deliveries?status=retrying`);
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0];
    });
    expect(first).toMatchObject({ eventType: 'team.created', attempts: 1, responseCode: 500, error: 'HTTP 500' });
    const firstRetryIn = Date.parse(first.nextRetryAt) - Date.now();
    expect(firstRetryIn).toBeGreaterThan(0);
    expect(firstRetryIn).toBeLessThanOrEqual(5_000);

    // The first retry comes after 5 seconds; the next one is scheduled minutes later.
    const second = await eventually(async () => {
      const res = await ws.admin.req('GET', `/api/webhooks/${hook.id}/deliveries`);
      expect(res.body.items[0].attempts).toBe(2);
      return res.body.items[0];
    }, 20_000);
    expect(second).toMatchObject({ status: 'retrying', responseCode: 500 });
    const secondRetryIn = Date.parse(second.nextRetryAt) - Date.now();
    expect(secondRetryIn).toBeGreaterThan(4 * 60_000);
    expect(secondRetryIn).toBeLessThanOrEqual(5 * 60_000);
    expect(rx.requests).toHaveLength(2);
    expect(rx.requests[1]!.headers['x-parley-delivery']).toBe(rx.requests[0]!.headers['x-parley-delivery']);
    expect(rx.requests[1]!.body).toBe(rx.requests[0]!.body);

    failing = false;
    const again = await ws.admin.req('POST', `/api/webhooks/${hook.id}/deliveries/${second.id}/redeliver`);
    expect(again.status).toBe(202);
    const done = await eventually(async () => {
      const res = await ws.admin.req('GET', `/api/webhooks/${hook.id}/deliveries?status=delivered`);
      expect(res.body.items.find((d: { id: string }) => d.id === second.id)).toBeDefined();
      return res.body.items.find((d: { id: string }) => d.id === second.id);
    });
    expect(done).toMatchObject({ attempts: 3, responseCode: 204, error: null, nextRetryAt: null });
  }, 45_000);

  test('a test ping, inactive webhooks, and validation of URLs and event types', async () => {
    const ws = await api.workspace();
    const rx = await receiver();
    const hook = (await ws.admin.req('POST', '/api/webhooks', { url: rx.url, eventTypes: ['contact.created'], active: false })).body;
    await ws.admin.req('POST', '/api/contacts', { firstName: 'Unheard' });

    const ping = await ws.admin.req('POST', `/api/webhooks/${hook.id}/test`);
    expect(ping.status).toBe(202);
    expect(ping.body).toMatchObject({ eventType: 'ping', status: 'pending', attempts: 0 });
    const req = await eventually(async () => {
      expect(rx.requests).toHaveLength(1);
      return rx.requests[0]!;
    });
    expect(req.headers['x-parley-event']).toBe('ping');
    expect(req.headers['x-parley-signature']).toBe(expectedSignature(hook.secret, req));
    expect(JSON.parse(req.body)).toMatchObject({ type: 'ping', subject: { type: 'webhook', id: hook.id } });
    // The inactive webhook got only the ping.
    const log = await ws.admin.req('GET', `/api/webhooks/${hook.id}/deliveries`);
    expect(log.body.items.map((d: { eventType: string }) => d.eventType)).toEqual(['ping']);

    const patched = await ws.admin.req('PATCH', `/api/webhooks/${hook.id}`, { active: true, eventTypes: ['contact.created', 'contact.updated', 'contact.created'] });
    expect(patched.body).toMatchObject({ active: true, eventTypes: ['contact.created', 'contact.updated'] });

    for (const [body, code] of [
      [{ url: 'ftp://example.com/hook', eventTypes: ['*'] }, 'validation_failed'],
      [{ url: rx.url, eventTypes: ['contact.exploded'] }, 'validation_failed'],
      [{ url: rx.url, eventTypes: ['*', 'contact.created'] }, 'validation_failed'],
      [{ url: rx.url, eventTypes: [] }, 'validation_failed'],
    ] as const) {
      const res = await ws.admin.req('POST', '/api/webhooks', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    }

    // Private and loopback targets are refused unless the deployment allows them (tests do).
    api.deps.config.webhooks.allowPrivate = false;
    try {
      const refused = await ws.admin.req('POST', '/api/webhooks', { url: rx.url, eventTypes: ['*'] });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('webhook_url_not_allowed');
      expect((await ws.admin.req('PATCH', `/api/webhooks/${hook.id}`, { url: 'http://169.254.169.254/latest' })).body.error.code).toBe('webhook_url_not_allowed');
      // (Refusal at send time is covered by target.test.ts: on PostgreSQL the delivery job may run in another
      // test file's process, whose configuration this test cannot switch.)
    } finally {
      api.deps.config.webhooks.allowPrivate = true;
    }

    expect((await ws.admin.req('DELETE', `/api/webhooks/${hook.id}`)).status).toBe(204);
    expect((await ws.admin.req('GET', `/api/webhooks/${hook.id}/deliveries`)).status).toBe(404);
  });

  test('only admins manage webhooks; another workspace\'s webhook is not found; writes are audited', async () => {
    const ws = await api.workspace();
    const hook = (await ws.admin.req('POST', '/api/webhooks', { url: 'https://example.com/hook', eventTypes: ['contact.created'], active: false })).body;
    const agent = await ws.user('agent');
    expect((await agent.req('GET', '/api/webhooks')).status).toBe(403);
    expect((await agent.req('POST', '/api/webhooks', { url: 'https://example.com/x', eventTypes: ['*'] })).status).toBe(403);
    expect((await agent.req('POST', `/api/webhooks/${hook.id}/test`)).status).toBe(403);
    const other = await api.workspace();
    expect((await other.admin.req('GET', `/api/webhooks/${hook.id}`)).status).toBe(404);
    expect((await other.admin.req('PATCH', `/api/webhooks/${hook.id}`, { active: true })).status).toBe(404);
    expect((await other.admin.req('GET', `/api/webhooks/${hook.id}/deliveries`)).status).toBe(404);
    expect((await other.admin.req('POST', `/api/webhooks/${hook.id}/test`)).status).toBe(404);

    await ws.admin.req('PATCH', `/api/webhooks/${hook.id}`, { eventTypes: ['*'] });
    const audit = await eventually(async () => {
      const res = await ws.admin.req('GET', `/api/audit?entityType=webhook&entityId=${hook.id}`);
      expect(res.body.items).toHaveLength(2);
      return res.body.items;
    });
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['webhook.updated', 'webhook.created']);
    expect(JSON.stringify(audit)).not.toContain(hook.secret);
    expect(audit[0].after.eventTypes).toEqual(['*']);
  });
});
