/**
 * Grant tokens: `<grant id>.<HMAC-SHA256 of the id>`, both base64url. A token says nothing
 * itself (no document, role or expiry to read off it): the server checks the signature in
 * constant time, then finds the grant's record, which says what it opens, until when, and
 * whether it has been revoked (server/SPEC.md AUTH5). The signature means a guessed or
 * made-up id is refused without a lookup.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['facilitator', 'participant', 'viewer', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may change a document. */
export const WRITING_ROLES: ReadonlySet<Role> = new Set(['facilitator', 'participant']);

export const isRole = (value: string | undefined): value is Role => ROLES.includes(value as Role);

/**
 * A new random id for a record: 12 bytes, base64url (16 characters), carrying no content. Never
 * one that starts with "-", which a command line would read as an option (`--project -x…`).
 */
export function newId(): string {
  for (;;) {
    const id = randomBytes(12).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const sign = (secret: Buffer, id: string) => createHmac('sha256', secret).update(id).digest();

/** The token for a grant: what its holder presents. */
export function grantToken(secret: Buffer, grantId: string): string {
  return `${grantId}.${sign(secret, grantId).toString('base64url')}`;
}

/** The grant id a token is for, if its signature is good; undefined for anything else. */
export function grantIdOf(secret: Buffer, token: string): string | undefined {
  const match = /^([A-Za-z0-9_-]{8,64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, id, signature] = match as unknown as [string, string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(secret, id);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}
