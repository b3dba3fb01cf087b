import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, isUniqueViolation } from '../lib/errors.ts';

interface Body { error: { code: string; message: string; details?: unknown } }

const fastifyCodes: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'The request body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Unsupported content type' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'file_too_large', message: 'The file is too large' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 400, code: 'invalid_multipart', message: 'Expected a multipart upload' },
};

/** The one error handler: typed errors keep their code; the rest become a stable code, 5xx without internals. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const send = (status: number, body: Body) => reply.status(status).send(body);
    if (err instanceof AppError) {
      if (err.status === 429 && 'retryAfterSeconds' in err) reply.header('retry-after', String(err.retryAfterSeconds));
      return send(err.status, { error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({ path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'), message: v.message }));
      const where = err.validationContext ?? 'body';
      return send(400, { error: { code: 'validation_failed', message: `Invalid ${where}: ${details.map((d) => `${d.path || where} ${d.message}`).join('; ')}`, details } });
    }
    const known = err.code ? fastifyCodes[err.code] : undefined;
    if (known) return send(known.status, { error: { code: known.code, message: known.message } });
    if (err.statusCode === 429) return send(429, { error: { code: 'rate_limited', message: 'Too many requests, try again later' } });
    if (isUniqueViolation(err)) return send(409, { error: { code: 'conflict', message: 'A record with these values already exists' } });
    if (isResponseSerializationError(err)) req.log.error({ err, issues: err.cause.issues }, 'response serialization failed');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(err.statusCode, { error: { code: 'bad_request', message: err.message } });
    }
    req.log.error({ err }, 'unhandled error');
    return send(500, { error: { code: 'internal_error', message: 'Something went wrong on our side' } });
  });
}

/** The body of a 404 for a path no route serves. */
export function routeNotFound(method: string, url: string): Body {
  return { error: { code: 'route_not_found', message: `No route ${method} ${url.split('?')[0]}` } };
}
