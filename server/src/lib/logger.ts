import pino, { type Logger } from 'pino';

export type { Logger };

/** The process logger; pino's JSON lines, pretty only when a developer asks for it. */
export function createLogger(level: string, pretty = false): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'], remove: true },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}
