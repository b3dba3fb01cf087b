import { expect, test } from 'vitest';
import { useApi } from '../../testing/harness.ts';

const api = useApi({ LOGIN_RATE_LIMIT: '3' });

test('sign-in attempts are rate limited per client', async () => {
  const attempt = () => api.anon('POST', '/api/auth/login', { email: 'guess@example.de', password: 'guess-guess-guess' });
  for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
  const limited = await attempt();
  expect(limited.status).toBe(429);
  expect(limited.body.error.code).toBe('rate_limited');
  expect(limited.headers['retry-after']).toBeDefined();
});
