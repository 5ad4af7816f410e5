/**
 * The research records in real SQLite (server/storage/research-records.ts, server/SPEC.md
 * PROFILE1–PROFILE3): a bulk write is all or none; a family's profiles, assessments, cohort
 * memberships and type assignments go when it is erased, with every typing run it was part of;
 * synthetic families stay out of family lists and go in one step.
 *
 * And what the cohort view reads them with at scale: reads for many families at once say what
 * the reads for one say; a family's research stamp changes with every write; every erasure is
 * told to the store's listeners, and what the cohort view keeps in memory (journey facts, family
 * cases, a cohort's view and figures) follows each write and loses an erased family at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_SETTINGS } from '../../server/auth/projects.ts';
import type { DocumentStore, ErasedRecords } from '../../server/storage/document-store.ts';
import type { CohortRecord, StoredProfile } from '../../server/storage/research-records.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { journeyTypes } from '../../server/research/family-typing.ts';
import { storeJourney } from '../../server/journey-library.ts';
import { loadReferenceData } from '../../server/reference-data.ts';
import { casesCacheOf, cohortFigures } from '../../server/research/cohort-figures.ts';
import { compareFamilies, factsCacheOf, warmCohortViews } from '../../server/research/cohort-journeys.ts';
import { cohortMembers, standingsCacheOf } from '../../server/research/cohorts.ts';
import { PHASE_TWO_ISSUE_SET } from '../../src/issues/index.ts';
import { costsDocId } from '../../src/doc/index.ts';
import { JourneySchema } from '../../src/model/index.ts';
import { smallJourney, smallJourneyInput } from '../fixtures/small-journey.ts';

const dirs: string[] = [];
const stores: DocumentStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const AT = '2026-12-05T10:00:00.000Z';

async function storeWithFamilies(...ids: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'tp-research-'));
  dirs.push(dir);
  const store = await openSqliteStore(dir);
  stores.push(store);
  await store.access.putProject({ id: 'pr_a', name: 'Project A', settings: DEFAULT_PROJECT_SETTINGS, createdAt: AT });
  for (const id of ids)
    await store.families.addFamily({
      id,
      projectId: 'pr_a',
      pseudonym: `Family ${id}`,
      createdAt: AT,
      createdBy: 'cli',
    });
  return store;
}

const profile = (
  id: string,
  familyId: string,
  assessedOn: string,
  answers: StoredProfile['answers'],
): StoredProfile => ({
  id,
  familyId,
  issueSetId: 'tf-phase-two',
  issueSetVersion: 1,
  point: 'referral',
  assessedOn,
  answers,
  source: 'import',
  recordedBy: 'staff:st_1',
  recordedAt: AT,
});

describe('research records', () => {
  it('PROFILE2: profiles written together are kept together, or none is when one cannot be', async () => {
    const store = await storeWithFamilies('fa_1', 'fa_2');
    await store.research.putProfiles([
      profile('pf_1', 'fa_1', '2016-01-04', { offending: 'yes' }),
      profile('pf_2', 'fa_2', '2016-01-05', { asb: 'no' }),
    ]);
    expect((await store.research.profilesOf('fa_1')).map((p) => p.answers)).toEqual([{ offending: 'yes' }]);
    // The second names a family that does not exist: the whole write fails, the first is not kept.
    await expect(
      store.research.putProfiles([
        profile('pf_3', 'fa_1', '2016-06-01', { offending: 'no' }),
        profile('pf_4', 'fa_nobody', '2016-06-01', { offending: 'no' }),
      ]),
    ).rejects.toThrow(/FOREIGN KEY/);
    expect((await store.research.profilesOf('fa_1')).map((p) => p.id)).toEqual(['pf_1']);
    // The same family, point and date again replaces the answers.
    await store.research.putProfiles([profile('pf_5', 'fa_1', '2016-01-04', { offending: 'no' })]);
    expect((await store.research.profilesOf('fa_1')).map((p) => p.answers)).toEqual([{ offending: 'no' }]);
  });

  it('PROFILE3: erasing a family takes its profiles, assessments, memberships, types and the runs it was in', async () => {
    const store = await storeWithFamilies('fa_1', 'fa_2', 'fa_3');
    await store.research.putProfiles([profile('pf_1', 'fa_1', '2016-01-04', { offending: 'yes' })]);
    await store.research.putAssessments([
      {
        id: 'as_1',
        familyId: 'fa_1',
        indicatorSetId: 'in_1',
        indicatorSetVersion: 1,
        point: 'referral',
        assessedOn: '2016-01-04',
        ratedBy: 'together',
        values: { housing: 2 },
        recordedBy: 'staff:st_1',
        recordedAt: AT,
      },
    ]);
    const cohort = {
      id: 'co_1',
      projectId: 'pr_a',
      name: 'All',
      synthetic: false,
      createdAt: AT,
      createdBy: 'staff:st_1',
    };
    await store.research.putCohort(cohort, ['fa_1', 'fa_2', 'fa_3']);
    const run = {
      id: 'tr_1',
      projectId: 'pr_a',
      cohortId: 'co_1',
      issueSetId: 'tf-phase-two',
      issueSetVersion: 1,
      k: 2,
      chosenBy: 'silhouette' as const,
      seed: 1,
      result: '{}',
      madeAt: AT,
      madeBy: 'staff:st_1',
    };
    await store.research.addTypingRun(
      run,
      new Map([
        ['fa_1', 0],
        ['fa_2', 1],
        ['fa_3', 1],
      ]),
    );
    await store.research.addTypingRun(
      { ...run, id: 'tr_2' },
      new Map([
        ['fa_2', 0],
        ['fa_3', 1],
      ]),
    );
    await store.research.labelType({
      runId: 'tr_1',
      typeIndex: 0,
      label: 'Isolated',
      editedBy: 'staff:st_1',
      editedAt: AT,
    });
    expect((await store.research.familyTypes(['fa_1'])).get('fa_1')).toEqual({
      runId: 'tr_1',
      typeIndex: 0,
      label: 'Isolated',
    });
    // A journey is tagged with its family's type through the family, for staff lists.
    const journey = smallJourney();
    await storeJourney(store, journey);
    await store.families.attachDocument(journey.id, 'fa_1');
    expect(await journeyTypes(store, [journey.id])).toEqual(new Map([[journey.id, 'Isolated']]));

    await store.families.eraseFamily('fa_1');
    expect(await store.research.profilesOf('fa_1')).toEqual([]);
    expect(await store.research.assessmentsOf('fa_1')).toEqual([]);
    expect(await store.research.cohortFamilies('co_1')).toEqual(['fa_2', 'fa_3']);
    // The run it was part of is gone (its result held its answers); the other stays.
    expect(await store.research.getTypingRun('tr_1')).toBeUndefined();
    expect(await store.research.labelsOf('tr_1')).toEqual([]);
    expect((await store.research.typingRunsOf('co_1')).map((r) => r.id)).toEqual(['tr_2']);
  });

  it('PROFILE4: synthetic families are left out of family lists and removed in one step', async () => {
    const store = await storeWithFamilies('fa_real', 'fa_s1', 'fa_s2');
    await store.research.markSynthetic(['fa_s1', 'fa_s2'], 18);
    await store.research.putProfiles([profile('pf_1', 'fa_s1', '2016-01-04', { offending: 'yes' })]);
    await store.research.putCohort(
      { id: 'co_s', projectId: 'pr_a', name: 'Demonstration', synthetic: true, createdAt: AT, createdBy: 'cli' },
      ['fa_s1', 'fa_s2'],
    );
    expect((await store.families.listFamilies(['pr_a'])).map((f) => f.id)).toEqual(['fa_real']);
    expect((await store.families.listFamilies()).map((f) => f.id)).toEqual(['fa_real']);
    expect(await store.research.syntheticFamilies('pr_a')).toEqual(['fa_s1', 'fa_s2']);

    expect(await store.research.removeSynthetic('pr_a')).toBe(2);
    expect(await store.families.getFamily('fa_s1')).toBeUndefined();
    expect(await store.research.profilesOf('fa_s1')).toEqual([]);
    expect(await store.research.getCohort('co_s')).toBeUndefined();
    expect(await store.families.getFamily('fa_real')).toBeDefined();
  });
});

const consent = (familyId: string, scope: string, decision: 'given' | 'withdrawn', recordedAt = AT) =>
  ({
    id: `cd_${familyId}_${scope}_${decision}_${recordedAt}`,
    familyId,
    scope,
    decision,
    givenBy: 'Parent',
    method: 'written-form',
    decidedOn: '2016-01-04',
    recordedBy: 'staff:st_1',
    recordedAt,
  }) as const;

const COHORT: CohortRecord = {
  id: 'co_1',
  projectId: 'pr_a',
  name: 'All',
  synthetic: false,
  createdAt: AT,
  createdBy: 'staff:st_1',
};

/** Families fa_1..fa_n, each with a journeys, consent to mapping and analysis, and a referral and closure profile, in one cohort. */
async function cohortStore(n: number) {
  const ids = Array.from({ length: n }, (_, i) => `fa_${i + 1}`);
  const store = await storeWithFamilies(...ids);
  for (const id of ids) {
    const journey = JourneySchema.parse({ ...smallJourneyInput(), id: `jo_${id}` });
    await storeJourney(store, journey);
    await store.families.attachDocument(journey.id, id);
    await store.families.recordConsent(consent(id, 'mapping', 'given'));
    await store.families.recordConsent(consent(id, 'analysis', 'given'));
    await store.research.putProfiles([
      profile(`pf_r_${id}`, id, '2016-01-04', { offending: 'yes', 'poor-attendance': 'yes' }),
      { ...profile(`pf_c_${id}`, id, '2017-01-04', { offending: 'no', 'poor-attendance': 'yes' }), point: 'closure' },
    ]);
  }
  await store.research.putCohort(COHORT, ids);
  return store;
}

/** The cohort view as its page asks for it. */
async function viewOf(store: DocumentStore, prices = loadReferenceData()) {
  const members = await cohortMembers(store, COHORT);
  const [figures, comparison] = await Promise.all([
    cohortFigures(store, PHASE_TWO_ISSUE_SET, members),
    compareFamilies(store, prices, members),
  ]);
  return { members, figures, comparison };
}

/** The same store opened again: nothing kept, everything read afresh. */
async function afresh(store: DocumentStore) {
  const dir = dirs.at(-1)!;
  const again = await openSqliteStore(dir);
  stores.push(again);
  await store.drained();
  return again;
}

describe('the cohort view’s reads and what it keeps', () => {
  it('reads for many families at once say what the reads for one say', async () => {
    const store = await cohortStore(3);
    // More families than one slice of parameters (500), most with a consent history.
    const many = Array.from({ length: 520 }, (_, i) => `fa_x${i}`);
    await Promise.all(
      many.map((id) =>
        store.families.addFamily({ id, projectId: 'pr_a', pseudonym: id, createdAt: AT, createdBy: 'cli' }),
      ),
    );
    await Promise.all(
      many.flatMap((id, i) =>
        i % 7 === 0
          ? []
          : [
              store.families.recordConsent(consent(id, 'mapping', 'given', '2016-01-05T00:00:00.000Z')),
              store.families.recordConsent(consent(id, 'analysis', 'withdrawn', '2016-01-06T00:00:00.000Z')),
              store.families.recordConsent(consent(id, 'analysis', 'given', '2016-01-04T00:00:00.000Z')),
            ],
      ),
    );
    const ids = ['fa_1', 'fa_2', 'fa_3', ...many, 'fa_nobody'];
    const histories = await store.families.consentHistories(ids);
    const counts = await store.families.consentCounts(ids);
    for (const id of ids) {
      expect(histories.get(id) ?? []).toEqual(await store.families.consentHistory(id));
      expect(counts.get(id) ?? 0).toBe((await store.families.consentHistory(id)).length);
    }
    const documents = await store.families.documentsOfFamilies(ids);
    for (const id of ids) expect(documents.get(id) ?? []).toEqual(await store.families.documentsOf(id));
    await store.research.putCohort({ ...COHORT, id: 'co_many' }, [...many].reverse());
    const members = await store.research.familiesOfCohort('co_many');
    expect(members.map((f) => f.id)).toEqual(await store.research.cohortFamilies('co_many'));
    expect(members[0]).toEqual(await store.families.getFamily(members[0]!.id));
  });

  it('a family’s research stamp changes with every write of its profiles and assessments, and only its own', async () => {
    const store = await storeWithFamilies('fa_1', 'fa_2');
    expect(await store.research.researchStamps(['fa_1', 'fa_2'])).toEqual(new Map());
    const stamps: string[] = [];
    const stampOf = async () => {
      const stamp = (await store.research.researchStamps(['fa_1'])).get('fa_1');
      expect(stamp).toBeDefined();
      expect(stamps).not.toContain(stamp);
      stamps.push(stamp!);
    };
    await store.research.putProfiles([profile('pf_1', 'fa_1', '2016-01-04', { offending: 'yes' })]);
    await stampOf();
    const other = (await store.research.researchStamps(['fa_2'])).get('fa_2');
    // The same point and date again, recorded in the same millisecond: the answers are replaced.
    await store.research.putProfiles([profile('pf_2', 'fa_1', '2016-01-04', { offending: 'no' })]);
    await stampOf();
    const assessment = {
      id: 'as_1',
      familyId: 'fa_1',
      indicatorSetId: 'in_1',
      indicatorSetVersion: 1,
      point: 'referral' as const,
      assessedOn: '2016-01-04',
      ratedBy: 'together' as const,
      values: { housing: 2 },
      recordedBy: 'staff:st_1',
      recordedAt: AT,
    };
    await store.research.putAssessments([assessment]);
    await stampOf();
    await store.research.deleteAssessment('fa_1', 'as_1');
    await stampOf();
    await store.research.putAssessments([{ ...assessment, id: 'as_2' }]);
    await stampOf();
    expect((await store.research.researchStamps(['fa_2'])).get('fa_2')).toBe(other);
    await store.research.deleteProfile('fa_1', 'pf_1');
    await store.research.deleteAssessment('fa_1', 'as_2');
    expect(await store.research.researchStamps(['fa_1'])).toEqual(new Map());
  });

  it('tells its listeners of every erasure once it is committed, by ids', async () => {
    const store = await cohortStore(2);
    await store.families.addFamily({ id: 'fa_s', projectId: 'pr_a', pseudonym: 'S', createdAt: AT, createdBy: 'cli' });
    await store.research.markSynthetic(['fa_s'], 1);
    const told: ErasedRecords[] = [];
    const stop = store.onErased((erased) => told.push(erased));
    await store.families.eraseFamily('fa_1');
    await store.research.removeSynthetic('pr_a');
    await store.erase('jo_fa_2');
    stop();
    await store.erase(costsDocId('jo_fa_2'));
    expect(told).toEqual([
      { familyIds: ['fa_1'], docIds: ['jo_fa_1', costsDocId('jo_fa_1')] },
      { familyIds: ['fa_s'], docIds: [] },
      { familyIds: [], docIds: ['jo_fa_2'] },
    ]);
  });

  it('PROFILE3: what the cohort view keeps of a family goes the moment the family is erased', async () => {
    const store = await cohortStore(3);
    const before = await viewOf(store);
    expect(before.members.counted.map((f) => f.id)).toEqual(['fa_1', 'fa_2', 'fa_3']);
    const facts = factsCacheOf(store);
    const cases = casesCacheOf(store);
    const standings = standingsCacheOf(store);
    const held = () => [
      standings.holds('fa_1'),
      facts.holds('jo_fa_1'),
      cases.holds('fa_1'),
      facts.holds(COHORT.id),
      cases.holds(COHORT.id),
    ];
    expect(held()).toEqual([true, true, true, true, true]);
    await store.families.eraseFamily('fa_1');
    // At once, before anyone asks for the view again: its standing, facts and cases, and every cohort's results.
    expect(held()).toEqual([false, false, false, false, false]);
    const after = await viewOf(store);
    expect(after.members.counted.map((f) => f.id)).toEqual(['fa_2', 'fa_3']);
    expect(after.figures.eligibility.eligible).toBe(2);
    expect(after).toEqual(await viewOf(await afresh(store)));
  });

  it('what the cohort view keeps follows every write: the same view as a store opened afresh', async () => {
    const store = await cohortStore(3);
    const prices = loadReferenceData();
    const first = await viewOf(store, prices);
    expect(first.figures.eligibility).toEqual({ eligible: 3, notEligible: 0, notEnoughKnown: 0, noProfile: 0 });
    // Kept: the same figures and view again, not computed afresh.
    const again = await viewOf(store, prices);
    expect(again.figures).toBe(first.figures);
    expect(again.comparison.view).toBe(first.comparison.view);
    // A referral profile replaced in the same millisecond; consent to analysis withdrawn; a journey changed.
    await store.research.putProfiles([profile('pf_new', 'fa_2', '2016-01-04', { offending: 'no' })]);
    await store.families.recordConsent(consent('fa_3', 'analysis', 'withdrawn', '2026-12-06T10:00:00.000Z'));
    const row = (await store.getReadModel('jo_fa_1'))!;
    const changed = JSON.parse(row.json) as { stages: { progress?: { level: number } }[] };
    for (const stage of changed.stages) if (stage.progress) stage.progress.level = 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.putReadModel('jo_fa_1', JSON.stringify(changed));
    const after = await viewOf(store, prices);
    expect(after.members.counted.map((f) => f.id)).toEqual(['fa_1', 'fa_2']);
    expect(after.figures.eligibility).toEqual({ eligible: 1, notEligible: 0, notEnoughKnown: 1, noProfile: 0 });
    expect(after.comparison.view.stuck.stillStuck).toBe(1);
    expect(after).toEqual(await viewOf(await afresh(store), prices));
  });

  it('the warm-up keeps what the cohort view will ask for, of the families the cohort counts', async () => {
    const store = await cohortStore(3);
    await store.families.recordConsent(consent('fa_2', 'analysis', 'withdrawn', '2026-12-06T10:00:00.000Z'));
    const prices = loadReferenceData();
    expect(await warmCohortViews(store, prices)).toEqual({ cohorts: 1, families: 2 });
    const facts = factsCacheOf(store);
    const cases = casesCacheOf(store);
    expect(['fa_1', 'fa_2', 'fa_3'].map((id) => cases.holds(id))).toEqual([true, false, true]);
    expect(standingsCacheOf(store).holds('fa_2')).toBe(true);
    expect(['jo_fa_1', 'jo_fa_2', 'jo_fa_3'].map((id) => facts.holds(id))).toEqual([true, false, true]);
    expect(await viewOf(store, prices)).toEqual(await viewOf(await afresh(store), prices));
    // A store that has closed ends the warm-up quietly.
    await store.close();
    stores.splice(stores.indexOf(store), 1);
    expect(await warmCohortViews(store, prices)).toBeUndefined();
  });
});
