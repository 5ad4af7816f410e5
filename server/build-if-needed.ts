/**
 * Part of `npm start`: build the site when there is no build yet, or when a source file is
 * newer than the build, so a fresh clone starts with one command.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'dist/server/entry.mjs');

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

const sources = ['site', 'src', 'server', 'astro.config.mjs', 'package-lock.json']
  .map((p) => join(root, p))
  .filter(existsSync);
const stale = !existsSync(entry) || sources.some((source) => newestChange(source) > statSync(entry).mtimeMs);

if (stale) {
  process.stdout.write('Building the site…\n');
  const astro = join(root, 'node_modules/.bin/astro');
  const result = spawnSync(astro, ['build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
