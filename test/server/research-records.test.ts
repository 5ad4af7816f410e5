/**
 * The research records in real SQLite (server/storage/research-records.ts, server/SPEC.md
 * PROFILE1–PROFILE3): a bulk write is all or none; a family's profiles, assessments, cohort
 * memberships and type assignments go when it is erased, with every typing run it was part of;
 * synthetic families stay out of family lists and go in one step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_SETTINGS } from '../../server/auth/projects.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import type { StoredProfile } from '../../server/storage/research-records.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { journeyTypes } from '../../server/research/family-typing.ts';
import { storeJourney } from '../../server/journey-library.ts';
import { smallJourney } from '../fixtures/small-journey.ts';

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
