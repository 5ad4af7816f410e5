/**
 * Structured logs (pino, JSON lines). Log actions and counts, never journey text, tokens or
 * anything that could identify a family; the redaction list is a safety net, not permission.
 */
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { app: 'turning-points' },
    redact: {
      paths: ['token', '*.token', 'authorization', '*.authorization', 'cookie', '*.cookie', 'words', '*.words'],
      censor: '[redacted]',
    },
  });
}
