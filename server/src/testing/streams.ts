// For API test files that watch the realtime stream (GET /api/stream) of their users.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { openStream, type StreamClient } from '../realtime/testing.ts';
import type { Api, TestUser } from './harness.ts';

/**
 * For an API test file: makes the test app listen on a free port (beforeAll) and answers a function that opens the
 * stream of a user; every stream it opened is closed after the file (afterAll).
 */
export function useStreams(api: Api): (user: TestUser) => Promise<StreamClient> {
  let base = '';
  const streams: StreamClient[] = [];
  beforeAll(async () => {
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    for (const s of streams) s.close();
  });
  return async (user) => {
    const s = await openStream(base, { cookie: user.cookie });
    streams.push(s);
    return s;
  };
}
