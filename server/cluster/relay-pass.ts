/**
 * What a process that accepted a connection tells the room's owner about it when it relays it
 * (`/internal/collab/<docId>`): who was admitted, with what access, signed with the shared
 * SECRET. The owner checks the signature, the document, the expiry and that the pass was not
 * used before, and then treats the connection exactly as one it admitted itself. A pass is
 * good for a few seconds and once: one copied off the wire cannot open the room again.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Access } from '../auth/access.ts';

export const RELAY_HEADER = 'x-turning-points-relay';
const GOOD_FOR_MS = 10_000;

export interface RelayPass {
  docId: string;
  access: Access;
  role: string;
  /** Milliseconds since the epoch after which the pass is refused. */
  exp: number;
  nonce: string;
}

const keyOf = (secret: Buffer) => createHmac('sha256', secret).update('turning-points relay pass').digest();
const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');

export function signRelayPass(secret: Buffer, docId: string, access: Access, role: string): string {
  const pass: RelayPass = {
    docId,
    access,
    role,
    exp: Date.now() + GOOD_FOR_MS,
    nonce: randomBytes(16).toString('hex'),
  };
  const body = Buffer.from(JSON.stringify(pass)).toString('base64url');
  return `${body}.${sign(keyOf(secret), body)}`;
}

/** Checks passes for one process: each is taken once. */
export class RelayPasses {
  private readonly key: Buffer;
  private readonly used = new Map<string, number>();

  constructor(secret: Buffer) {
    this.key = keyOf(secret);
  }

  /** The pass, when it is signed with our secret, for this document, in time and not used before. */
  take(header: string | undefined, docId: string): RelayPass | undefined {
    if (!header) return undefined;
    const [body, signature, ...rest] = header.split('.');
    if (!body || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(sign(this.key, body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let pass: RelayPass;
    try {
      pass = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as RelayPass;
    } catch {
      return undefined;
    }
    const now = Date.now();
    for (const [nonce, exp] of this.used) if (exp < now) this.used.delete(nonce);
    if (pass.docId !== docId || !(pass.exp >= now) || this.used.has(pass.nonce)) return undefined;
    this.used.set(pass.nonce, pass.exp);
    return pass;
  }
}
