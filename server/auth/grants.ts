/**
 * Grants are server records with a token to present (tokens.ts): invite links (one document,
 * one role), evaluator tokens (one theory of change's exports) and enrolment links (set up or
 * recover one staff account, once). Every one is listed with its document or account and can be
 * revoked; a revoked, used or expired grant opens nothing, and revoking one closes the room
 * connections it opened (server/SPEC.md AUTH8).
 */
import type { AccessRecords, GrantKind, GrantRecord } from '../storage/access-records.ts';
import type { GrantEnds } from './grant-ends.ts';
import { grantIdOf, grantToken, newId } from './tokens.ts';

export interface NewGrant {
  kind: GrantKind;
  docId?: string;
  role?: string;
  staffId?: string;
  hours: number;
  createdBy: string;
}

export async function issueGrant(
  access: AccessRecords,
  secret: Buffer,
  wanted: NewGrant,
): Promise<{ token: string; grant: GrantRecord }> {
  const now = Date.now();
  const { hours, ...rest } = wanted;
  const grant: GrantRecord = {
    id: newId(),
    ...rest,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + Math.round(hours * 3600_000)).toISOString(),
  };
  await access.putGrant(grant);
  return { token: grantToken(secret, grant.id), grant };
}

/** Why a token opened nothing, for the page to explain and the log to record. */
export type GrantRefusal = 'broken' | 'expired' | 'revoked' | 'used' | 'wrong-kind';

export type GrantCheck = { ok: true; grant: GrantRecord } | { ok: false; why: GrantRefusal; grantId?: string };

/** The live grant a token presents, of this kind; or why it opens nothing. */
export async function checkGrant(
  access: AccessRecords,
  secret: Buffer,
  token: string | undefined,
  kind: GrantKind,
): Promise<GrantCheck> {
  const id = token ? grantIdOf(secret, token) : undefined;
  const grant = id ? await access.getGrant(id) : undefined;
  if (!grant) return { ok: false, why: 'broken' };
  if (grant.kind !== kind) return { ok: false, why: 'wrong-kind', grantId: grant.id };
  if (grant.endedAt) return { ok: false, why: grant.endedWhy === 'used' ? 'used' : 'revoked', grantId: grant.id };
  if (grant.expiresAt <= new Date().toISOString()) return { ok: false, why: 'expired', grantId: grant.id };
  return { ok: true, grant };
}

/** Revoke a grant: it opens nothing from now on, and its open room connections close. */
export async function revokeGrant(access: AccessRecords, grantEnds: GrantEnds, id: string): Promise<boolean> {
  const ended = await access.endGrant(id, 'revoked');
  if (ended) grantEnds.end(id);
  return ended;
}

/** Whether a grant is still live now (not ended, not expired). */
export const isLive = (grant: GrantRecord): boolean => !grant.endedAt && grant.expiresAt > new Date().toISOString();
