/**
 * The Turning Points server: one process, one port. Serves the built site's static files and
 * hands everything else to Astro's handler with the services in `locals`.
 * Run `npm start` (builds the site first when needed) or `node server/main.ts`.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { firstAdminLink } from './auth/enrolment.ts';
import { roomAuthenticator } from './auth/room-access.ts';
import { publicUrl, readSession, SESSION_COOKIE } from './auth/staff-sessions.ts';
import { pruneAuditDaily } from './audit/retention.ts';
import { cookieValues } from './http/cookies.ts';
import { createCollab, type Collab, type CollabCluster } from './collab.ts';
import { joinCluster, type Cluster } from './cluster/cluster.ts';
import { answerHealth } from './http/health.ts';
import { makeVersion, sessionEndName } from './journey-versions.ts';
import { sealsOf } from './sensitive-items.ts';
import { findMove } from './families/move-ids.ts';
import { pruneMovedDaily } from './families/moved-retention.ts';
import { ConfigError, parseConfig } from './config.ts';
import { sendConsoleToLog } from './http/console-to-log.ts';
import { refuseUnservedMethod } from './http/methods.ts';
import { admitBody } from './http/request-body.ts';
import { closeSilentSockets, serverTimeouts } from './http/timeouts.ts';
import { createLogger } from './logger.ts';
import { forbidStoring, setSecurityHeaders } from './security-headers.ts';
import { storeHooks } from './rooms/persistence.ts';
import { openServices } from './services.ts';
import { StorageOpenError } from './storage/document-store.ts';
import { serveStatic } from './static-files.ts';
import { compressWhenAsked } from './page-compression.ts';
import { readModuleGraph, withModulePreloads } from './module-preload.ts';

type AstroHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
  locals: object,
) => Promise<void>;

const distClient = fileURLToPath(new URL('../dist/client', import.meta.url));
const distEntry = new URL('../dist/server/entry.mjs', import.meta.url);

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`turning-points: ${error.message}\n`);
    process.exit(1);
  }
  const log = createLogger(config);
  sendConsoleToLog(log);
  if (!existsSync(fileURLToPath(distEntry))) {
    log.fatal('the site is not built: run `npm start` (which builds it) or `npm run build`');
    process.exit(1);
  }
  const { handler } = (await import(distEntry.href)) as { handler: AstroHandler };
  let opened;
  try {
    opened = await openServices(config);
  } catch (error) {
    if (!(error instanceof StorageOpenError)) throw error;
    // A damaged, empty or unwritable store stops the start with what to do, not a stack trace.
    process.stderr.write(`turning-points: ${error.message}\n`);
    process.exit(1);
  }
  const { services, seeded } = opened;
  log.info(
    { added: seeded.added.length, alreadyStored: seeded.skipped.length, invalid: seeded.invalid.map((i) => i.file) },
    'example journeys loaded',
  );
  // `baseUrl` is known once the server listens (PORT=0 lets the system choose the port).
  const graph = readModuleGraph(distClient);
  const locals = {
    services,
    log,
    baseUrl: publicUrl(config),
    preloadModules: (html: string) => withModulePreloads(html, graph),
  };
  if (config.trustProxy && !config.publicUrl)
    log.warn('TRUST_PROXY is on without PUBLIC_URL: invite links will name the address this server listens at');
  const sealsOfDoc = async (docId: string) => sealsOf(await services.store.journeys.sensitiveItems(docId));
  const makeCollab = (cluster?: CollabCluster) =>
    createCollab(
      config,
      roomAuthenticator(config, services.secret, services.store),
      storeHooks(services.store, log, { compactAfter: 500 }),
      log,
      services.grantEnds,
      (entry) => services.store.access.audit(entry),
      { channel: services.erasures, isErased: (docId) => services.store.families.isErased(docId) },
      async (docId) => (await findMove(services.store, services.secret, docId))?.newId,
      (docId, by) =>
        void makeVersion(services.store, docId, { name: sessionEndName(new Date()), kind: 'session-end', by }).catch(
          (error: unknown) =>
            log.error({ room: docId, err: (error as Error).message }, 'a session-end version was not kept'),
        ),
      sealsOfDoc,
      cluster,
    );
  // With a shared database, rooms are served once this process has joined the others (after it listens).
  let collab: Collab | undefined = services.shared ? undefined : makeCollab();
  let cluster: Cluster | undefined;
  let draining = false;
  const stopPruning = pruneAuditDaily(services.store.access, config.auditRetentionDays, log);
  const stopPruningMoves = pruneMovedDaily(services.store.families, log);

  const signedIn = async (req: IncomingMessage) =>
    (await readSession(services.store.access, cookieValues(req, SESSION_COOKIE)[0])) !== undefined;
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    if (answerHealth(req, res, { ready: collab !== undefined && !draining && !(cluster?.leases.isLost ?? false) }))
      return;
    if (refuseUnservedMethod(req, res)) return;
    if (serveStatic(distClient, req, res)) return;
    forbidStoring(res);
    if (!(await admitBody(req, res, { maxBytes: config.maxBodyBytes, signedIn }))) return;
    // Each request its own locals: what one page learns (an invite's problem) must not reach the next.
    const own: App.Locals = { ...locals };
    compressWhenAsked(req, res, () => own.compressible === true);
    void handler(
      req,
      res,
      () => {
        res.statusCode = 404;
        res.end('Not found');
      },
      own,
    );
  };
  const server = createServer(serverTimeouts(config), (req, res) => {
    serve(req, res).catch((error: unknown) => {
      // Storage that cannot be read (a damaged page) fails this request alone, never the process.
      log.error({ path: (req.url ?? '/').split('?')[0], err: (error as Error).message }, 'a request failed');
      if (res.headersSent) return void res.destroy();
      res.statusCode = 500;
      res.end(
        'Something went wrong on the server. Try again; if it happens again, tell whoever runs Turning Points.\n',
      );
    });
  });

  closeSilentSockets(server, config);
  server.on('upgrade', (req, socket, head) => {
    if (collab && !draining) return collab.handleUpgrade(req, socket, head);
    socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    socket.destroy();
  });

  server.listen(config.port, config.host, () => void listening());
  const listening = async () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    if (services.shared) {
      try {
        cluster = await joinCluster(services.shared, config, port, services.secret, services.grantEnds, log);
      } catch (error) {
        process.stderr.write(`turning-points: cannot join the other processes: ${(error as Error).message}\n`);
        process.exit(1);
      }
      collab = makeCollab(cluster.collab);
      cluster.serve(collab.registry, sealsOfDoc);
    }
    log.info({ port, host: config.host, storage: services.shared ? 'postgresql' : 'sqlite' }, 'listening');
    // Tests and scripts read these lines to find a port chosen by the system (PORT=0) and to sign in.
    // The sign-in link goes to the terminal only, never into the structured log.
    const base = publicUrl(config, port);
    locals.baseUrl = base;
    // Behind a proxy, people use PUBLIC_URL; the address this process itself listens at is said too.
    const own = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    const listensAt = config.publicUrl ? ` (this process listens at ${own}/)` : '';
    process.stdout.write(`Turning Points is running at ${base}/${listensAt}\n`);
    // Staff sign in by themselves; only a store with no admin yet gets a link, to enrol the first.
    void firstAdminLink(services.store.access, services.secret, base).then((link) => {
      if (link) process.stdout.write(`Enrol the first admin (the link works once, for 24 hours): ${link}\n`);
    });
  };

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    draining = true;
    log.info({ signal }, 'shutting down');
    // Stop accepting, close rooms (each stores its read model and compacts, clients are told
    // `goingAway` and reconnect elsewhere), give up their leases, then storage.
    stopPruning();
    stopPruningMoves();
    const roomsClosed = (collab?.close() ?? Promise.resolve()).then(() => cluster?.close());
    server.close(() => {
      void roomsClosed
        .then(() => services.store.close())
        .then(() => {
          log.info(services.store.writeTotals(), 'storage closed: groups committed and the writes in them');
          process.exit(0);
        });
    });
    server.closeIdleConnections();
    // Connections that stay open (a slow client) must not hold the shutdown forever.
    setTimeout(() => server.closeAllConnections(), 5000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
