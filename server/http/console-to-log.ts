/**
 * Astro writes its own messages (a page that failed, a request it could not read) to the
 * console, as plain text naming the request's whole address. In the server, the console goes
 * to our structured log instead, each message without its secrets (./redact.ts), so no line on
 * stdout or stderr carries a token, whoever wrote it.
 */
import { format } from 'node:util';
import type { Logger } from '../logger.ts';
import { withoutSecrets } from './redact.ts';

const LEVELS = { error: 'error', warn: 'warn', info: 'info', log: 'info', debug: 'debug' } as const;

export function sendConsoleToLog(log: Logger): void {
  const consoleLog = log.child({ source: 'console' });
  for (const [method, level] of Object.entries(LEVELS))
    // eslint-disable-next-line no-console -- replacing the console is this module's job
    console[method as keyof typeof LEVELS] = (...args: unknown[]) => consoleLog[level](withoutSecrets(format(...args)));
}
