/**
 * Serves the Astro build's client files (dist/client). Only files under that folder, only GET
 * and HEAD; hashed assets under /_astro/ are cached for a year, everything else revalidates.
 * A text file is sent in the compressed copy the build made (precompressed.ts) when the browser
 * takes it.
 */
import { createReadStream, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { chooseEncoding, COMPRESSIBLE } from './precompressed.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Returns true when it answered the request; false to let the next handler try. */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return false;
  }
  if (pathname.includes('\0')) return false;
  const file = normalize(join(root, pathname));
  if (!file.startsWith(root + sep)) return false;
  let stat: Stats;
  try {
    stat = statSync(file);
    if (!stat.isFile()) return false;
  } catch {
    return false;
  }
  const compressible = COMPRESSIBLE.has(extname(file));
  const sent = compressible ? compressedCopy(file, stat, req.headers['accept-encoding']) : undefined;
  res.statusCode = 200;
  res.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Content-Length', sent?.size ?? stat.size);
  if (sent) res.setHeader('Content-Encoding', sent.encoding);
  if (compressible) res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Cache-Control', pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (req.method === 'HEAD') res.end();
  else createReadStream(sent?.path ?? file).pipe(res);
  return true;
}

/** The build's compressed copy of `file` the browser accepts, unless it is missing or older than the file. */
function compressedCopy(
  file: string,
  stat: Stats,
  acceptEncoding: string | undefined,
): { path: string; size: number; encoding: string } | undefined {
  const encoding = chooseEncoding(acceptEncoding);
  if (!encoding) return undefined;
  const path = file + encoding.suffix;
  try {
    const copy = statSync(path);
    return copy.isFile() && copy.mtimeMs >= stat.mtimeMs
      ? { path, size: copy.size, encoding: encoding.name }
      : undefined;
  } catch {
    return undefined;
  }
}
