import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

// A real OpenID provider for tests: the certified `oidc-provider` on 127.0.0.1 and a free port, with its development
// login and consent pages (any login name that is a known account, any password). Clients are fixed at start.

/** What the provider says about an account (its login name is the `sub`). */
export interface TestAccount { email?: string; email_verified?: boolean; name?: string; given_name?: string; family_name?: string; locale?: string }

export interface TestOidcClient { clientId: string; clientSecret?: string; redirectUris: string[] }

export interface TestOidcProvider {
  issuer: string;
  /** Accounts by login name; add before signing in. */
  accounts: Map<string, TestAccount>;
  /** Lifetime of authorization codes in seconds (default 60). */
  codeTtl: number;
  close(): Promise<void>;
}

/** Starts the provider; `close()` stops it. */
export async function startOidcProvider(clients: TestOidcClient[]): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, TestAccount>();
  const op: TestOidcProvider = {
    issuer, accounts, codeTtl: 60,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId, redirect_uris: c.redirectUris, grant_types: ['authorization_code'], response_types: ['code'],
      ...(c.clientSecret ? { client_secret: c.clientSecret, token_endpoint_auth_method: 'client_secret_post' } : { token_endpoint_auth_method: 'none' }),
    })),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name', 'locale'] },
    // PKCE for every client, not only public ones: Parley must send it.
    pkce: { required: () => true },
    cookies: { keys: ['parley-test-cookie-key'] },
    ttl: { AuthorizationCode: () => op.codeTtl },
    findAccount: (_ctx, sub) => {
      const a = accounts.get(sub);
      return a ? { accountId: sub, claims: async () => ({ sub, ...a }) } : undefined;
    },
  });
  // The development-only interaction pages warn once on the console; that is the point here.
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider', err));
  server.on('request', provider.callback());
  return op;
}

/**
 * Goes through the provider's pages like a browser: follows redirects, keeps cookies, signs in as `login` and consents
 * (or cancels); returns the URL the provider sends back to (the client's redirect URI with code and state).
 */
export async function signInAtProvider(op: TestOidcProvider, authorizationUrl: string, login: string, opts: { cancel?: boolean } = {}): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  let url = authorizationUrl;
  for (let hops = 0; hops < 20; hops++) {
    if (!url.startsWith(op.issuer)) return url;
    let res = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
    keep(res);
    if (res.status === 200 && new URL(url).pathname.startsWith('/interaction/')) {
      const html = await res.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (opts.cancel) {
        res = await fetch(`${url}/abort`, { redirect: 'manual', headers: { cookie: cookieHeader() } });
      } else {
        const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt: prompt ?? 'consent' });
        res = await fetch(url, { method: 'POST', redirect: 'manual', body, headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } });
      }
      keep(res);
    }
    const next = res.headers.get('location');
    if (!next) throw new Error(`The provider answered ${res.status} at ${url}: ${(await res.text()).slice(0, 500)}`);
    url = new URL(next, url).href;
  }
  throw new Error('Too many redirects at the provider');
}
