/**
 * The authenticate hook for rooms: decides, from the upgrade request alone, whether a
 * connection may join a document and with what access (server/SPEC.md AUTH1–AUTH6, AUTH8).
 * A browser presents its cookies (a staff session, or the invite cookie scoped to this room);
 * a stock client presents an invite token as `?token=`. The decision is the pages' own
 * (document-access.ts), made again every little while for as long as the connection is open.
 */
import type { IncomingMessage } from 'node:http';
import { ACK_PARAM, CONTROLS_PARAM } from '../../src/protocol/index.ts';
import type { Config } from '../config.ts';
import { cookieValues } from '../http/cookies.ts';
import { journeyOfCostsDoc } from '../../src/doc/index.ts';
import { seesCosts } from '../costs/cost-access.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { Access } from './access.ts';
import { admitToDocument, INVITE_COOKIE, type Presented } from './document-access.ts';
import { SESSION_COOKIE } from './staff-sessions.ts';
import { WRITING_ROLES } from './tokens.ts';

export type Admission =
  | {
      ok: true;
      access: Access;
      role: string;
      /** Whether the connection may stay: its session or grant still live, the person still on the project. */
      stillAllowed: () => Promise<boolean>;
    }
  | { ok: false; status: 401 | 403; reason: string; actor?: string; projectId?: string };

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

const headerValue = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export function roomAuthenticator(
  config: Pick<Config, 'allowedOrigins' | 'publicUrl' | 'trustProxy'>,
  secret: Buffer,
  store: DocumentStore,
): Authenticate {
  const { access } = store;
  // The address people use (PUBLIC_URL) is always ours, whatever Host a proxy passes on.
  const ours = [...config.allowedOrigins, ...(config.publicUrl ? [new URL(config.publicUrl).origin] : [])];
  return async (req, url, requested) => {
    // COSTS2: a costs companion is admitted as its journey is, then only to those who see costs.
    const costsOf = journeyOfCostsDoc(requested);
    const docId = costsOf ?? requested;
    // Behind a trusted proxy, the host the browser used is the one it forwards.
    const forwardedHost = config.trustProxy ? headerValue(req, 'x-forwarded-host')?.split(',')[0]?.trim() : undefined;
    if (!originAllowed(req.headers.origin, forwardedHost ?? req.headers.host, ours))
      return { ok: false, status: 403, reason: 'origin' };
    const token = url.searchParams.get('token');
    // A stock client's token speaks for it alone; without one, the browser's cookies do.
    const presented: Presented = token
      ? { inviteTokens: [token] }
      : { sessionCookie: cookieValues(req, SESSION_COOKIE)[0], inviteTokens: cookieValues(req, INVITE_COOKIE) };
    const admitted = await admitToDocument(access, secret, presented, docId);
    if (!admitted.ok) {
      const actor = admitted.staff
        ? `staff:${admitted.staff.staff.id}`
        : admitted.grantId && `grant:${admitted.grantId}`;
      return { ok: false, ...admitted.refusal, reason: admitted.refusal.why, ...(actor ? { actor } : {}) };
    }
    const { role } = admitted;
    const allowedCosts = () => seesCosts(store, docId, { role, staff: admitted.staff });
    if (costsOf !== undefined && !(await allowedCosts())) {
      const actor = admitted.staff ? `staff:${admitted.staff.staff.id}` : `grant:${admitted.grant.id}`;
      return { ok: false, status: 403, reason: 'costs-hidden', actor };
    }
    const [grant, actor, expiresAt] = admitted.staff
      ? [admitted.staff.session.id, `staff:${admitted.staff.staff.id}`, admitted.staff.session.expiresAt]
      : [admitted.grant.id, `grant:${admitted.grant.id}`, admitted.grant.expiresAt];
    return {
      ok: true,
      role,
      access: {
        canWrite: WRITING_ROLES.has(role),
        canControl: role === 'facilitator',
        wantsAck: url.searchParams.get(ACK_PARAM) === '1',
        wantsControls: url.searchParams.get(CONTROLS_PARAM) === '1',
        grant,
        actor,
        ...(admitted.projectId === undefined ? {} : { projectId: admitted.projectId }),
        expiresAt: seconds(expiresAt),
      },
      stillAllowed: async () => {
        const again = await admitToDocument(access, secret, presented, docId);
        // COSTS4: a participant's companion connection ends once costs are hidden from participants again.
        return again.ok && again.role === role && (costsOf === undefined || (await allowedCosts()));
      },
    };
  };
}
