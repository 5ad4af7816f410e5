/**
 * The authenticate hook for rooms: decides, from the upgrade request alone, whether a
 * connection may join a document and with what access (server/SPEC.md AUTH1–AUTH6, AUTH8).
 */
import type { IncomingMessage } from 'node:http';
import { ACK_PARAM } from '../../src/protocol/index.ts';
import type { Config } from '../config.ts';
import type { Access } from './access.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import { grantsDocument, verifyToken, WRITING_ROLES } from './tokens.ts';

export type Admission = { ok: true; access: Access; role: string } | { ok: false; status: 401 | 403; reason: string };

export type Authenticate = (req: IncomingMessage, url: URL, docId: string) => Promise<Admission>;

/** Browsers always send Origin; it must be this server's own or one allowed by configuration. */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.host === host || allowed.includes(parsed.origin);
}

export function tokenAuthenticator(
  config: Pick<Config, 'allowedOrigins'>,
  secret: Buffer,
  grants: Pick<DocumentStore, 'isGrantConsumed'>,
): Authenticate {
  return async (req, url, docId) => {
    if (!originAllowed(req.headers.origin, req.headers.host, config.allowedOrigins))
      return { ok: false, status: 403, reason: 'origin' };
    const token = url.searchParams.get('token');
    if (!token) return { ok: false, status: 401, reason: 'missing' };
    const verified = verifyToken(secret, token, Math.floor(Date.now() / 1000));
    if (!verified.ok) return { ok: false, status: 401, reason: verified.reason };
    const { claims } = verified;
    // AUTH8: a token whose own grant is used up (a redeemed sign-in link, a session signed out),
    // or that was minted for a session since signed out, opens nothing.
    const [grantUsedUp, sessionEnded] = await Promise.all([
      grants.isGrantConsumed(claims.jti),
      claims.sid === undefined ? false : grants.isGrantConsumed(claims.sid),
    ]);
    if (grantUsedUp || sessionEnded) return { ok: false, status: 401, reason: 'used-up' };
    if (!grantsDocument(claims, docId) || claims.role === 'evaluator')
      return { ok: false, status: 403, reason: 'not-this-document' };
    return {
      ok: true,
      role: claims.role,
      access: {
        canWrite: WRITING_ROLES.has(claims.role),
        wantsAck: url.searchParams.get(ACK_PARAM) === '1',
        grant: claims.jti,
        ...(claims.sid ? { session: claims.sid } : {}),
        expiresAt: claims.exp,
      },
    };
  };
}
