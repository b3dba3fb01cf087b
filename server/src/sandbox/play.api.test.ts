import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { channels, inboundDeliveries } from '../db/schema.ts';
import { pollChannel } from '../domains/inbox/backfill.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../mail-in/receiver.ts';
import { eventually, useApi } from '../testing/harness.ts';
import { sandboxNetwork } from './network.ts';
import { playSandbox, type PlayRun } from './play.ts';
import { localOrigin } from './runner.ts';

// What `npm run parley -- sandbox --url …` runs, against this file's app as "the running Parley": every network of the
// demo, with the networks' imitation served by the sandbox's own server (not the app's /sandbox).

const api = useApi({ PARLEY_SANDBOX: 'true' });
let baseUrl: string;
let receiver: SmtpReceiver;
const runs: PlayRun[] = [];

beforeAll(async () => {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = localOrigin(api.app.server);
  receiver = await startSmtpReceiver(api.deps, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const run of runs) await run.stop();
  await receiver?.close();
});

test('the CLI\'s sandbox plays all eight networks against a running Parley, prints what it does, answers replies itself and stops cleanly', async () => {
  const ws = await api.workspace();
  const lines: string[] = [];
  const run = await playSandbox(api.deps, {
    workspaceId: ws.id, parleyUrl: baseUrl, smtp: { host: '127.0.0.1', port: receiver.port }, imitation: { host: '127.0.0.1', port: 0 },
    burst: 16, ratePerMinute: 0, print: (l) => lines.push(l), seed: 13, runId: '5151', followUpChance: 1, followUpDelayMs: 300,
  });
  runs.push(run);
  await run.burstDone;
  expect(run.imitationUrl).not.toBe(baseUrl);
  expect(run.channels.map((c) => c.network)).toEqual(['facebook', 'instagram', 'x', 'mastodon', 'api', 'email', 'linkedin', 'bluesky']);
  expect(run.posted()).toBe(16 + 6);
  // Set up: one line per channel, saying how its traffic reaches Parley; then one line per message sent.
  expect(lines.filter((l) => l.startsWith('  ')).join('\n')).toMatch(/Facebook .*webhook http:.*\/api\/channels\/.*\/webhook[\s\S]*E-mail .*mail to 127\.0\.0\.1:\d+[\s\S]*LinkedIn .*polled/);
  const sent = lines.filter((l) => l.startsWith('→'));
  expect(sent).toHaveLength(22);
  for (const label of ['Facebook', 'Instagram', 'X ', 'Mastodon', 'Web chat', 'E-mail', 'LinkedIn', 'Bluesky']) expect(sent.some((l) => l.startsWith(`→ ${label}`)), label).toBe(true);

  // The channels' clients call the sandbox's own imitation while it plays.
  const rows = await api.deps.db.select().from(channels).where(and(eq(channels.workspaceId, ws.id), inArray(channels.id, run.channels.map((c) => c.id))));
  expect(rows.filter((c) => c.network !== 'email').every((c) => c.settings.apiBaseUrl === `${run.imitationUrl}/sandbox/${c.network}`)).toBe(true);

  // Parley takes every network's traffic through its real pipeline (LinkedIn and Bluesky when its backfill polls).
  for (const c of run.channels.filter((x) => x.network === 'linkedin' || x.network === 'bluesky')) await pollChannel(api.deps, ws.id, c.id, { force: true });
  await eventually(async () => {
    const stored = await api.deps.db.select({ status: inboundDeliveries.status, channelId: inboundDeliveries.channelId }).from(inboundDeliveries)
      .where(and(eq(inboundDeliveries.workspaceId, ws.id), inArray(inboundDeliveries.channelId, run.channels.map((c) => c.id))));
    expect(new Set(stored.map((r) => r.channelId)).size).toBe(8);
    expect(stored.filter((r) => r.status !== 'processed')).toEqual([]);
  }, 30_000);

  // An agent answers a Facebook comment: the reply reaches the sandbox's imitation (not the app's), is printed, and
  // the customer writes back.
  const agent = await ws.user('agent');
  const fb = run.channels.find((c) => c.network === 'facebook')!;
  const list = (await agent.req('GET', `/api/conversations?channelId=${fb.id}&limit=50`)).body.items as { id: string; kind: string }[];
  const thread = list.find((c) => c.kind === 'public')!;
  const before = (await agent.req('GET', `/api/conversations/${thread.id}`)).body.messages.filter((m: { direction: string }) => m.direction === 'inbound').length;
  const appCalls = sandboxNetwork.calls.length;
  const reply = await agent.req('POST', `/api/conversations/${thread.id}/replies`, { text: 'Danke für Ihren Hinweis, wir kümmern uns darum.' });
  expect(reply.status, reply.text).toBe(201);
  await eventually(async () => expect(lines.some((l) => l.startsWith('← Facebook  reply') && l.includes('wir kümmern uns darum'))).toBe(true), 20_000);
  expect(run.network.calls.some((c) => c.text === 'Danke für Ihren Hinweis, wir kümmern uns darum.')).toBe(true);
  expect(sandboxNetwork.calls.length).toBe(appCalls);
  expect(run.received()).toBeGreaterThanOrEqual(1);
  await eventually(async () => {
    const inbound = (await agent.req('GET', `/api/conversations/${thread.id}`)).body.messages.filter((m: { direction: string }) => m.direction === 'inbound').length;
    expect(inbound).toBe(before + 1);
  }, 20_000);

  // Stopped: nothing more is sent, its imitation is gone, and the channels call the app's own /sandbox again.
  await run.stop();
  const posted = run.posted();
  await expect(fetch(`${run.imitationUrl}/sandbox/outbox`)).rejects.toThrow();
  const after = await api.deps.db.select().from(channels).where(and(eq(channels.workspaceId, ws.id), inArray(channels.id, run.channels.map((c) => c.id))));
  for (const c of after) expect(c.settings.apiBaseUrl, c.network).toBe(`${baseUrl}/sandbox/${c.network}`);
  await new Promise((r) => setTimeout(r, 500));
  expect(run.posted()).toBe(posted);
  await run.stop();
});
