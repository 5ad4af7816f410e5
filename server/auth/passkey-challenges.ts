/**
 * Passkey challenges waiting for their answer. A challenge is the random value the person's
 * authenticator signs; the server must know which one it handed out, to whom and for what, and
 * must accept each answer once.
 *
 * Each is kept under a random id that only the browser which asked holds (in an HttpOnly
 * cookie), for a few minutes. Not in the document store: a challenge lives for one ceremony,
 * anyone can ask for one (signing in needs no account yet), and a write per ask would let
 * strangers fill the write queue. Keyed by a cookie rather than by the session or enrolment
 * link because signing in has neither; one way for all three ceremonies.
 *
 * One interface, two keepers: in memory for the embedded server (one process; a restart
 * forgets them, and the person presses the button again), and in PostgreSQL when several
 * processes share a database (pg-passkey-challenges.ts), since the answer may reach another
 * process than the one that asked. Asynchronous because the second one is.
 */
import { randomBytes } from 'node:crypto';
import type { NewAccount } from './enrolling.ts';

/** How long a person has to answer their device's prompt. */
export const CHALLENGE_SECONDS = 300;
/** At most this many wait at once; past it the oldest is dropped (its owner presses again). */
export const MAX_WAITING = 10_000;

/** What a challenge was handed out for, and what was settled before the device was asked. */
export type Ceremony =
  | { kind: 'signin' }
  /** Setting up an account's first passkey from an enrolment link (the first admin's names the account). */
  | { kind: 'enrol'; grantId: string; account: NewAccount | undefined }
  /** A signed-in staff member adding a passkey from their account page. */
  | { kind: 'add'; sessionId: string; staffId: string; label: string };

export interface Waiting {
  challenge: string;
  ceremony: Ceremony;
}

export interface PasskeyChallenges {
  /** Keep a challenge for its ceremony; the id the browser holds to answer it. */
  keep(challenge: string, ceremony: Ceremony): Promise<string>;
  /** The live challenge under this id, removed: a second answer to it finds nothing. */
  take(id: string | undefined): Promise<Waiting | undefined>;
}

/** An id nobody can guess, for the browser's cookie. */
export const newChallengeId = (): string => randomBytes(32).toString('base64url');

export class MemoryPasskeyChallenges implements PasskeyChallenges {
  private readonly waiting = new Map<string, Waiting & { expiresAt: number }>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  async keep(challenge: string, ceremony: Ceremony): Promise<string> {
    this.forgetExpired();
    const oldest = this.waiting.keys().next();
    if (this.waiting.size >= MAX_WAITING && !oldest.done) this.waiting.delete(oldest.value);
    const id = newChallengeId();
    this.waiting.set(id, { challenge, ceremony, expiresAt: this.now() + CHALLENGE_SECONDS * 1000 });
    return id;
  }

  async take(id: string | undefined): Promise<Waiting | undefined> {
    if (!id) return undefined;
    const found = this.waiting.get(id);
    this.waiting.delete(id);
    if (!found || found.expiresAt <= this.now()) return undefined;
    return { challenge: found.challenge, ceremony: found.ceremony };
  }

  private forgetExpired(): void {
    const now = this.now();
    // Insertion order is expiry order: stop at the first still waiting.
    for (const [id, entry] of this.waiting) {
      if (entry.expiresAt > now) break;
      this.waiting.delete(id);
    }
  }
}
