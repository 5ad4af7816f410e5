/**
 * What a family agreed to, per scope. Consent is a server record (server/storage/family-records.ts),
 * kept as a history of decisions: each one given or withdrawn, by whom in the family, how, when,
 * recorded by which staff member, and when to review it. The consent in force for a scope is the
 * latest decision about it. It never lives in a shared document, where anyone invited could
 * rewrite it; a journey file may carry what the family agreed to, which `import` records only
 * when a staff member vouches for it.
 */
import { z } from 'zod/mini';

/** The scopes every project asks about. A project may add its own (its settings). */
export const CONSENT_SCOPES = {
  mapping: 'Build and keep the journey map with the research team',
  analysis: 'Use the journey, pseudonymised, in research analysis (theories of change and reports)',
  'share-words': "Share the family's own words (quotes) with evaluators and in reports",
  'share-costs': 'Share the cost events, pseudonymised, with evaluators',
} as const;
export type ConsentScope = keyof typeof CONSENT_SCOPES;
export const ConsentScopeSchema = z.enum(Object.keys(CONSENT_SCOPES) as [ConsentScope, ...ConsentScope[]]);

/** What a journey file may say the family agreed to; recorded only with `import --consent-recorded-by`. */
export const ConsentSchema = z.strictObject({
  status: z.enum(['given', 'withdrawn']),
  /** The day consent was recorded or last changed. */
  recordedOn: z.iso.date(),
  scopes: z._default(z.array(ConsentScopeSchema), []),
});
export type Consent = z.output<typeof ConsentSchema>;

/** How consent was given: the ways a research team records it. */
export const CONSENT_METHODS = {
  'written-form': 'Signed a consent form',
  'verbal-in-person': 'Said so in person (verbal)',
  'verbal-phone': 'Said so on the phone',
  online: 'Agreed online',
  'journey-file': 'Recorded in a journey file, vouched for by a staff member at import',
  'before-consent-records': 'Recorded in the journey before consent records existed',
} as const;
export type ConsentMethod = keyof typeof CONSENT_METHODS;

/** One decision about one scope, as the consent history keeps it. */
export interface ConsentDecision {
  id: string;
  familyId: string;
  /** A built-in scope (CONSENT_SCOPES) or one the family's project added. */
  scope: string;
  decision: 'given' | 'withdrawn';
  /** Who in the family decided ("Dawn, mother"; a young person for their own words). */
  givenBy: string;
  method: ConsentMethod;
  /** The day the family member decided, YYYY-MM-DD. */
  decidedOn: string;
  /** When to ask again, YYYY-MM-DD. */
  reviewOn?: string;
  /** Who recorded it: `staff:<id>`, or `migration` for consent read once from an old journey. */
  recordedBy: string;
  /** When it was recorded (UTC, ISO). */
  recordedAt: string;
}

/** The scopes in force now: a scope's latest decision, by when it was recorded, is the one that counts. */
export type ConsentInForce = ReadonlySet<string>;

export const NO_CONSENT: ConsentInForce = new Set();

export function consentInForce(history: readonly ConsentDecision[]): ConsentInForce {
  const latest = new Map<string, ConsentDecision>();
  for (const decision of history) {
    const before = latest.get(decision.scope);
    if (!before || decision.recordedAt >= before.recordedAt) latest.set(decision.scope, decision);
  }
  return new Set([...latest].filter(([, decision]) => decision.decision === 'given').map(([scope]) => scope));
}

/** Whether the consent in force covers this scope. Nothing is allowed without mapping. */
export function allows(consent: ConsentInForce, scope: ConsentScope | string): boolean {
  return consent.has('mapping') && consent.has(scope);
}

/** The consent in force for each journey, by journey id (none for a journey not looked up). */
export type ConsentOf = (journeyId: string) => ConsentInForce;

/** What a journey file says was agreed, as consent in force: for tests, examples and benchmarks. */
export function consentInFile(consent: Consent | undefined): ConsentInForce {
  return consent?.status === 'given' ? new Set(consent.scopes) : NO_CONSENT;
}

/** Each journey's consent as its file says it: a `ConsentOf` for journeys read from files. */
export function consentAsFiled(journeys: readonly { id: string; consent?: Consent | undefined }[]): ConsentOf {
  const byId = new Map(journeys.map((journey) => [journey.id, consentInFile(journey.consent)]));
  return (journeyId) => byId.get(journeyId) ?? NO_CONSENT;
}
