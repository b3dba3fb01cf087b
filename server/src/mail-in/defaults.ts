import type { Config } from '../config.ts';
import type { ChannelRow } from '../domains/inbox/channels-repo.ts';

/**
 * What an e-mail channel's client uses where the channel sets nothing of its own: the server's SMTP_URL (else the .eml
 * folder of lib/mail.ts) and the channel's name as the From name. The channel's sealed `smtpUrl` wins.
 */
export function emailClientDefaults(config: Pick<Config, 'mail'>, channel: Pick<ChannelRow, 'name' | 'settings'>): Record<string, string> {
  const fromName = typeof channel.settings.fromName === 'string' ? channel.settings.fromName : channel.name;
  return {
    fromName,
    dropDir: config.mail.dropDir,
    ...(config.mail.smtpUrl ? { smtpUrl: config.mail.smtpUrl } : {}),
    // The sandbox's local mail server of its customers (settings are not writable through the API, like apiBaseUrl).
    ...(typeof channel.settings.smtpUrl === 'string' ? { smtpUrl: channel.settings.smtpUrl } : {}),
  };
}
