import { startOidcProvider, type TestAccount, type TestOidcClient } from './oidc-provider.ts';

// The tests' OpenID provider as a process of its own, for the browser tests (web/ never imports server/; they start
// this file as they start the server). Clients and accounts come as JSON in OIDC_CLIENTS and OIDC_ACCOUNTS; the first
// line on stdout is `{"issuer": "http://127.0.0.1:<port>"}`. SIGTERM stops it.

const clients = JSON.parse(process.env.OIDC_CLIENTS ?? '[]') as TestOidcClient[];
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '{}') as Record<string, TestAccount>;
const op = await startOidcProvider(clients);
for (const [login, account] of Object.entries(accounts)) op.accounts.set(login, account);
process.stdout.write(`${JSON.stringify({ issuer: op.issuer })}\n`);
process.on('SIGTERM', () => void op.close().then(() => process.exit(0)));
