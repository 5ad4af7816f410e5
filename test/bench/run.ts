/**
 * `npm run bench`: every benchmark in test/bench, one after another, figures printed.
 * Benchmarks are not tests: they assert nothing and never run in `npm test`.
 */
import { run as docBridge } from './doc-bridge.bench.ts';

process.stdout.write(`Turning Points benchmarks · Node ${process.version} · ${new Date().toISOString()}\n\n`);
process.stdout.write('The journey document bridge (ours │ the plain Yjs or JSON reference │ ratio of medians)\n');
docBridge();
