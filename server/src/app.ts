import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { LIMITS } from '@parley/contracts/limits';
import type { Deps } from './deps.ts';
import { isReady } from './db/client.ts';
import { registerAuth } from './http/auth.ts';
import { registerErrorHandler, routeNotFound } from './http/errors.ts';
import type { App } from './http/types.ts';
import { domainRoutes } from './routes.ts';
import { sandboxRoutes } from './sandbox/network.ts';
import { pulledSandboxRoutes } from './sandbox/pulled.ts';

const webDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Builds the HTTP app: plugins, auth, the error handler and every domain's routes. */
export async function buildApp(deps: Deps, opts: { serveWeb?: boolean } = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:', 'blob:'], styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"], connectSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: LIMITS.importMaxBytes, files: 1 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Parley API', version: '0.1.0', description: 'The HTTP API of Parley, an open-source Social CRM.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'parley_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  registerAuth(app, deps);

  app.get('/api/health', { schema: { hide: true }, config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/api/ready', { schema: { hide: true }, config: { public: true } }, async (_req, reply) => {
    const ready = await isReady(deps.database);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' });
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  await domainRoutes(app, deps);
  // The sandbox network's imitation of the networks' send APIs (/sandbox/…), only when the sandbox is on.
  if (deps.config.sandbox.enabled) await sandboxRoutes(app);
  if (deps.config.sandbox.enabled) await pulledSandboxRoutes(app);

  const serveWeb = opts.serveWeb !== false && existsSync(webDist);
  if (serveWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, maxAge: '1h', immutable: false, preCompressed: true });
  app.setNotFoundHandler((req, reply) => {
    // The single-page app answers every other GET path with its index; the API answers with a typed 404.
    if (serveWeb && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.status(404).send(routeNotFound(req.method, req.url));
  });
  return app;
}
