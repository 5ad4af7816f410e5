/**
 * The methods the site serves. Any other is answered here with 405, before Astro sees it: Astro's
 * Node adapter cannot even build a request for some (TRACE), and its failure names the whole
 * address, query string and any token in it included.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerAndClose } from './answers.ts';

const SERVED_METHODS = ['GET', 'HEAD', 'POST'];

/** Returns true when it answered (a method the site does not serve). */
export function refuseUnservedMethod(req: IncomingMessage, res: ServerResponse): boolean {
  if (SERVED_METHODS.includes(req.method ?? '')) return false;
  res.setHeader('Allow', SERVED_METHODS.join(', '));
  answerAndClose(req, res, 405, 'Method Not Allowed');
  return true;
}
