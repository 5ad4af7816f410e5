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
  /** Signs tokens; when unset, a random secret is generated into DATA_DIR once. */
  SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Extra origins (comma-separated) whose pages may open rooms; the server's own is always allowed. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  /** Largest WebSocket message accepted, in bytes (a few MiB: a whole large journey fits). */
  MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  /** Messages per second one connection may send on average (bursts of three times that). */
  MESSAGES_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(100),
  /** The address people reach the server at, for links and QR codes (default http://HOST:PORT). */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Evaluator exports suppress any count of families below this (and the evidence behind it),
   * so a small group cannot be picked out. Raise it for large programmes.
   */
  EVALUATOR_MIN_FAMILIES: z.coerce.number().int().min(1).max(1000).default(3),
  /**
   * Whether a proxy in front (TLS termination) may say where a request arrived, with
   * X-Forwarded-Proto and X-Forwarded-Host. Off by default: without a proxy, anyone could send them.
   */
  TRUST_PROXY: z.stringbool().default(false),
  /**
   * Largest HTTP request body, in bytes. Our largest legitimate body is a form or a JSON request
   * of a few KiB; 1 MiB is also all the built site's own adapter takes (astro.config.mjs).
   */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(1024 * 1024),
  /** How long a client has to send a request's headers (and to start one on a new connection). */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  /** How long a client has to send a whole request, body included. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /**
   * Awareness (presence, cursor) messages per second one connection may have applied (bursts of
   * twice that); beyond it only its latest is kept and applied when the rate allows. The editor
   * sends its pointer at most 20 times a second.
   */
  AWARENESS_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(20),
  /**
   * Bytes of awareness one connection may have applied per second (bursts of twice that); a
   * larger message is applied, then makes the next wait. Real presence is a few hundred bytes.
   */
  AWARENESS_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(64 * 1024),
  /** Live connections one token (one invite link) may hold open at once. */
  MAX_CONNECTIONS_PER_TOKEN: z.coerce.number().int().min(1).max(100_000).default(60),
  /** Live connections one room may hold open at once. */
  MAX_CONNECTIONS_PER_ROOM: z.coerce.number().int().min(1).max(100_000).default(150),
  /** Bytes queued for a connection that has not read them; beyond this it is closed as fallen behind. */
  MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(1024 * 1024 * 1024)
    .default(16 * 1024 * 1024),
  /** The largest a document may grow to, in bytes of Yjs updates; a change past it is refused. */
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(1024 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  /** Seconds between pings to each room connection; one that has not answered the last is dropped. */
  HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  REAUTHORISE_SECONDS: z.coerce.number().int().min(1).max(60).default(30),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(730),
  /**
   * Where "Exit this page" takes a family member: a neutral page that says nothing of where they
   * were (the GOV.UK pattern's own default).
   */
  EXIT_URL: z.url({ protocol: /^https?$/ }).default('https://www.bbc.co.uk/weather'),
  /**
   * A PostgreSQL database instead of the embedded SQLite store: set it to run the server as two
   * or more processes sharing one database (README, "More than one machine").
   */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  /**
   * Where the other processes reach this one, for rooms it owns (default http://HOST:PORT, with
   * 127.0.0.1 for a HOST of 0.0.0.0): an address on the machines' own network, never the public one.
   */
  INTERNAL_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Seconds a room's owner may go without renewing its lease before another process takes the room. */
  LEASE_EXPIRE_S: z.coerce.number().int().min(3).max(3600).default(10),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  journeysDir: string;
  logLevel: z.output<typeof ConfigSchema>['LOG_LEVEL'];
  secret: string | undefined;
  allowedOrigins: string[];
  maxMessageBytes: number;
  messagesPerSecond: number;
  publicUrl: string | undefined;
  evaluatorMinFamilies: number;
  trustProxy: boolean;
  maxBodyBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  awarenessPerSecond: number;
  awarenessBytesPerSecond: number;
  maxConnectionsPerToken: number;
  maxConnectionsPerRoom: number;
  maxBufferedBytes: number;
  documentMaxBytes: number;
  heartbeatSeconds: number;
  /** How often a room checks again that each connection may still be there (AUTH8). */
  reauthoriseSeconds: number;
  /** How long audit log rows are kept; older ones give way to a checkpoint row. */
  auditRetentionDays: number;
  /** Where "Exit this page" leads. */
  exitUrl: string;
  /** PostgreSQL instead of the embedded store; several processes may share it. */
  databaseUrl: string | undefined;
  internalUrl: string | undefined;
  leaseExpireSeconds: number;
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
  // Every process signs and checks invites, sessions and relay passes with the same secret; one
  // generated into each process's own DATA_DIR would refuse what the others signed.
  if (c.DATABASE_URL && !c.SECRET)
    throw new ConfigError(
      'bad environment variable(s): SECRET: must be set when DATABASE_URL is (every process needs the same one)',
    );
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.DATA_DIR),
    journeysDir: resolve(c.JOURNEYS_DIR),
    logLevel: c.LOG_LEVEL,
    secret: c.SECRET,
    allowedOrigins: c.ALLOWED_ORIGINS.map((origin) => new URL(origin).origin),
    maxMessageBytes: c.MAX_MESSAGE_BYTES,
    messagesPerSecond: c.MESSAGES_PER_SECOND,
    publicUrl: c.PUBLIC_URL,
    evaluatorMinFamilies: c.EVALUATOR_MIN_FAMILIES,
    trustProxy: c.TRUST_PROXY,
    maxBodyBytes: c.MAX_BODY_BYTES,
    headersTimeoutMs: c.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    awarenessPerSecond: c.AWARENESS_PER_SECOND,
    awarenessBytesPerSecond: c.AWARENESS_BYTES_PER_SECOND,
    maxConnectionsPerToken: c.MAX_CONNECTIONS_PER_TOKEN,
    maxConnectionsPerRoom: c.MAX_CONNECTIONS_PER_ROOM,
    maxBufferedBytes: c.MAX_BUFFERED_BYTES,
    documentMaxBytes: c.DOCUMENT_MAX_BYTES,
    heartbeatSeconds: c.HEARTBEAT_SECONDS,
    reauthoriseSeconds: c.REAUTHORISE_SECONDS,
    auditRetentionDays: c.AUDIT_RETENTION_DAYS,
    exitUrl: c.EXIT_URL,
    databaseUrl: c.DATABASE_URL,
    internalUrl: c.INTERNAL_URL,
    leaseExpireSeconds: c.LEASE_EXPIRE_S,
  };
}
