/**
 * What a family can be asked about, and how staff may say it was answered: the four built-in
 * scopes and any the family's project adds in its settings; the ways a person records consent
 * (the two the system itself uses, for files and the one-time migration, are not offered).
 */
import { CONSENT_METHODS, CONSENT_SCOPES, type ConsentMethod } from '../../src/model/consent.ts';
import type { Project } from '../storage/access-records.ts';

export interface ScopeChoice {
  id: string;
  /** What the family is asked, in their words. */
  label: string;
  /** A short name for a badge ("Words"). */
  short: string;
}

const SHORT_NAMES: Record<string, string> = {
  mapping: 'Mapping',
  analysis: 'Analysis',
  'share-words': 'Words',
  'share-costs': 'Costs',
};

/** The scopes of this project: the built-in four first, then the project's own. */
export function scopesOf(project: Pick<Project, 'settings'> | undefined): ScopeChoice[] {
  const builtIn = Object.entries(CONSENT_SCOPES).map(([id, label]) => ({ id, label, short: SHORT_NAMES[id] ?? id }));
  const added = (project?.settings.consentScopes ?? [])
    .filter((scope) => !(scope.id in CONSENT_SCOPES))
    .map((scope) => ({ id: scope.id, label: scope.label, short: scope.id }));
  return [...builtIn, ...added];
}

/** The ways staff record a decision (not the system's own: a vouched file, the migration). */
export const RECORDABLE_METHODS = [
  'verbal-in-person',
  'written-form',
  'verbal-phone',
  'online',
] as const satisfies readonly ConsentMethod[];
export type RecordableMethod = (typeof RECORDABLE_METHODS)[number];

/** How a method reads on a page, for any method a decision may carry. */
export const methodWords = (method: string): string => CONSENT_METHODS[method as ConsentMethod] ?? method;
