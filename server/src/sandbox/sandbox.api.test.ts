import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { classifyText } from '../domains/inbox/classify.ts';
import { inboundDeliveries, messages } from '../db/schema.ts';
import { eventually, useApi } from '../testing/harness.ts';
import { sandboxNetwork } from './network.ts';
import { ensureSandboxChannels, findDemoWorkspace, localOrigin, sandboxWorkspace, signDelivery, startSandbox, type SandboxRun } from './runner.ts';
import { generateTraffic, SANDBOX_NETWORKS, TRAFFIC_INTENTS } from './traffic.ts';

const api = useApi({ PARLEY_SANDBOX: 'true' });
let baseUrl: string;
const runs: SandboxRun[] = [];

// The sandbox posts to the webhooks over HTTP and the connectors' clients call the imitation over HTTP: the test app
// listens on a port of its own.
beforeAll(async () => {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = localOrigin(api.app.server);
});
afterAll(async () => {
  for (const run of runs) await run.stop();
});

test('the generator is deterministic, covers every intent, network and language, and the baseline classifier agrees', () => {
  const a = generateTraffic({ seed: 7, count: 300 });
  expect(generateTraffic({ seed: 7, count: 300 })).toEqual(a);
  expect(generateTraffic({ seed: 8, count: 300 }).map((m) => m.text)).not.toEqual(a.map((m) => m.text));
  expect(new Set(a.map((m) => m.intent))).toEqual(new Set(TRAFFIC_INTENTS));
  expect(new Set(a.map((m) => m.network))).toEqual(new Set(SANDBOX_NETWORKS));
  expect(new Set(a.map((m) => m.language))).toEqual(new Set(['de', 'en']));
  expect(new Set(a.map((m) => `${m.network}:${m.kind}`))).toContain('facebook:private');
  expect(a.some((m) => m.threadWith !== null)).toBe(true);
  for (const m of a) expect(classifyText(m.text), m.text).toMatchObject({ intent: m.intent, language: m.language });
  // Names the workspace knows show up among the authors.
  const known = generateTraffic({ seed: 7, count: 300, people: [{ firstName: 'Greta', lastName: 'Sonnenschein' }] });
  expect(known.some((m) => m.author.name === 'Greta Sonnenschein')).toBe(true);
});

test('the sandbox plays only the demo workspace unless a workspace is named', async () => {
  const ws = await api.workspace();
  expect(await findDemoWorkspace(api.deps)).toBeNull();
  await expect(sandboxWorkspace(api.deps)).rejects.toThrow(/no demo workspace/);
  expect(await sandboxWorkspace(api.deps, ws.slug)).toEqual({ id: ws.id, slug: ws.slug });
});

test('the sandbox posts signed traffic that becomes conversations; an agent\'s reply reaches the imitation and is sent; the customer answers', async () => {
  const ws = await api.workspace();
  // Seed 13's first 16 messages reach all five networks, in public and private, with a thread on Facebook.
  const run = await startSandbox(api.deps, { workspaceId: ws.id, baseUrl, seed: 13, burst: 16, ratePerMinute: 0, followUpChance: 1, followUpDelayMs: 500, runId: '4242' });
  runs.push(run);
  await run.burstDone;
  expect(run.posted()).toBe(16);

  // Five channels, named as sandbox, with their replies pointed at the imitation; setting them up again changes nothing.
  const listed = await ws.admin.req('GET', '/api/channels?limit=50');
  expect(listed.body.items.map((c: { name: string }) => c.name).sort()).toEqual([
    'Wärmewerk Web-Chat (Sandbox)', 'Wärmewerk auf Facebook (Sandbox)', 'Wärmewerk auf Instagram (Sandbox)', 'Wärmewerk auf Mastodon (Sandbox)', 'Wärmewerk auf X (Sandbox)',
  ]);
  expect(run.channels.every((c) => c.row.settings.apiBaseUrl === `${baseUrl}/sandbox/${c.network}`)).toBe(true);
  const again = await ensureSandboxChannels(api.deps, ws.id, baseUrl);
  expect(again.created).toBe(false);
  expect(again.channels.map((c) => c.row.id)).toEqual(run.channels.map((c) => c.row.id));
  expect(again.channels.map((c) => c.secrets)).toEqual(run.channels.map((c) => c.secrets));

  // Every delivery verified, stored and processed into a message of the inbox.
  const channelIds = run.channels.map((c) => c.row.id);
  await eventually(async () => {
    const rows = await api.deps.db.select({ status: inboundDeliveries.status, error: inboundDeliveries.error }).from(inboundDeliveries)
      .where(and(eq(inboundDeliveries.workspaceId, ws.id), inArray(inboundDeliveries.channelId, channelIds)));
    expect(rows).toHaveLength(16);
    expect(rows.filter((r) => r.status !== 'processed')).toEqual([]);
  }, 30_000);
  const inbound = await api.deps.db.select({ id: messages.id }).from(messages).where(and(eq(messages.workspaceId, ws.id), eq(messages.direction, 'inbound')));
  expect(inbound).toHaveLength(16);
  const agent = await ws.user('agent');
  const list = await agent.req('GET', '/api/conversations?limit=100');
  expect(list.status, list.text).toBe(200);
  const conversations = list.body.items as { id: string; channelId: string; kind: string; intent: string | null }[];
  expect(conversations.length).toBeGreaterThan(5);
  expect(new Set(conversations.map((c) => c.intent)).size).toBeGreaterThan(2);

  // Messenger and Instagram direct messages carry only the sender's id: the profile is fetched from the network.
  const metaDms = conversations.filter((c) => c.kind === 'private' && ['facebook', 'instagram'].includes(run.channels.find((ch) => ch.row.id === c.channelId)!.network));
  expect(metaDms.length).toBeGreaterThan(0);
  await eventually(async () => {
    const named = (await agent.req('GET', '/api/conversations?limit=100')).body.items as { id: string; author: { displayName: string | null } | null }[];
    for (const dm of metaDms) expect(named.find((c) => c.id === dm.id)!.author?.displayName).toBeTruthy();
  });

  // A forged delivery is refused: the sandbox's signatures are what make them pass.
  const fb = run.channels.find((c) => c.network === 'facebook')!;
  const forged = await fetch(`${baseUrl}/api/channels/${fb.row.id}/webhook`, { method: 'POST', body: '{"object":"page","entry":[]}', headers: signDelivery('facebook', { appSecret: 'wrong' }, Buffer.from('{"object":"page","entry":[]}')) });
  expect(forged.status).toBe(401);

  // An agent answers one conversation per network that has one; each reply reaches the imitation and becomes sent.
  const byChannel = new Map(run.channels.map((c) => [c.row.id, c.network]));
  const picked = new Map<string, { id: string; channelId: string }>();
  for (const c of conversations) if (!picked.has(byChannel.get(c.channelId)!)) picked.set(byChannel.get(c.channelId)!, c);
  expect([...picked.keys()].sort()).toEqual([...SANDBOX_NETWORKS].sort());
  const replies: { network: string; conversationId: string; id: string; text: string; inboundBefore: number }[] = [];
  for (const [network, c] of picked) {
    const text = `Danke für Ihre Nachricht (${network}), wir kümmern uns darum.`;
    const before = await agent.req('GET', `/api/conversations/${c.id}`);
    const inboundBefore = (before.body.messages as { direction: string }[]).filter((m) => m.direction === 'inbound').length;
    const res = await agent.req('POST', `/api/conversations/${c.id}/replies`, { text });
    expect(res.status, res.text).toBe(201);
    replies.push({ network, conversationId: c.id, id: res.body.id, text, inboundBefore });
  }
  for (const r of replies) {
    await eventually(async () => {
      const detail = await agent.req('GET', `/api/conversations/${r.conversationId}`);
      const m = detail.body.messages.find((x: { id: string }) => x.id === r.id);
      expect(m, `${r.network}: ${JSON.stringify(detail.body.messages)}`).toMatchObject({ sendStatus: 'sent', sendError: null });
    }, 20_000);
  }
  const outbox = await api.anon('GET', '/sandbox/outbox?limit=100');
  expect(outbox.status).toBe(200);
  for (const r of replies) {
    expect(outbox.body.items, r.network).toContainEqual(expect.objectContaining({ network: r.network, text: expect.stringContaining(r.text) }));
  }

  // Every customer answers (followUpChance 1): a new customer message arrives in the same conversation.
  for (const r of replies) {
    await eventually(async () => {
      const detail = await agent.req('GET', `/api/conversations/${r.conversationId}`);
      const inboundNow = (detail.body.messages as { direction: string }[]).filter((m) => m.direction === 'inbound').length;
      expect(inboundNow, `${r.network}: ${JSON.stringify(detail.body.messages)}`).toBe(r.inboundBefore + 1);
    }, 20_000);
  }

  // A private reply to a Facebook comment and a moderation action take the imitation's Graph API too.
  const fbComment = conversations.find((c) => c.channelId === fb.row.id && c.kind === 'public')!;
  expect(fbComment).toBeDefined();
  const res = await agent.req('POST', `/api/conversations/${fbComment.id}/replies`, { text: 'Schicken Sie uns bitte Ihre Kundennummer per Nachricht.', private: true });
  expect(res.status, res.text).toBe(201);
  await eventually(async () => expect(sandboxNetwork.calls.some((c) => c.action === 'private_reply' && c.text === 'Schicken Sie uns bitte Ihre Kundennummer per Nachricht.')).toBe(true));
  const detail = await agent.req('GET', `/api/conversations/${fbComment.id}`);
  const customer = detail.body.messages.find((m: { direction: string }) => m.direction === 'inbound');
  const hidden = await agent.req('POST', `/api/messages/${customer.id}/moderate`, { action: 'hide' });
  expect(hidden.status, hidden.text).toBe(200);
  expect(sandboxNetwork.calls.at(-1)).toMatchObject({ network: 'facebook', action: 'hide' });
}, 60_000);
