/**
 * The site's client files, compressed once when the site is built, so a family's tablet on a
 * slow connection downloads the editor's JavaScript at a third of its size. Only files that
 * are the same for everyone are compressed: pages carry people's words and tokens and are
 * never compressed, so what a page holds cannot be guessed from its length (BREACH).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Text files worth compressing; images and fonts are compressed already. */
export const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.svg', '.json', '.txt']);

/** Encodings the build writes beside each file, best first, with the suffix they are kept under. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** Below this, compressing saves less than a packet. */
const SMALLEST = 1024;

/** Writes `<file>.br` and `<file>.gz` beside every compressible file under `folder`. */
export function precompressFolder(folder: string): { files: number; bytes: number; brotliBytes: number } {
  const totals = { files: 0, bytes: 0, brotliBytes: 0 };
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        visit(path);
        continue;
      }
      if (!COMPRESSIBLE.has(extname(name))) continue;
      const body = readFileSync(path);
      if (body.byteLength < SMALLEST) continue;
      const brotli = brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength },
      });
      writeFileSync(`${path}.br`, brotli);
      writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
      totals.files++;
      totals.bytes += body.byteLength;
      totals.brotliBytes += brotli.byteLength;
    }
  };
  visit(folder);
  return totals;
}

/**
 * The encoding to send for a request's Accept-Encoding, or undefined for the file as it is.
 * A coding the browser lists with q=0 is one it refuses.
 */
export function chooseEncoding(acceptEncoding: string | undefined): (typeof ENCODINGS)[number] | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, ...params]) => !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param)))
      .map(([coding = '']) => coding.trim().toLowerCase()),
  );
  return ENCODINGS.find((encoding) => accepted.has(encoding.name));
}
