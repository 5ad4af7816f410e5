/**
 * Staff passwords: at least 12 characters, not among the most common passwords (the list
 * zxcvbn uses, about 49,000 of them), not the person's own email or name; kept as scrypt hashes
 * with a random salt, compared in constant time.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

const COMMON = new Set(dictionary['passwords-common'] as unknown as string[]);

// N = 2^15 takes about 100 ms here: slow for a guesser, unnoticed by a person signing in.
const COST = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

const scrypt = (password: string, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

/** What is wrong with a new password, in words for the person choosing it; undefined if nothing. */
export function passwordProblem(password: string, person: { email?: string; name?: string } = {}): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `use at least ${MIN_PASSWORD_LENGTH} characters (a few words you will remember works well)`;
  if (password.length > MAX_PASSWORD_LENGTH) return `use at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'this is one of the most common passwords: choose one nobody would guess';
  const own = [person.email, person.email?.split('@')[0], person.name].filter((s): s is string => !!s && s.length >= 4);
  if (own.some((part) => lower === part.toLowerCase()))
    return 'do not use your own email address or name as your password';
  return undefined;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const given = await scrypt(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: COST.maxmem,
  });
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A hash to compare against when there is no account, so a wrong email takes as long as a wrong password. */
export const NO_ACCOUNT_HASH = await hashPassword(randomBytes(16).toString('hex'));
