import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundDeliveries } from '../db/schema.ts';
import { pollChannel } from '../domains/inbox/backfill.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../mail-in/receiver.ts';
import { eventually, useApi } from '../testing/harness.ts';
import { sandboxNetwork } from './network.ts';
import { startPulledSandbox, type PulledRun } from './pulled.ts';
import { localOrigin } from './runner.ts';

// The sandbox's e-mail, LinkedIn and Bluesky end to end: mail over SMTP into Parley's receiver, LinkedIn and Bluesky
// items polled by the real backfill from the imitation's read APIs; an agent's answers reach the imitation (and the
// customers' mail server) and every customer answers back into the same conversation.

const api = useApi({ PARLEY_SANDBOX: 'true' });
let baseUrl: string;
let receiver: SmtpReceiver;
let run: PulledRun | undefined;

beforeAll(async () => {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = localOrigin(api.app.server);
  receiver = await startSmtpReceiver(api.deps, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await run?.stop();
  await receiver?.close();
});

test('mail, LinkedIn comments and Bluesky replies become conversations; answers go out; customers answer back', async () => {
  const ws = await api.workspace();
  run = await startPulledSandbox(api.deps, { workspaceId: ws.id, baseUrl, smtpPort: receiver.port, seed: 5, burst: 8, ratePerMinute: 0, followUpChance: 1, followUpDelayMs: 300, runId: '777' });
  await run.burstDone;
  expect(run.posted()).toBe(8);
  expect(run.channels.map((c) => c.network)).toEqual(['email', 'linkedin', 'bluesky']);
  // A mailbox of this workspace's own (the receiver stores a mail for every channel of its address, in any workspace).
  expect(run.channels[0]!.row.externalId).toBe(`service+${ws.slug}@waermewerk.example`);
  const byNetwork = new Map(run.channels.map((c) => [c.network, c.row.id]));
  const pollAll = async () => {
    for (const n of ['linkedin', 'bluesky'] as const) await pollChannel(api.deps, ws.id, byNetwork.get(n)!, { force: true });
  };
  await pollAll();
  await eventually(async () => {
    const rows = await api.deps.db.select({ status: inboundDeliveries.status, channelId: inboundDeliveries.channelId }).from(inboundDeliveries)
      .where(and(eq(inboundDeliveries.workspaceId, ws.id), inArray(inboundDeliveries.channelId, [...byNetwork.values()])));
    expect(new Set(rows.map((r) => r.channelId)).size).toBe(3);
    expect(rows.filter((r) => r.status !== 'processed')).toEqual([]);
  }, 30_000);

  const agent = await ws.user('agent');
  const list = (await agent.req('GET', '/api/conversations?limit=100')).body.items as { id: string; channelId: string; subject: string | null }[];
  const picked = new Map<string, { id: string; subject: string | null }>();
  for (const c of list) for (const [n, id] of byNetwork) if (c.channelId === id && !picked.has(n)) picked.set(n, c);
  expect([...picked.keys()].sort()).toEqual(['bluesky', 'email', 'linkedin']);
  expect(picked.get('email')!.subject).toBeTruthy();

  const replies: { network: string; conversationId: string; inboundBefore: number; text: string }[] = [];
  for (const [network, c] of picked) {
    const before = await agent.req('GET', `/api/conversations/${c.id}`);
    const text = `Vielen Dank für Ihre Nachricht (${network}), wir melden uns heute noch.`;
    const res = await agent.req('POST', `/api/conversations/${c.id}/replies`, { text });
    expect(res.status, res.text).toBe(201);
    replies.push({ network, conversationId: c.id, text, inboundBefore: (before.body.messages as { direction: string }[]).filter((m) => m.direction === 'inbound').length });
  }
  for (const r of replies) {
    await eventually(async () => {
      expect(sandboxNetwork.calls.some((call) => call.network === r.network && (call.text ?? '').includes(r.text)), r.network).toBe(true);
    }, 20_000);
  }
  const outbox = await api.anon('GET', '/sandbox/outbox?limit=100');
  expect(outbox.body.items.map((i: { network: string }) => i.network)).toEqual(expect.arrayContaining(['email', 'linkedin', 'bluesky']));

  // Every customer answers; LinkedIn and Bluesky answers arrive with the next poll.
  await new Promise((r) => setTimeout(r, 800));
  await pollAll();
  for (const r of replies) {
    await eventually(async () => {
      const detail = await agent.req('GET', `/api/conversations/${r.conversationId}`);
      const inbound = (detail.body.messages as { direction: string }[]).filter((m) => m.direction === 'inbound').length;
      expect(inbound, `${r.network}: ${JSON.stringify(detail.body.messages)}`).toBe(r.inboundBefore + 1);
    }, 20_000);
  }
  // The mail answer quotes Parley's reply; the conversation shows only what the customer newly wrote.
  const mail = await agent.req('GET', `/api/conversations/${picked.get('email')!.id}`);
  const last = (mail.body.messages as { direction: string; text: string }[]).filter((m) => m.direction === 'inbound').at(-1)!;
  expect(last.text).not.toContain('wir melden uns heute noch');
}, 90_000);
