/**
 * Families and their consent, as the pages, the CLI and the start-up migration change them: the
 * one place that makes family records and appends consent decisions, each audited without content
 * (ids and scope names only, never a pseudonym or who gave consent).
 */
import { newId } from '../auth/tokens.ts';
import { newId as newRecordId } from '../../src/model/ids.ts';
import type { ConsentDecision, ConsentMethod } from '../../src/model/consent.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { FamilyRecord } from '../storage/family-records.ts';

export interface NewFamily {
  projectId: string;
  pseudonym: string;
  /** `staff:<id>`, `cli` or `migration`. */
  createdBy: string;
}

export async function createFamily(store: DocumentStore, input: NewFamily): Promise<FamilyRecord> {
  // `f_` and base-36 letters: never starts with '-', which a command line would take for an option.
  const family: FamilyRecord = { id: newRecordId('f'), ...input, createdAt: new Date().toISOString() };
  await store.families.addFamily(family);
  await store.access.audit({
    action: 'family.create',
    outcome: 'ok',
    actor: input.createdBy,
    projectId: input.projectId,
    subject: family.id,
  });
  return family;
}

export interface NewDecision {
  scope: string;
  decision: 'given' | 'withdrawn';
  givenBy: string;
  method: ConsentMethod;
  decidedOn: string;
  reviewOn?: string | undefined;
  /** `staff:<id>` or `migration`. */
  recordedBy: string;
}

/** Append decisions to a family's consent history (in this order), audited by scope. */
export async function recordDecisions(
  store: DocumentStore,
  family: FamilyRecord,
  decisions: readonly NewDecision[],
): Promise<ConsentDecision[]> {
  const recorded: ConsentDecision[] = [];
  for (const input of decisions) {
    const { reviewOn, ...rest } = input;
    // One millisecond apart at least, so the order recorded is the order that counts.
    const recordedAt = new Date(Math.max(Date.now(), Date.parse(recorded.at(-1)?.recordedAt ?? '') + 1 || 0));
    const decision: ConsentDecision = {
      id: newId(),
      familyId: family.id,
      ...rest,
      ...(reviewOn ? { reviewOn } : {}),
      recordedAt: recordedAt.toISOString(),
    };
    await store.families.recordConsent(decision);
    await store.access.audit({
      action: 'consent.record',
      outcome: 'ok',
      actor: input.recordedBy,
      projectId: family.projectId,
      subject: family.id,
      detail: `${decision.scope}:${decision.decision}`,
    });
    recorded.push(decision);
  }
  return recorded;
}
