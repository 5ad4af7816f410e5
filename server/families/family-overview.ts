/**
 * A family as staff read it, for the family page, the families list and `turning-points family
 * show` alike: its journeys, the consent in force per scope (the latest decision about each,
 * whoever recorded it named), the whole history newest first, and reviews that are due.
 */
import { consentInForce, type ConsentDecision } from '../../src/model/consent.ts';
import { loadJourney } from '../journey-library.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { FamilyRecord } from '../storage/family-records.ts';
import { scopesOf, type ScopeChoice } from './consent-scopes.ts';

/** A review is due this many days before its date, and past after it. */
export const REVIEW_NOTICE_DAYS = 30;

export interface ScopeState {
  scope: ScopeChoice;
  /** The latest decision about it, if any was recorded. */
  latest?: ConsentDecision & { recordedByName: string };
  inForce: boolean;
}

export interface ReviewDue {
  scope: string;
  reviewOn: string;
  past: boolean;
}

export interface FamilyOverview {
  family: FamilyRecord;
  projectName: string;
  journeys: { id: string; title: string }[];
  scopes: ScopeState[];
  /** Every decision, newest first. */
  history: (ConsentDecision & { recordedByName: string })[];
  reviews: ReviewDue[];
}

/** Who recorded a decision, as a person reads it: a staff member's name, or what the system did. */
export async function recorderName(store: DocumentStore, recordedBy: string): Promise<string> {
  if (recordedBy.startsWith('staff:')) {
    const member = await store.access.getStaff(recordedBy.slice('staff:'.length));
    return member?.name ?? 'A staff member no longer here';
  }
  const SYSTEM: Record<string, string> = {
    migration: 'Moved from the journey when consent records began',
    examples: 'Example data',
    cli: 'The command line',
  };
  return SYSTEM[recordedBy] ?? recordedBy;
}

/** The reviews of scopes in force that are due within the notice period, or past. */
export function reviewsDue(scopes: readonly ScopeState[], on: string): ReviewDue[] {
  const notice = new Date(Date.parse(`${on}T00:00:00Z`) + REVIEW_NOTICE_DAYS * 86_400_000).toISOString().slice(0, 10);
  return scopes.flatMap(({ scope, latest, inForce }) =>
    inForce && latest?.reviewOn && latest.reviewOn <= notice
      ? [{ scope: scope.id, reviewOn: latest.reviewOn, past: latest.reviewOn < on }]
      : [],
  );
}

export async function familyOverview(store: DocumentStore, family: FamilyRecord, on: string): Promise<FamilyOverview> {
  const project = await store.access.getProject(family.projectId);
  const docIds = await store.families.documentsOf(family.id);
  const loaded = await Promise.all(docIds.map(async (id) => ({ id, found: await loadJourney(store, id) })));
  const journeys = loaded.flatMap(({ id, found }) => (found ? [{ id, title: found.journey.title }] : []));
  const decisions = await store.families.consentHistory(family.id);
  const names = new Map<string, string>();
  for (const by of new Set(decisions.map((d) => d.recordedBy))) names.set(by, await recorderName(store, by));
  const named = decisions.map((d) => ({ ...d, recordedByName: names.get(d.recordedBy) ?? d.recordedBy }));
  const inForce = consentInForce(decisions);
  const known = scopesOf(project);
  // A scope the project has since dropped from its settings still shows while it has decisions.
  const dropped = [...new Set(decisions.map((d) => d.scope))]
    .filter((id) => !known.some((scope) => scope.id === id))
    .map((id) => ({ id, label: 'A scope the project no longer asks about', short: id }));
  const scopes = [...known, ...dropped].map((scope) => {
    const latest = named
      .filter((d) => d.scope === scope.id)
      .sort(byRecorded)
      .at(-1);
    return { scope, inForce: inForce.has(scope.id), ...(latest ? { latest } : {}) };
  });
  return {
    family,
    projectName: project?.name ?? family.projectId,
    journeys,
    scopes,
    history: [...named].sort(byRecorded).reverse(),
    reviews: reviewsDue(scopes, on),
  };
}

const byRecorded = (a: ConsentDecision, b: ConsentDecision) => a.recordedAt.localeCompare(b.recordedAt);
