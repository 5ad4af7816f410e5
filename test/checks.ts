/**
 * The static checks of `npm test`, side by side: each wave's commands run at once, the next wave
 * starts when they have all finished, and any failure fails the whole after its wave. A command's
 * output is printed whole when it ends, so outputs never interleave.
 *
 * The waves keep apart what must not meet: `astro check` rewrites `.astro/types.d.ts`, which
 * `tsc` and the type-aware lint read, so it runs after them (and `astro build`, which rewrites it
 * too, runs after this script).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The scripts of package.json by name, so a check is written down in one place. */
const scripts = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }
).scripts;

const WAVES: string[][] = [
  ['typecheck:tsc', 'lint', 'cycles', 'unused'],
  ['typecheck:astro', 'format:check'],
];

interface Finished {
  command: string;
  code: number | null;
  seconds: number;
}

function run(script: string): Promise<Finished> {
  const command = scripts[script];
  if (command === undefined) throw new Error(`package.json has no script "${script}"`);
  const started = performance.now();
  // npm puts node_modules/.bin on PATH for this script, and so for its children.
  const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `\n$ ${command}  (${code === 0 ? 'passed' : `failed, exit ${code}`}, ${seconds.toFixed(1)} s)\n${output}`,
      );
      resolve({ command, code, seconds });
    });
  });
}

for (const wave of WAVES) {
  const finished = await Promise.all(wave.map(run));
  const failed = finished.filter(({ code }) => code !== 0);
  if (failed.length > 0) {
    process.stderr.write(`\nFailed: ${failed.map(({ command }) => command).join('; ')}\n`);
    process.exit(1);
  }
}
