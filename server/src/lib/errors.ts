/** Base of every error that reaches a client with a stable code. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends AppError {
  constructor(code: string, message = 'Not found') { super(404, code, message); }
}
export class Validation extends AppError {
  constructor(code: string, message: string, details?: unknown) { super(400, code, message, details); }
}
export class Unauthorized extends AppError {
  constructor(code = 'unauthorized', message = 'Sign in first') { super(401, code, message); }
}
export class Forbidden extends AppError {
  constructor(code = 'forbidden', message = 'You may not do this') { super(403, code, message); }
}
export class Conflict extends AppError {
  constructor(code: string, message: string, details?: unknown) { super(409, code, message, details); }
}
export class PayloadTooLarge extends AppError {
  constructor(code: string, message: string) { super(413, code, message); }
}
export class RateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number) { super(429, 'rate_limited', 'Too many requests, try again later'); }
}
export class Upstream extends AppError {
  constructor(code: string, message: string, readonly retryAfterSeconds?: number) { super(502, code, message); }
}

/** True when a database error is a unique-constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}
