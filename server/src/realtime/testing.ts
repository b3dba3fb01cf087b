// For tests and the bench: a server-sent events client over node:http that records what the stream carries.
import { request, type IncomingMessage } from 'node:http';
import type { StreamMessage } from '@parley/contracts/realtime';

export interface StreamClient {
  /** Every message received so far, with the time it arrived (performance.now()). */
  messages: { at: number; message: StreamMessage }[];
  /** Resolves with the first message (already received or arriving) that matches, or rejects after the timeout. */
  waitFor(match: (m: StreamMessage) => boolean, timeoutMs?: number): Promise<{ at: number; message: StreamMessage }>;
  close(): void;
}

/** Opens GET /api/stream on a listening server as the user of the cookie; resolves once the stream said `stream.ready`. */
export function openStream(baseUrl: string, headers: Record<string, string>, onMessage?: (m: StreamMessage, at: number) => void): Promise<StreamClient> {
  const messages: StreamClient['messages'] = [];
  const waiters = new Set<{ match: (m: StreamMessage) => boolean; resolve: (v: { at: number; message: StreamMessage }) => void }>();
  let res: IncomingMessage | null = null;
  const req = request(`${baseUrl}/api/stream`, { headers: { accept: 'text/event-stream', ...headers } });
  const client: StreamClient = {
    messages,
    waitFor(match, timeoutMs = 2_000) {
      const seen = messages.find((x) => match(x.message));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const w = { match, resolve: (v: { at: number; message: StreamMessage }) => { clearTimeout(t); resolve(v); } };
        const t = setTimeout(() => { waiters.delete(w); reject(new Error(`no matching stream message within ${timeoutMs} ms; got ${JSON.stringify(messages.map((x) => x.message.type))}`)); }, timeoutMs);
        waiters.add(w);
      });
    },
    close() {
      res?.destroy();
      req.destroy();
    },
  };
  return new Promise((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (r) => {
      res = r;
      if (r.statusCode !== 200) {
        reject(new Error(`stream answered ${r.statusCode}`));
        r.resume();
        return;
      }
      let buf = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (!data) continue;
          const message = JSON.parse(data) as StreamMessage;
          const at = performance.now();
          messages.push({ at, message });
          onMessage?.(message, at);
          if (message.type === 'stream.ready') resolve(client);
          for (const w of [...waiters]) if (w.match(message)) { waiters.delete(w); w.resolve({ at, message }); }
        }
      });
    });
    req.end();
  });
}
