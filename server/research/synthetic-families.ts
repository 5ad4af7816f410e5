/**
 * Demonstration families for the research pages: a few hundred synthetic families in Supporting
 * Leicestershire Families' four published types and sizes (src/cluster/synthetic.ts: the issues
 * in each type are ours, invented, and said to be), each with an issue profile at referral and at
 * closure, so a new team can try cohorts, family types and outcome figures before recording any
 * family of their own.
 *
 * They are marked synthetic (a server record), named so ("Synthetic family 017"), left out of
 * every family list, cohort, report and export unless the synthetic cohort is chosen by name,
 * and removed in one step from the cohorts page. A store gets them once, with the examples.
 */
import { ILLUSTRATIVE_NOTE, createRandom, syntheticCohort } from '../../src/cluster/index.ts';
import { PHASE_TWO_ISSUE_SET } from '../../src/issues/index.ts';
import { newId, type Answer } from '../../src/model/index.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { StoredProfile } from '../storage/research-records.ts';

const SYNTHETIC_STEP = 'synthetic-families-v1';
export const SYNTHETIC_FAMILIES = 300;
const SEED = 2016;
/** Their cohort's name, by which it is chosen: never mixed with real families. */
export const SYNTHETIC_COHORT_NAME = 'Synthetic demonstration families (illustrative)';

/** Closure is invented too: each issue present at referral has gone with this chance, and a few arrive. */
const RESOLVED = 0.55;
const ARRIVED = 0.04;

export async function seedSyntheticFamilies(
  store: DocumentStore,
  projectId: string,
  families = SYNTHETIC_FAMILIES,
): Promise<number> {
  if (await store.families.stepDone(SYNTHETIC_STEP)) return 0;
  const set = PHASE_TWO_ISSUE_SET;
  const cohort = syntheticCohort({ families, seed: SEED, issueIds: set.issues.map((issue) => issue.id) });
  const rng = createRandom(SEED + 1);
  const at = new Date().toISOString();
  const ids = cohort.profiles.map(() => newId('fa'));
  // Asked for together: committed in a few groups, not one flush each.
  await Promise.all(
    ids.map((id, index) =>
      store.families.addFamily({
        id,
        projectId,
        pseudonym: `Synthetic family ${String(index + 1).padStart(3, '0')}`,
        createdAt: at,
        createdBy: 'synthetic',
      }),
    ),
  );
  await store.research.markSynthetic(ids, SEED);
  const profile = (
    familyId: string,
    point: 'referral' | 'closure',
    assessedOn: string,
    answers: Record<string, Answer>,
  ): StoredProfile => ({
    id: newId('pf'),
    familyId,
    issueSetId: set.id,
    issueSetVersion: set.version,
    point,
    assessedOn,
    answers,
    source: 'synthetic',
    recordedBy: 'synthetic',
    recordedAt: at,
  });
  const profiles = cohort.profiles.flatMap((row, index) => {
    const familyId = ids[index] ?? '';
    const month = String((index % 12) + 1).padStart(2, '0');
    const referral = Object.fromEntries(cohort.issueIds.map((id, j): [string, Answer] => [id, row[j] ? 'yes' : 'no']));
    const closure = Object.fromEntries(
      cohort.issueIds.map((id, j): [string, Answer] => {
        const present = row[j] ? rng.nextFloat() >= RESOLVED : rng.nextFloat() < ARRIVED;
        return [id, present ? 'yes' : 'no'];
      }),
    );
    return [
      profile(familyId, 'referral', `2016-${month}-01`, referral),
      profile(familyId, 'closure', `2017-${month}-01`, closure),
    ];
  });
  await store.research.putProfiles(profiles);
  await store.research.putCohort(
    { id: newId('co'), projectId, name: SYNTHETIC_COHORT_NAME, synthetic: true, createdAt: at, createdBy: 'synthetic' },
    ids,
  );
  await store.families.markStepDone(SYNTHETIC_STEP);
  return ids.length;
}

/** Said wherever synthetic families are shown. */
export const SYNTHETIC_NOTE = ILLUSTRATIVE_NOTE;
