/**
 * What the family agreed to, per scope. Recorded per family; withdrawal erases the journey
 * (and, since evidence points at stages, its words in every theory of change), so a withdrawn
 * summary only lives until erasure.
 */
import { z } from 'zod';

export const CONSENT_SCOPES = {
  mapping: 'Build and keep the journey map with the research team',
  analysis: 'Use the journey, pseudonymised, in research analysis',
  'share-words': "Share the family's own words (quotes) with evaluators and in reports",
  'share-costs': 'Share the cost events, pseudonymised, with evaluators',
} as const;
export type ConsentScope = keyof typeof CONSENT_SCOPES;
export const ConsentScopeSchema = z.enum(Object.keys(CONSENT_SCOPES) as [ConsentScope, ...ConsentScope[]]);

export const ConsentSchema = z.strictObject({
  status: z.enum(['given', 'withdrawn']),
  /** The day consent was recorded or last changed. */
  recordedOn: z.iso.date(),
  scopes: z.array(ConsentScopeSchema).default([]),
});
export type Consent = z.output<typeof ConsentSchema>;

export function allows(consent: Consent, scope: ConsentScope): boolean {
  return consent.status === 'given' && consent.scopes.includes(scope);
}
