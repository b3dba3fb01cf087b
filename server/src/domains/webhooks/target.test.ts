import { describe, expect, test } from 'vitest';
import { checkWebhookUrl, isPrivateAddress, refusedTarget } from './target.ts';

describe('webhook targets', () => {
  test.each([
    ['127.0.0.1', true], ['127.255.0.9', true], ['10.1.2.3', true], ['172.16.0.1', true], ['172.31.255.255', true], ['172.32.0.1', false],
    ['192.168.1.1', true], ['169.254.169.254', true], ['100.64.0.1', true], ['0.0.0.0', true], ['224.0.0.1', true], ['255.255.255.255', true],
    ['8.8.8.8', false], ['93.184.216.34', false],
    ['::1', true], ['::', true], ['fe80::1', true], ['fd12:3456::1', true], ['::ffff:127.0.0.1', true], ['::ffff:10.0.0.1', true],
    ['64:ff9b::a00:1', true], ['2606:4700:4700::1111', false], ['::ffff:8.8.8.8', false],
    ['not-an-ip', true],
  ])('%s is private: %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });

  test.each([
    ['http://127.0.0.1:8080/hook'], ['http://localhost/hook'], ['http://api.localhost/hook'], ['https://[::1]/hook'], ['http://169.254.169.254/latest/meta-data'],
    ['http://10.0.0.5/'],
  ])('refuses %s unless private targets are allowed', async (url) => {
    await expect(checkWebhookUrl(url, false)).rejects.toMatchObject({ code: 'webhook_url_not_allowed' });
    await expect(checkWebhookUrl(url, true)).resolves.toBeUndefined();
    expect(refusedTarget(new URL(url), false)).toMatch(/private or loopback/);
    expect(refusedTarget(new URL(url), true)).toBeNull();
  });

  test('accepts public addresses; refuses other schemes', async () => {
    await expect(checkWebhookUrl('https://8.8.8.8/hook', false)).resolves.toBeUndefined();
    await expect(checkWebhookUrl('ftp://example.com/', false)).rejects.toMatchObject({ code: 'invalid_webhook_url' });
    expect(refusedTarget(new URL('https://8.8.8.8/hook'), false)).toBeNull();
  });
});
