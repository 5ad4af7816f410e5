/**
 * Configuration from the environment, parsed once with zod at start-up and passed down; no
 * module reads `process.env` on its own. A bad value stops the start with the variable's name.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  /** 127.0.0.1 by default; set 0.0.0.0 for tablets on the workshop's own network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Example journeys loaded into an empty store on first start. */
  JOURNEYS_DIR: z.string().min(1).default('./journeys'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  journeysDir: string;
  logLevel: z.output<typeof ConfigSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const relevant = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = ConfigSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
    throw new ConfigError(`bad environment variable(s): ${problems.join('; ')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.DATA_DIR),
    journeysDir: resolve(c.JOURNEYS_DIR),
    logLevel: c.LOG_LEVEL,
  };
}
