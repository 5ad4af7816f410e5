/**
 * The storage contract, research records (server/storage/research-records.ts, PROFILE1–PROFILE4):
 * a project's issue and indicator sets, issue profiles and assessments (a bulk write all or
 * none), research stamps, cohorts and their families, typing runs with their assignments and
 * labels, and synthetic families (left out of lists, removed in one step), the same on each engine.
 */
import { describe, expect, it } from 'vitest';
import type { ErasedRecords } from '../../../server/storage/document-store.ts';
import type {
  CohortRecord,
  StoredAssessment,
  StoredProfile,
  TypingRun,
} from '../../../server/storage/research-records.ts';
import { AT, ENGINES, storeFamily, storeProject, unique, useStore } from './engines.ts';

const profile = (
  familyId: string,
  assessedOn: string,
  answers: StoredProfile['answers'],
  more: Partial<StoredProfile> = {},
): StoredProfile => ({
  id: unique('pf'),
  familyId,
  issueSetId: 'tf-phase-two',
  issueSetVersion: 1,
  point: 'referral',
  assessedOn,
  answers,
  source: 'import',
  recordedBy: 'staff:st_1',
  recordedAt: AT,
  ...more,
});

const assessment = (
  familyId: string,
  assessedOn: string,
  values: Record<string, number>,
  more: Partial<StoredAssessment> = {},
): StoredAssessment => ({
  id: unique('as'),
  familyId,
  indicatorSetId: 'indicators-abc',
  indicatorSetVersion: 2,
  point: 'review',
  assessedOn,
  ratedBy: 'together',
  values,
  recordedBy: 'staff:st_1',
  recordedAt: AT,
  ...more,
});

const cohortOf = (projectId: string, name: string, more: Partial<CohortRecord> = {}): CohortRecord => ({
  id: unique('co'),
  projectId,
  name,
  synthetic: false,
  createdAt: AT,
  createdBy: 'staff:st_1',
  ...more,
});

const runOf = (cohort: CohortRecord, madeAt: string, more: Partial<TypingRun> = {}): TypingRun => ({
  id: unique('tr'),
  projectId: cohort.projectId,
  cohortId: cohort.id,
  issueSetId: 'tf-phase-two',
  issueSetVersion: 1,
  k: 2,
  chosenBy: 'silhouette',
  // Beyond 32 bits.
  seed: 2 ** 40 + 3,
  result: JSON.stringify({ sizes: [2, 1] }),
  madeAt,
  madeBy: 'staff:st_1',
  ...more,
});

describe.each(ENGINES)('research records on $name', (engine) => {
  const opened = useStore(engine);

  /** A project of its own with these many families. */
  async function families(n: number) {
    const store = opened.store;
    const project = await storeProject(store);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await storeFamily(store, project, `${project}_fa${i + 1}`));
    return { store, research: store.research, project, ids };
  }

  it('keeps versions of a project’s issue and indicator sets, newest first, each version once', async () => {
    const { research, project } = await families(0);
    const other = await storeProject(opened.store);
    const set = (kind: 'issues' | 'indicators', version: number, projectId = project) => ({
      projectId,
      kind,
      version,
      json: JSON.stringify({ id: `${kind}-x`, version }),
      createdAt: AT,
      createdBy: 'staff:st_1',
    });
    for (const s of [
      set('indicators', 1),
      set('indicators', 3),
      set('issues', 1),
      set('indicators', 2),
      set('indicators', 1, other),
    ])
      await research.putSet(s);
    expect(await research.setsOf(project, 'indicators')).toEqual([
      set('indicators', 3),
      set('indicators', 2),
      set('indicators', 1),
    ]);
    expect(await research.setsOf(project, 'issues')).toEqual([set('issues', 1)]);
    expect(await research.setsOf(other, 'issues')).toEqual([]);
    await expect(research.putSet({ ...set('indicators', 2), json: '{}' })).rejects.toThrow();
    await expect(research.putSet(set('issues', 1, 'pr_nobody'))).rejects.toThrow();
    expect((await research.setsOf(project, 'indicators'))[1]).toEqual(set('indicators', 2));
  });

  it('PROFILE2: keeps profiles written together together, or none when one cannot be; the same point and date replaces', async () => {
    const { research, ids } = await families(2);
    const [one, two] = ids as [string, string];
    const first = profile(one, '2016-01-04', { offending: 'yes', asb: 'unknown' });
    await research.putProfiles([first, profile(two, '2016-01-05', { asb: 'no' })]);
    expect(await research.profilesOf(one)).toEqual([first]);
    // Nothing to keep: nothing kept, nothing refused.
    await research.putProfiles([]);
    await research.putAssessments([]);
    await research.markSynthetic([], 1);
    expect(await research.profilesOf(one)).toEqual([first]);
    // One names a family that is not stored: nothing of the write is kept.
    await expect(
      research.putProfiles([profile(one, '2016-06-01', { offending: 'no' }), profile('fa_nobody', '2016-06-01', {})]),
    ).rejects.toThrow();
    expect(await research.profilesOf(one)).toEqual([first]);
    // The same family, point and date again replaces the answers (its id stays the first's).
    const replacing = profile(
      one,
      '2016-01-04',
      { offending: 'no' },
      { source: 'form', recordedAt: '2026-12-06T00:00:00.000Z' },
    );
    await research.putProfiles([replacing]);
    expect(await research.profilesOf(one)).toEqual([{ ...replacing, id: first.id }]);
    // Twice in one write: the later one is kept.
    await research.putProfiles([
      profile(two, '2017-01-01', { asb: 'yes' }, { point: 'closure' }),
      profile(two, '2017-01-01', { asb: 'no' }, { point: 'closure' }),
    ]);
    expect((await research.profilesOf(two)).map((p) => [p.point, p.answers])).toEqual([
      ['referral', { asb: 'no' }],
      ['closure', { asb: 'no' }],
    ]);
  });

  it('reads profiles oldest first, for one family or many, and removes one only through its family', async () => {
    const { research, ids } = await families(3);
    const [one, two, none] = ids as [string, string, string];
    const late = profile(one, '2017-01-01', { offending: 'no' }, { point: 'closure' });
    const early = profile(one, '2016-01-01', { offending: 'yes' });
    const laterSameDay = profile(
      one,
      '2016-06-01',
      { offending: 'yes' },
      { point: 'review', recordedAt: '2026-12-07T00:00:00.000Z' },
    );
    const sameDay = profile(one, '2016-06-01', { offending: 'no' }, { point: 'closure' });
    const theirs = profile(two, '2015-01-01', { asb: 'yes' });
    await research.putProfiles([late, early, laterSameDay, sameDay, theirs]);
    expect(await research.profilesOf(one)).toEqual([early, sameDay, laterSameDay, late]);
    expect(await research.profilesOf(none)).toEqual([]);
    // By family (ids of one project: `…_fa1` before `…_fa2`), then oldest first.
    const many = await research.profilesOfFamilies([two, one, none]);
    expect(many.map((p) => p.familyId)).toEqual([one, one, one, one, two]);
    expect(many.filter((p) => p.familyId === one).map((p) => p.assessedOn)).toEqual([
      '2016-01-01',
      '2016-06-01',
      '2016-06-01',
      '2017-01-01',
    ]);
    expect(await research.profilesOfFamilies([])).toEqual([]);
    await research.deleteProfile(two, early.id);
    expect(await research.profilesOf(one)).toHaveLength(4);
    await research.deleteProfile(one, early.id);
    expect(await research.profilesOf(one)).toEqual([sameDay, laterSameDay, late]);
  });

  it('keeps assessments all or none, reads them oldest first, and removes one only through its family', async () => {
    const { research, ids } = await families(2);
    const [one, two] = ids as [string, string];
    const later = assessment(one, '2016-06-01', { housing: 3, 'school-attendance': 92.5 });
    const earlier = assessment(one, '2016-01-01', { housing: 1 }, { point: 'referral', ratedBy: 'worker' });
    const theirs = assessment(two, '2016-03-01', { housing: 2 }, { ratedBy: 'family' });
    await research.putAssessments([later, earlier, theirs]);
    expect(await research.assessmentsOf(one)).toEqual([earlier, later]);
    expect(await research.assessmentsOfFamilies([two, one])).toEqual([earlier, later, theirs]);
    expect(await research.assessmentsOfFamilies([])).toEqual([]);
    // One of them cannot be kept (its id is taken): none is.
    const fresh = assessment(two, '2017-01-01', { housing: 4 });
    await expect(research.putAssessments([fresh, { ...later, familyId: two }])).rejects.toThrow();
    expect(await research.assessmentsOf(two)).toEqual([theirs]);
    await research.deleteAssessment(two, later.id);
    expect(await research.assessmentsOf(one)).toEqual([earlier, later]);
    await research.deleteAssessment(one, later.id);
    expect(await research.assessmentsOf(one)).toEqual([earlier]);
  });

  it('gives each family a research stamp that changes with every write of its profiles and assessments, and only its own', async () => {
    const { research, ids } = await families(2);
    const [one, two] = ids as [string, string];
    expect(await research.researchStamps([one, two])).toEqual(new Map());
    const seen: string[] = [];
    const stampChanged = async () => {
      const stamp = (await research.researchStamps([one])).get(one);
      expect(stamp).toBeDefined();
      expect(seen).not.toContain(stamp);
      seen.push(stamp!);
      // Reading does not change it.
      expect((await research.researchStamps([one, two])).get(one)).toBe(stamp);
    };
    const first = profile(one, '2016-01-04', { offending: 'yes' });
    await research.putProfiles([first]);
    await stampChanged();
    await research.putProfiles([profile(two, '2016-01-04', { offending: 'yes' })]);
    const theirs = (await research.researchStamps([two])).get(two);
    expect(theirs).toBeDefined();
    expect((await research.researchStamps([one])).get(one)).toBe(seen.at(-1));
    // The same point and date again, recorded in the same millisecond: the answers are replaced.
    await research.putProfiles([profile(one, '2016-01-04', { offending: 'no' })]);
    await stampChanged();
    // The very same answers again.
    await research.putProfiles([profile(one, '2016-01-04', { offending: 'no' })]);
    await stampChanged();
    const a = assessment(one, '2016-01-04', { housing: 2 });
    await research.putAssessments([a]);
    await stampChanged();
    await research.deleteAssessment(one, a.id);
    await stampChanged();
    await research.putAssessments([{ ...a, id: unique('as') }]);
    await stampChanged();
    expect((await research.researchStamps([two])).get(two)).toBe(theirs);
    await research.deleteProfile(one, first.id);
    await stampChanged();
    const [left] = await research.assessmentsOf(one);
    await research.deleteAssessment(one, left!.id);
    expect(await research.researchStamps([one, two])).toEqual(new Map([[two, theirs]]));
  });

  it('keeps cohorts of families, lists a project’s cohorts, changes which families one has, and deletes it', async () => {
    const { store, research, project, ids } = await families(3);
    const [one, two, three] = ids as [string, string, string];
    const other = await storeProject(store);
    const all = cohortOf(project, 'all families');
    const referred = cohortOf(project, 'Referred in 2016');
    const demo = cohortOf(project, 'A demonstration', { synthetic: true });
    const theirs = cohortOf(other, 'Elsewhere');
    await research.putCohort(referred, [three, one]);
    await research.putCohort(all, [three, two, one, one]);
    await research.putCohort(demo, []);
    await research.putCohort(theirs, []);
    expect(await research.getCohort(referred.id)).toEqual(referred);
    expect(await research.getCohort(demo.id)).toEqual(demo);
    expect(await research.getCohort('co_nobody')).toBeUndefined();
    // Real cohorts before synthetic ones, by name whatever its case.
    expect((await research.cohortsOf([project])).map((c) => c.id)).toEqual([all.id, referred.id, demo.id]);
    expect((await research.cohortsOf([project, other])).map((c) => c.id)).toEqual([
      all.id,
      theirs.id,
      referred.id,
      demo.id,
    ]);
    expect(await research.cohortsOf([])).toEqual([]);
    expect(await research.cohortFamilies(all.id)).toEqual([one, two, three]);
    expect(await research.familiesOfCohort(referred.id)).toEqual([
      await store.families.getFamily(one),
      await store.families.getFamily(three),
    ]);
    expect(await research.cohortFamilies('co_nobody')).toEqual([]);

    // Put again: a new name and other families; what it is and when it was made stay.
    await research.putCohort(
      { ...referred, name: 'Referred in 2017', synthetic: true, createdAt: '2030-01-01T00:00:00.000Z' },
      [two],
    );
    expect(await research.getCohort(referred.id)).toEqual({ ...referred, name: 'Referred in 2017' });
    expect(await research.cohortFamilies(referred.id)).toEqual([two]);
    // A family that is not stored: refused, and the cohort is as it was.
    await expect(research.putCohort(referred, [one, 'fa_nobody'])).rejects.toThrow();
    expect(await research.cohortFamilies(referred.id)).toEqual([two]);

    const run = runOf(all, AT);
    await research.addTypingRun(run, new Map([[one, 0]]));
    await research.deleteCohort(all.id);
    expect(await research.getCohort(all.id)).toBeUndefined();
    expect(await research.cohortFamilies(all.id)).toEqual([]);
    expect(await research.getTypingRun(run.id)).toBeUndefined();
    expect(await store.families.getFamily(one)).toBeDefined();
  });

  it('keeps typing runs with each family’s type and the labels researchers gave; a family’s type is from the newest run', async () => {
    const { research, project, ids } = await families(3);
    const [one, two, three] = ids as [string, string, string];
    const cohort = cohortOf(project, 'All');
    await research.putCohort(cohort, ids);
    const older = runOf(cohort, '2026-01-01T00:00:00.000Z');
    const newer = runOf(cohort, '2026-02-01T00:00:00.000Z', { k: 3, chosenBy: 'researcher' });
    const sameTime = runOf(cohort, '2026-02-01T00:00:00.000Z', { id: `${newer.id}_z` });
    await research.addTypingRun(
      older,
      new Map([
        [one, 0],
        [two, 1],
        [three, 1],
      ]),
    );
    await research.addTypingRun(
      newer,
      new Map([
        [one, 2],
        [two, 0],
      ]),
    );
    await research.addTypingRun(sameTime, new Map([[two, 1]]));
    expect(await research.getTypingRun(older.id)).toEqual(older);
    expect(await research.getTypingRun('tr_nobody')).toBeUndefined();
    expect((await research.typingRunsOf(cohort.id)).map((r) => r.id)).toEqual([newer.id, sameTime.id, older.id]);
    expect(await research.typingRunsOf('co_nobody')).toEqual([]);
    expect(await research.assignmentsOf(older.id)).toEqual(
      new Map([
        [one, 0],
        [two, 1],
        [three, 1],
      ]),
    );
    expect(await research.assignmentsOf('tr_nobody')).toEqual(new Map());

    const label = (runId: string, typeIndex: number, text: string) => ({
      runId,
      typeIndex,
      label: text,
      editedBy: 'staff:st_1',
      editedAt: AT,
    });
    await research.labelType(label(newer.id, 2, 'Isolated'));
    await research.labelType(label(newer.id, 0, 'Chaotic'));
    await research.labelType({ ...label(newer.id, 2, 'Isolated, with a worker'), editedBy: 'staff:st_2' });
    expect(await research.labelsOf(newer.id)).toEqual([
      label(newer.id, 0, 'Chaotic'),
      { ...label(newer.id, 2, 'Isolated, with a worker'), editedBy: 'staff:st_2' },
    ]);
    expect(await research.labelsOf(older.id)).toEqual([]);
    expect(await research.familyTypes([one, two, three, 'fa_nobody'])).toEqual(
      new Map([
        [one, { runId: newer.id, typeIndex: 2, label: 'Isolated, with a worker' }],
        // Two runs made at the same moment: the one with the later id.
        [two, { runId: sameTime.id, typeIndex: 1 }],
        [three, { runId: older.id, typeIndex: 1 }],
      ]),
    );
    expect(await research.familyTypes([])).toEqual(new Map());

    // A run naming a family that is not stored keeps nothing; the same id again is refused.
    const broken = runOf(cohort, AT);
    await expect(
      research.addTypingRun(
        broken,
        new Map([
          [one, 0],
          ['fa_nobody', 1],
        ]),
      ),
    ).rejects.toThrow();
    expect(await research.getTypingRun(broken.id)).toBeUndefined();
    await expect(research.addTypingRun(older, new Map())).rejects.toThrow();
    await expect(research.labelType(label('tr_nobody', 0, 'x'))).rejects.toThrow();
  });

  it('PROFILE4: leaves synthetic families out of family lists and removes a project’s in one step, with all they own', async () => {
    const { store, research, project, ids } = await families(3);
    const [real, s1, s2] = ids as [string, string, string];
    const other = await storeProject(store);
    const elsewhere = await storeFamily(store, other);
    await research.markSynthetic([s2, s1], 18);
    await research.markSynthetic([s1], 19);
    await research.markSynthetic([elsewhere], 2 ** 40);
    expect((await store.families.listFamilies([project])).map((f) => f.id)).toEqual([real]);
    const everyone = (await store.families.listFamilies()).map((f) => f.id);
    expect(everyone).toContain(real);
    expect(everyone).not.toContain(s1);
    expect(everyone).not.toContain(elsewhere);
    expect(await store.families.getFamily(s1)).toBeDefined();
    expect(await research.syntheticFamilies(project)).toEqual([s1, s2]);
    const all = await research.allSyntheticFamilies();
    expect(all).toBeInstanceOf(Set);
    expect([s1, s2, elsewhere].every((id) => all.has(id))).toBe(true);
    expect(all.has(real)).toBe(false);

    await research.putProfiles([
      profile(s1, '2016-01-04', { offending: 'yes' }),
      profile(real, '2016-01-04', { asb: 'no' }),
    ]);
    await research.putAssessments([assessment(s2, '2016-01-04', { housing: 1 })]);
    const demo = cohortOf(project, 'Demonstration', { synthetic: true });
    const mixed = cohortOf(project, 'Real families');
    await research.putCohort(demo, [s1, s2]);
    await research.putCohort(mixed, [real, s1]);
    const run = runOf(mixed, AT);
    const realRun = runOf(mixed, AT);
    await research.addTypingRun(
      run,
      new Map([
        [real, 0],
        [s1, 1],
      ]),
    );
    await research.addTypingRun(realRun, new Map([[real, 0]]));
    const told: ErasedRecords[] = [];
    const stop = store.onErased((erased) => told.push(erased));

    expect(await research.removeSynthetic(project)).toBe(2);
    stop();
    expect(told.map((t) => ({ familyIds: [...t.familyIds].sort(), docIds: t.docIds }))).toEqual([
      { familyIds: [s1, s2].sort(), docIds: [] },
    ]);
    expect(await store.families.getFamily(s1)).toBeUndefined();
    expect(await store.families.getFamily(s2)).toBeUndefined();
    expect(await research.profilesOf(s1)).toEqual([]);
    expect(await research.assessmentsOf(s2)).toEqual([]);
    expect(await research.getCohort(demo.id)).toBeUndefined();
    expect(await research.cohortFamilies(mixed.id)).toEqual([real]);
    expect(await research.getTypingRun(run.id)).toBeUndefined();
    expect(await research.getTypingRun(realRun.id)).toEqual(realRun);
    expect(await research.syntheticFamilies(project)).toEqual([]);
    expect((await research.allSyntheticFamilies()).has(s1)).toBe(false);
    // The real family and another project's synthetic one are left.
    expect(await research.profilesOf(real)).toHaveLength(1);
    expect(await research.syntheticFamilies(other)).toEqual([elsewhere]);
    expect(await research.removeSynthetic(project)).toBe(0);
    await expect(research.markSynthetic(['fa_nobody'], 1)).rejects.toThrow();
  });
});
