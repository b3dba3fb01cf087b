import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { InboundEvent } from '@parley/contracts/channels';
import { apiConnector } from './api/connector.ts';
import { blueskyConnector } from './bluesky/connector.ts';
import { emailConnector } from './email/connector.ts';
import { readMail } from './email/parse.ts';
import { linkedInConnector } from './linkedin/connector.ts';
import { mastodonConnector } from './mastodon/connector.ts';
import { metaConnector } from './meta/connector.ts';
import { CONNECTORS } from './registry.ts';
import { MalformedDelivery } from './shared/delivery.ts';
import { listFixtures, readFixture } from './shared/fixtures.ts';
import { mutants, prng } from './shared/mutants.ts';
import type { Connector } from './types.ts';
import { xConnector } from './x/connector.ts';

// Fuzzed and mutilated deliveries must never stop the pipeline: parseDelivery returns contract-valid events or throws
// MalformedDelivery, nothing else, and never takes long. Seeds are each network's real fixtures; LinkedIn has none
// (fixtures/SOURCE.md) and Bluesky's are bare records, so their envelopes are built around the documented shapes.

const fixtures = (network: string, skip: (f: string) => boolean = () => false) => {
  const dir = path.join(import.meta.dirname, network, 'fixtures');
  return listFixtures(dir, ['.json', '.txt']).filter((f) => !skip(f)).map((f) => readFixture(dir, f));
};
const blueskyRecords = fixtures('bluesky', (f) => !f.startsWith('posts-guide-'))
  .filter((b) => (JSON.parse(b.toString('utf8')) as { $type?: string }).$type === 'app.bsky.feed.post');
const uri = 'at://did:plc:u5cwb2mwiv2bfq53cjufe6yn/app.bsky.feed.post/3k4duaz5vfs2b';
const seeds: [string, Connector, Buffer[]][] = [
  ['meta', metaConnector, fixtures('meta', (f) => f.startsWith('verification/'))],
  ['x', xConnector, fixtures('x', (f) => f.startsWith('crc/'))],
  ['linkedin', linkedInConnector, [Buffer.from(JSON.stringify({
    type: 'ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS',
    notifications: [
      { notificationId: 1001, organizationalEntity: 'urn:li:organization:1', action: 'COMMENT', lastModifiedAt: 1700000000000, sourcePost: 'urn:li:share:7', generatedActivity: 'urn:li:comment:(urn:li:activity:7,9)', decoratedGeneratedActivity: { comment: { owner: 'urn:li:person:a', text: 'hi' } } },
      { notificationId: 1002, organizationalEntity: 'urn:li:organization:1', action: 'LIKE', lastModifiedAt: 1700000000000, sourcePost: 'urn:li:share:7' },
    ],
  }))]],
  ['mastodon', mastodonConnector, fixtures('mastodon')],
  ['bluesky', blueskyConnector, blueskyRecords.flatMap((record) => [
    Buffer.from(JSON.stringify({ notifications: [{ uri, author: { did: 'did:plc:a', handle: 'a.bsky.social' }, reason: 'mention', record: JSON.parse(record.toString('utf8')), indexedAt: '2024-01-01T00:00:00.000Z' }] })),
    Buffer.from(JSON.stringify({ did: 'did:plc:a', time_us: 1725911162329308, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: '3k4', record: JSON.parse(record.toString('utf8')) } })),
  ])],
  ['api', apiConnector, fixtures('api')],
  // E-mail deliveries are the JSON the SMTP receiver stores for each real mail of the fixtures.
  ['email', emailConnector, await Promise.all(listFixtures(path.join(import.meta.dirname, 'email', 'fixtures'), ['.eml'])
    .map(async (f) => Buffer.from(JSON.stringify(await readMail(readFixture(path.join(import.meta.dirname, 'email', 'fixtures'), f))))))],
];
const PER_NETWORK = 400;

test('every connector is fuzzed', () => {
  expect(seeds.map(([, connector]) => connector)).toEqual([...CONNECTORS]);
  for (const [, , bodies] of seeds) expect(bodies.length).toBeGreaterThan(0);
});

describe.each(seeds)('%s: mutilated deliveries', (name, connector, bodies) => {
  test(`${PER_NETWORK} mutants parse into valid events or a MalformedDelivery, each within 500 ms`, () => {
    const outcomes = { parsed: 0, malformed: 0 };
    let slowest = 0;
    for (const mutant of mutants(bodies, PER_NETWORK, name.length * 7919)) {
      const started = performance.now();
      try {
        const { events, deliveryKey } = connector.parseDelivery(mutant.body, {}, { channelExternalId: 'channel-1', receivedAt: new Date('2025-03-01T12:00:00Z') });
        expect(typeof deliveryKey).toBe('string');
        for (const event of events) expect(InboundEvent.safeParse(event).success, mutant.name).toBe(true);
        outcomes.parsed++;
      } catch (err) {
        if (!(err instanceof MalformedDelivery)) throw new Error(`${name} ${mutant.name}: ${String(err)}`, { cause: err });
        outcomes.malformed++;
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
    expect(slowest).toBeLessThan(500);
    // Both outcomes occur: the mutants reach past the JSON parser into the mappers.
    expect(outcomes.parsed).toBeGreaterThan(PER_NETWORK / 10);
    expect(outcomes.malformed).toBeGreaterThan(PER_NETWORK / 10);
  }, 60_000);

  test('the original fixtures never fail the event contract', () => {
    for (const body of bodies) {
      try {
        connector.parseDelivery(body, {}, { channelExternalId: 'channel-1' });
      } catch (err) {
        expect(err).toBeInstanceOf(MalformedDelivery);
        // Only the published-as-broken X example and non-delivery documents may be refused.
        expect((err as MalformedDelivery).reason).toMatch(/invalid_json|unsupported/);
      }
    }
  });
});

describe.each(CONNECTORS.filter((c) => c.verifyWebhook !== null).map((c) => [c.networks.join('+'), c] as const))('%s: verifyWebhook on garbage', (_name, connector) => {
  test('never throws and always gives a verdict', () => {
    const rand = prng(42);
    const values = [undefined, '', 'sha256=', 'sha256=zz', 'v1=', 'hmacsha256=', '\u0000', 'x'.repeat(10_000), ['a', 'b'], [], '1735732800', '-1', '99999999999999999999'];
    const pick = () => values[Math.floor(rand() * values.length)] as string | string[] | undefined;
    for (let i = 0; i < 300; i++) {
      const verdict = connector.verifyWebhook!({
        method: ['GET', 'POST', 'PUT', ''][i % 4]!,
        headers: { 'x-hub-signature-256': pick(), 'x-twitter-webhooks-signature': pick(), 'x-li-signature': pick(), 'x-hub-signature': pick(), 'x-parley-signature': pick(), 'x-parley-timestamp': pick() },
        query: { 'hub.mode': pick(), 'hub.verify_token': pick(), 'hub.challenge': pick(), crc_token: pick(), challengeCode: pick() },
        rawBody: Buffer.from(String(pick() ?? '')),
      }, { appSecret: 's', verifyToken: 't', consumerSecret: 'c', clientSecret: 'l', webhookSecret: 'w', signingSecret: 'a' });
      expect(['delivery', 'challenge', 'rejected']).toContain(verdict.outcome);
      // Garbage is never a signed delivery.
      expect(verdict.outcome).not.toBe('delivery');
    }
  });
});
