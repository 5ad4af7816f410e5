/**
 * Request bodies are read here, at the edge, before any page runs, and handed to Astro whole:
 * one that says it is larger than MAX_BODY_BYTES is refused (413) before a byte of it is read;
 * one sent in chunks is cut off at the limit (413); and the body of someone not signed in is
 * not read at all where every page needs a sign-in first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerAndClose, closeIfBodyUnread } from './answers.ts';

export interface BodyRules {
  maxBytes: number;
  /** Whether the request carries a live facilitator session. */
  signedIn: (req: IncomingMessage) => Promise<boolean>;
}

/**
 * The pages that read a form from someone not signed in: the home page, whose forms come back
 * to a person whose session ended with what they typed, to copy (server/SPEC.md PAGE2), and
 * signing in and enrolling.
 */
const READS_FORMS_FROM_ANYONE = new Set(['/', '/signin', '/enrol']);
/** Passkey sign-in and enrolment post JSON before anyone is signed in. */
const READS_JSON_FROM_ANYONE_UNDER = '/api/passkeys/';
/** A device carrying changes to a moved document posts JSON with an invite (site/lib/moved-base.ts checks it). */
const READS_JSON_FROM_INVITED = /^\/(journeys|toc)\/[A-Za-z0-9][A-Za-z0-9_-]{0,63}\/moved$/;

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

/** Read at most `maxBytes`; `undefined` when the body turned out larger. */
function readAtMost(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/**
 * Returns true when the request may go on to the pages (its body, if read, set as `req.body`,
 * which Astro's Node adapter takes instead of reading the stream); false when it was answered.
 */
export async function admitBody(req: IncomingMessage, res: ServerResponse, rules: BodyRules): Promise<boolean> {
  if (req.method !== 'POST') {
    // Pages never read a GET's or HEAD's body: close rather than let Node read it to the end.
    closeIfBodyUnread(req, res);
    return true;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > rules.maxBytes) {
    answerAndClose(req, res, 413, `Request body too large: at most ${rules.maxBytes} bytes`);
    return false;
  }
  const path = pathOf(req);
  const fromAnyone =
    READS_FORMS_FROM_ANYONE.has(path) ||
    path.startsWith(READS_JSON_FROM_ANYONE_UNDER) ||
    READS_JSON_FROM_INVITED.test(path);
  if (!fromAnyone && !(await rules.signedIn(req))) {
    closeIfBodyUnread(req, res);
    Object.assign(req, { body: Buffer.alloc(0) });
    return true;
  }
  let body: Buffer | undefined;
  try {
    body = await readAtMost(req, rules.maxBytes);
  } catch {
    res.destroy(); // the client went away mid-body
    return false;
  }
  if (!body) {
    answerAndClose(req, res, 413, `Request body too large: at most ${rules.maxBytes} bytes`);
    return false;
  }
  Object.assign(req, { body });
  return true;
}
