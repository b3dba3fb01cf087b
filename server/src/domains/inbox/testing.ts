// For tests of the ingestion pipeline: the connectors' real fixtures, signed the way each network signs them.
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { hmacSha256 } from '../../connectors/shared/verify.ts';
import { readFixture } from '../../connectors/shared/fixtures.ts';
import { conversations, inboundDeliveries, messages } from '../../db/schema.ts';
import { eventually, type Api, type TestUser } from '../../testing/harness.ts';

const connectors = path.join(import.meta.dirname, '../../connectors');

/** A fixture's bytes, by its path under server/src/connectors (e.g. `meta/fixtures/messenger/messaging-message-basic.json`). */
export function fixture(rel: string): Buffer {
  return readFixture(connectors, rel);
}

/** A fixture as JSON, to derive realistic variants (another author, another comment) from a real payload. */
export function fixtureJson<T = any>(rel: string): T {
  return JSON.parse(fixture(rel).toString('utf8')) as T;
}

/** The signature headers each network sends with a delivery. */
export function signed(network: string, secret: string, body: Buffer): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (network === 'facebook' || network === 'instagram') headers['x-hub-signature-256'] = `sha256=${hmacSha256(secret, body).toString('hex')}`;
  else if (network === 'x') headers['x-twitter-webhooks-signature'] = `sha256=${hmacSha256(secret, body).toString('base64')}`;
  else if (network === 'mastodon') headers['x-hub-signature'] = `sha256=${hmacSha256(secret, body).toString('hex')}`;
  else throw new Error(`no signing for ${network} in tests`);
  return headers;
}

export const SECRETS: Record<string, Record<string, string>> = {
  facebook: { appSecret: 'test-app-secret', verifyToken: 'my-verify-token' },
  instagram: { appSecret: 'test-app-secret', verifyToken: 'my-verify-token' },
  x: { consumerSecret: 'test-consumer-secret' },
  mastodon: { webhookSecret: 'test-webhook-secret' },
};

/** A connected channel of a test workspace, and a way to post signed deliveries to its webhook. */
export async function connect(api: Api, admin: TestUser, network: string, externalId: string) {
  const res = await admin.req('POST', '/api/channels', { network, externalId, name: `${network} ${externalId}`, secrets: SECRETS[network] });
  expect(res.status, res.text).toBe(201);
  const channel = res.body as { id: string; webhookPath: string };
  const secret = Object.values(SECRETS[network]!)[0]!;
  return {
    id: channel.id,
    channel,
    /** POSTs the bytes signed with the channel's secret. */
    send: (body: Buffer | object) => {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
      return api.anon('POST', channel.webhookPath, bytes, signed(network, secret, bytes));
    },
  };
}

/** Waits until the channel has no delivery waiting for its job. */
export async function settled(api: Api, workspaceId: string, channelId: string): Promise<void> {
  await eventually(async () => {
    const waiting = await api.deps.db.select({ id: inboundDeliveries.id }).from(inboundDeliveries)
      .where(and(eq(inboundDeliveries.workspaceId, workspaceId), eq(inboundDeliveries.channelId, channelId), eq(inboundDeliveries.status, 'received')));
    expect(waiting).toHaveLength(0);
  }, 30_000);
}

/** The channel's stored deliveries, conversations and messages, straight from the tables. */
export async function stored(api: Api, workspaceId: string, channelId: string) {
  const db = api.deps.db;
  return {
    deliveries: await db.select().from(inboundDeliveries).where(and(eq(inboundDeliveries.workspaceId, workspaceId), eq(inboundDeliveries.channelId, channelId))),
    conversations: await db.select().from(conversations).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.channelId, channelId))),
    messages: await db.select().from(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.channelId, channelId))),
  };
}
