/**
 * A rendered page sent compressed, when the page says it may be (`locals.compressible`). The map
 * as sent to a family's tablet carries the journey twice, as a picture of its first stages and
 * as the data the live map starts from: 50–70 KB that a 400 kbit/s line takes more than a second
 * to bring, and that compress to a fifth. The build's own files are compressed ahead of time
 * (precompressed.ts); a page is compressed as it is sent.
 *
 * Only pages that ask are compressed, and a page asks only when it holds nothing secret and
 * nothing its reader may not see (no token, no sign-in code, no costs hidden from them): the
 * length of a compressed page says something about what is in it (BREACH), so a page mixing
 * words its reader may write with something they may not read is sent as it is.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { constants, createBrotliCompress, createGzip, type BrotliCompress, type Gzip } from 'node:zlib';
import { chooseEncoding } from './precompressed.ts';

/** Brotli's quality for pages made per request: most of its gain at a fraction of its top level's time. */
const BROTLI_QUALITY = 5;

/**
 * Compress what the page handler writes to `res` once its head is written, if `asked()` then
 * says so, the request is a GET the browser lets us compress, and the answer is a 200 page.
 */
export function compressWhenAsked(req: IncomingMessage, res: ServerResponse, asked: () => boolean): void {
  const encoding = req.method === 'GET' ? chooseEncoding(req.headers['accept-encoding']) : undefined;
  if (!encoding) return;
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: OutgoingHttpHeaders) => ServerResponse;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let stream: BrotliCompress | Gzip | undefined;

  res.writeHead = ((status: number, headers: OutgoingHttpHeaders = {}) => {
    const type = String(headers['content-type'] ?? res.getHeader('content-type') ?? '');
    if (status === 200 && type.startsWith('text/html') && asked()) {
      stream =
        encoding.name === 'br'
          ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } })
          : createGzip();
      stream.on('data', (chunk: Buffer) => write(chunk));
      stream.on('end', () => end());
      const { 'content-length': _length, ...rest } = headers;
      res.removeHeader('content-length');
      return writeHead(status, { ...rest, 'content-encoding': encoding.name, vary: 'Accept-Encoding' });
    }
    return writeHead(status, headers);
  }) as ServerResponse['writeHead'];

  res.write = ((chunk: Uint8Array | string, ...rest: unknown[]) => {
    if (!stream) return write(chunk, ...rest);
    const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    return stream.write(chunk, done);
  }) as ServerResponse['write'];

  res.end = ((...args: unknown[]) => {
    if (!stream) return end(...args);
    const chunk = args.find((arg) => typeof arg === 'string' || arg instanceof Uint8Array) as
      Uint8Array | string | undefined;
    if (chunk !== undefined) stream.write(chunk);
    stream.end();
    return res;
  }) as ServerResponse['end'];
}
