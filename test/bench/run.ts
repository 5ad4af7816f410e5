/**
 * `npm run bench`: every benchmark in test/bench, one after another, figures printed.
 * Benchmarks are not tests: they assert nothing and never run in `npm test`.
 */
import { run as cluster } from './cluster.bench.ts';
import { run as cohort } from './cohort.bench.ts';
import { run as costs } from './costs.bench.ts';
import { run as docBridge } from './doc-bridge.bench.ts';
import { run as durable } from './durable.bench.ts';
import { run as editor } from './editor.bench.ts';
import { run as limits } from './limits.bench.ts';
import { run as screens } from './screens.bench.ts';
import { run as server } from './server.bench.ts';
import { run as toc } from './toc.bench.ts';

process.stdout.write(`Turning Points benchmarks · Node ${process.version} · ${new Date().toISOString()}\n\n`);
process.stdout.write('The journey document bridge (ours │ the plain Yjs or JSON reference │ ratio of medians)\n');
docBridge();

process.stdout.write(
  '\nThe server under load (ours │ the reference y-websocket server │ ratio ours/reference │ target)\n',
);
await server();

process.stdout.write('\nDurable acknowledgements (ours │ the reference y-websocket server, in memory)\n');
await durable();

process.stdout.write(
  '\nSeveral processes on one PostgreSQL database (ours │ one process on SQLite, or the reference y-websocket server │ target)\n',
);
await cluster();

process.stdout.write('\nThe server under abuse (ours │ the reference y-websocket server │ target)\n');
await limits();

process.stdout.write('\nThe editor against its budgets\n');
await editor();

process.stdout.write(
  '\nWhat people wait for on the screens (ours, in Chromium │ stock y-websocket clients, same server)\n',
);
await screens();

process.stdout.write('\nThe cost engine\n');
costs();

process.stdout.write('\nTheories of change (ours │ the reference │ ratio of medians)\n');
toc();

process.stdout.write('\nCohorts at 10,000 families (ours │ the plain reference │ ratio of medians │ target)\n');
await cohort();
