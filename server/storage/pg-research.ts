/**
 * The research records (research-records.ts) in PostgreSQL: each write one write of the group's
 * transaction, through the store's one ordered queue (pg-writes.ts), and the reads on the pool.
 * The same rows and the same answers as on SQLite (sqlite-research.ts).
 *
 * Reads for many families at once are one query each, the ids as one array parameter: the cohort
 * view asks about thousands of families. Bulk writes (an import, a cohort, a typing run, the
 * synthetic families) are one statement over arrays (`unnest`), inside the write's savepoint, so
 * they stay all or nothing.
 */
import type pg from 'pg';
import type { ErasureListeners } from './document-store.ts';
import type { PgTx, PgWriter } from './pg-writes.ts';
import { now } from './pg-rows.ts';
import type {
  FamilyType,
  ResearchRecords,
  SetKind,
  StoredAssessment,
  StoredProfile,
  TypeLabel,
  TypingRun,
} from './research-records.ts';
import {
  type AssessmentRow,
  type CohortRow,
  type FamilyRow,
  type ProfileRow,
  toAssessment,
  toCohort,
  toFamily,
  toProfile,
} from './stored-rows.ts';

/*
 * Text is ordered byte by byte ("C"), as SQLite orders it, whatever the database's collation;
 * `lower()` under "C" folds ASCII letters only, as SQLite's NOCASE does.
 */
const SQL = {
  putSet: `INSERT INTO research_sets (project_id, kind, version, json, created_at, created_by)
    VALUES ($1, $2, $3, $4, $5, $6)`,
  putProfiles: `INSERT INTO issue_profiles (id, family_id, issue_set_id, issue_set_version, point, assessed_on, answers,
      source, recorded_by, recorded_at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[],
      $8::text[], $9::text[], $10::text[])
    ON CONFLICT (family_id, point, assessed_on) DO UPDATE SET issue_set_id = excluded.issue_set_id,
      issue_set_version = excluded.issue_set_version, answers = excluded.answers, source = excluded.source,
      recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
  putAssessments: `INSERT INTO assessments (id, family_id, indicator_set_id, indicator_set_version, point, assessed_on,
      rated_by, vals, recorded_by, recorded_at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[],
      $8::text[], $9::text[], $10::text[])`,
  putCohort: `INSERT INTO cohorts (id, project_id, name, synthetic, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
  addToCohort: `INSERT INTO cohort_families (cohort_id, family_id) SELECT $1::text, unnest($2::text[])
    ON CONFLICT DO NOTHING`,
  addRun: `INSERT INTO typing_runs (id, project_id, cohort_id, issue_set_id, issue_set_version, k, chosen_by, seed,
      result, made_at, made_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
  assign: `INSERT INTO typing_assignments (run_id, family_id, type_index)
    SELECT $1::text, * FROM unnest($2::text[], $3::integer[])`,
  labelType: `INSERT INTO type_labels (run_id, type_index, label, edited_by, edited_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (run_id, type_index) DO UPDATE SET label = excluded.label, edited_by = excluded.edited_by,
      edited_at = excluded.edited_at`,
  markSynthetic: `INSERT INTO synthetic_families (family_id, seed, made_at)
    SELECT unnest($1::text[]), $2::bigint, $3::text ON CONFLICT DO NOTHING`,
  /** Typing runs these families were part of hold aggregates of their answers: they go with them, as on erasure. */
  deleteRunsOf: 'DELETE FROM typing_runs WHERE id IN (SELECT run_id FROM typing_assignments WHERE family_id = ANY($1))',
  touchProfiles: 'UPDATE issue_profiles SET answers = answers WHERE family_id = $1',
  touchAssessments: 'UPDATE assessments SET vals = vals WHERE family_id = $1',
  syntheticOf: `SELECT s.family_id FROM synthetic_families s JOIN families f ON f.id = s.family_id
    WHERE f.project_id = $1 ORDER BY s.family_id COLLATE "C"`,

  setsOf: 'SELECT * FROM research_sets WHERE project_id = $1 AND kind = $2 ORDER BY version DESC',
  profilesOf: `SELECT * FROM issue_profiles WHERE family_id = $1
    ORDER BY assessed_on COLLATE "C", recorded_at COLLATE "C", id COLLATE "C"`,
  profilesOfFamilies: `SELECT * FROM issue_profiles WHERE family_id = ANY($1)
    ORDER BY family_id COLLATE "C", assessed_on COLLATE "C", id COLLATE "C"`,
  assessmentsOf: `SELECT * FROM assessments WHERE family_id = $1
    ORDER BY assessed_on COLLATE "C", recorded_at COLLATE "C", id COLLATE "C"`,
  assessmentsOfFamilies: `SELECT * FROM assessments WHERE family_id = ANY($1)
    ORDER BY family_id COLLATE "C", assessed_on COLLATE "C", id COLLATE "C"`,
  getCohort: 'SELECT * FROM cohorts WHERE id = $1',
  cohortsOf: `SELECT * FROM cohorts WHERE project_id = ANY($1)
    ORDER BY synthetic, lower(name COLLATE "C"), id COLLATE "C"`,
  cohortFamilies: 'SELECT family_id FROM cohort_families WHERE cohort_id = $1 ORDER BY family_id COLLATE "C"',
  familiesOfCohort: `SELECT f.* FROM cohort_families m JOIN families f ON f.id = m.family_id WHERE m.cohort_id = $1
    ORDER BY f.id COLLATE "C"`,
  runsOf: 'SELECT * FROM typing_runs WHERE cohort_id = $1 ORDER BY made_at COLLATE "C" DESC, id COLLATE "C"',
  getRun: 'SELECT * FROM typing_runs WHERE id = $1',
  assignmentsOf: `SELECT family_id, type_index FROM typing_assignments WHERE run_id = $1
    ORDER BY family_id COLLATE "C"`,
  labelsOf: 'SELECT * FROM type_labels WHERE run_id = $1 ORDER BY type_index',
  familyTypes: `SELECT a.family_id, a.run_id, a.type_index, l.label FROM typing_assignments a
    JOIN typing_runs r ON r.id = a.run_id
    LEFT JOIN type_labels l ON l.run_id = a.run_id AND l.type_index = a.type_index
    WHERE a.family_id = ANY($1) ORDER BY r.made_at COLLATE "C", r.id COLLATE "C", a.family_id COLLATE "C"`,
  allSynthetic: 'SELECT family_id FROM synthetic_families ORDER BY family_id COLLATE "C"',
  /*
   * Research stamps: each family's count and latest `recorded_at` of profiles and of assessments,
   * as on SQLite, and a digest of its rows' xmin (the transaction that last wrote each row).
   * SQLite adds a counter of this process's writes, for a profile replaced in the same
   * millisecond as the last; other processes write here too, so the stamp comes from the
   * database alone. An insert or update gives its rows an xmin that no stamp read before it
   * committed holds, and a removal rewrites the family's remaining rows (`removeOne`) so that
   * it does too: a family's stamp never comes back to an earlier one, under which a reading
   * taken just after that stamp might be kept. The whole set of xmins, not its maximum: ids are
   * handed out when a write starts, not when it commits, so a row replaced by a process that
   * started before another but committed after it would leave the maximum as it was.
   */
  stamps: `SELECT family_id, 'p' AS what, count(*) AS n, max(recorded_at) AS at,
      md5(string_agg(xmin::text, ' ' ORDER BY xmin::text::bigint)) AS rows
    FROM issue_profiles WHERE family_id = ANY($1) GROUP BY family_id
    UNION ALL
    SELECT family_id, 'a', count(*), max(recorded_at), md5(string_agg(xmin::text, ' ' ORDER BY xmin::text::bigint))
    FROM assessments WHERE family_id = ANY($1) GROUP BY family_id
    ORDER BY what DESC`,
};

interface RunRow {
  id: string;
  project_id: string;
  cohort_id: string;
  issue_set_id: string;
  issue_set_version: number;
  k: number;
  chosen_by: TypingRun['chosenBy'];
  /** bigint: text from the driver. */
  seed: string;
  result: string;
  made_at: string;
  made_by: string;
}
const toRun = (r: RunRow): TypingRun => ({
  id: r.id,
  projectId: r.project_id,
  cohortId: r.cohort_id,
  issueSetId: r.issue_set_id,
  issueSetVersion: r.issue_set_version,
  k: r.k,
  chosenBy: r.chosen_by,
  seed: Number(r.seed),
  result: r.result,
  madeAt: r.made_at,
  madeBy: r.made_by,
});

interface LabelRow {
  run_id: string;
  type_index: number;
  label: string;
  edited_by: string;
  edited_at: string;
}

/**
 * Keep profiles in the order given, as SQLite keeps them one by one. One statement cannot
 * update a row twice: a later profile for the same family, point and date as an earlier one in
 * the list goes in the next statement, so it replaces the earlier one's answers as on SQLite.
 */
async function putProfiles(tx: PgTx, profiles: readonly StoredProfile[]): Promise<void> {
  let batch: StoredProfile[] = [];
  let keys = new Set<string>();
  const flush = async () => {
    if (batch.length === 0) return;
    const column = <V>(of: (p: StoredProfile) => V) => batch.map(of);
    await tx.query(SQL.putProfiles, [
      column((p) => p.id),
      column((p) => p.familyId),
      column((p) => p.issueSetId),
      column((p) => p.issueSetVersion),
      column((p) => p.point),
      column((p) => p.assessedOn),
      column((p) => JSON.stringify(p.answers)),
      column((p) => p.source),
      column((p) => p.recordedBy),
      column((p) => p.recordedAt),
    ]);
    batch = [];
    keys = new Set();
  };
  for (const p of profiles) {
    const key = JSON.stringify([p.familyId, p.point, p.assessedOn]);
    if (keys.has(key)) await flush();
    keys.add(key);
    batch.push(p);
  }
  await flush();
}

export function pgResearchRecords(pool: pg.Pool, write: PgWriter, erasures: ErasureListeners): ResearchRecords {
  const rows = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) =>
    (await pool.query<R>(text, values)).rows;
  /** Many families at once: one query, none for no families. */
  const ofFamilies = async <R extends pg.QueryResultRow>(text: string, familyIds: readonly string[]) =>
    familyIds.length === 0 ? [] : rows<R>(text, [[...familyIds]]);
  /**
   * Remove one profile or assessment, and rewrite the family's rows left so that its research
   * stamp is new (above). Resolves to whether there was one, as on SQLite (the interface reads it as void).
   */
  const removeOne = (text: string, familyId: string, id: string) =>
    write<unknown>(async (tx) => {
      if (((await tx.query(text, [familyId, id])).rowCount ?? 0) === 0) return false;
      await tx.query(SQL.touchProfiles, [familyId]);
      await tx.query(SQL.touchAssessments, [familyId]);
      return true;
    }) as Promise<void>;
  return {
    putSet: (s) =>
      write(async (tx) => {
        await tx.query(SQL.putSet, [s.projectId, s.kind, s.version, s.json, s.createdAt, s.createdBy]);
      }),
    setsOf: async (projectId: string, kind: SetKind) =>
      (
        await rows<{
          project_id: string;
          kind: SetKind;
          version: number;
          json: string;
          created_at: string;
          created_by: string;
        }>(SQL.setsOf, [projectId, kind])
      ).map((r) => ({
        projectId: r.project_id,
        kind: r.kind,
        version: r.version,
        json: r.json,
        createdAt: r.created_at,
        createdBy: r.created_by,
      })),
    putProfiles: (profiles) => write((tx) => putProfiles(tx, profiles)),
    deleteProfile: (familyId, id) =>
      removeOne('DELETE FROM issue_profiles WHERE family_id = $1 AND id = $2', familyId, id),
    profilesOf: async (familyId) => (await rows<ProfileRow>(SQL.profilesOf, [familyId])).map(toProfile),
    profilesOfFamilies: async (familyIds) =>
      (await ofFamilies<ProfileRow>(SQL.profilesOfFamilies, familyIds)).map(toProfile),
    putAssessments: (assessments) =>
      write(async (tx) => {
        const column = <V>(of: (a: StoredAssessment) => V) => assessments.map(of);
        await tx.query(SQL.putAssessments, [
          column((a) => a.id),
          column((a) => a.familyId),
          column((a) => a.indicatorSetId),
          column((a) => a.indicatorSetVersion),
          column((a) => a.point),
          column((a) => a.assessedOn),
          column((a) => a.ratedBy),
          column((a) => JSON.stringify(a.values)),
          column((a) => a.recordedBy),
          column((a) => a.recordedAt),
        ]);
      }),
    deleteAssessment: (familyId, id) =>
      removeOne('DELETE FROM assessments WHERE family_id = $1 AND id = $2', familyId, id),
    assessmentsOf: async (familyId) => (await rows<AssessmentRow>(SQL.assessmentsOf, [familyId])).map(toAssessment),
    assessmentsOfFamilies: async (familyIds) =>
      (await ofFamilies<AssessmentRow>(SQL.assessmentsOfFamilies, familyIds)).map(toAssessment),
    putCohort: (c, familyIds) =>
      write(async (tx) => {
        await tx.query(SQL.putCohort, [c.id, c.projectId, c.name, c.synthetic ? 1 : 0, c.createdAt, c.createdBy]);
        await tx.query('DELETE FROM cohort_families WHERE cohort_id = $1', [c.id]);
        await tx.query(SQL.addToCohort, [c.id, [...familyIds]]);
      }),
    deleteCohort: (cohortId) =>
      write(async (tx) => {
        await tx.query('DELETE FROM cohorts WHERE id = $1', [cohortId]);
      }),
    getCohort: async (cohortId) => {
      const [row] = await rows<CohortRow>(SQL.getCohort, [cohortId]);
      return row && toCohort(row);
    },
    cohortsOf: async (projectIds) => (await rows<CohortRow>(SQL.cohortsOf, [[...projectIds]])).map(toCohort),
    cohortFamilies: async (cohortId) =>
      (await rows<{ family_id: string }>(SQL.cohortFamilies, [cohortId])).map((r) => r.family_id),
    familiesOfCohort: async (cohortId) => (await rows<FamilyRow>(SQL.familiesOfCohort, [cohortId])).map(toFamily),
    researchStamps: async (familyIds) => {
      const found = await ofFamilies<{ family_id: string; what: string; n: string; at: string; rows: string }>(
        SQL.stamps,
        familyIds,
      );
      const stamps = new Map<string, string>();
      for (const r of found) {
        const before = stamps.get(r.family_id);
        stamps.set(r.family_id, `${before === undefined ? '' : `${before} `}${r.what}${Number(r.n)}@${r.at}#${r.rows}`);
      }
      return stamps;
    },
    addTypingRun: (r, assignments) =>
      write(async (tx) => {
        await tx.query(SQL.addRun, [
          r.id,
          r.projectId,
          r.cohortId,
          r.issueSetId,
          r.issueSetVersion,
          r.k,
          r.chosenBy,
          r.seed,
          r.result,
          r.madeAt,
          r.madeBy,
        ]);
        await tx.query(SQL.assign, [r.id, [...assignments.keys()], [...assignments.values()]]);
      }),
    typingRunsOf: async (cohortId) => (await rows<RunRow>(SQL.runsOf, [cohortId])).map(toRun),
    getTypingRun: async (runId) => {
      const [row] = await rows<RunRow>(SQL.getRun, [runId]);
      return row && toRun(row);
    },
    assignmentsOf: async (runId) =>
      new Map(
        (await rows<{ family_id: string; type_index: number }>(SQL.assignmentsOf, [runId])).map((r) => [
          r.family_id,
          r.type_index,
        ]),
      ),
    labelType: (l) =>
      write(async (tx) => {
        await tx.query(SQL.labelType, [l.runId, l.typeIndex, l.label, l.editedBy, l.editedAt]);
      }),
    labelsOf: async (runId) =>
      (await rows<LabelRow>(SQL.labelsOf, [runId])).map((r): TypeLabel => ({
        runId: r.run_id,
        typeIndex: r.type_index,
        label: r.label,
        editedBy: r.edited_by,
        editedAt: r.edited_at,
      })),
    familyTypes: async (familyIds) => {
      const found = await ofFamilies<{ family_id: string; run_id: string; type_index: number; label: string | null }>(
        SQL.familyTypes,
        familyIds,
      );
      // Oldest first: a newer run's type replaces an older one.
      const types = new Map<string, FamilyType>();
      for (const r of found)
        types.set(r.family_id, {
          runId: r.run_id,
          typeIndex: r.type_index,
          ...(r.label === null ? {} : { label: r.label }),
        });
      return types;
    },
    markSynthetic: (familyIds, seed) =>
      write(async (tx) => {
        await tx.query(SQL.markSynthetic, [[...familyIds], seed, now()]);
      }),
    syntheticFamilies: async (projectId) =>
      (await rows<{ family_id: string }>(SQL.syntheticOf, [projectId])).map((r) => r.family_id),
    allSyntheticFamilies: async () =>
      new Set((await rows<{ family_id: string }>(SQL.allSynthetic, [])).map((r) => r.family_id)),
    removeSynthetic: async (projectId) => {
      const familyIds = await write(async (tx) => {
        const ids = (await tx.query<{ family_id: string }>(SQL.syntheticOf, [projectId])).rows.map((r) => r.family_id);
        await tx.query('DELETE FROM cohorts WHERE project_id = $1 AND synthetic = 1', [projectId]);
        await tx.query(SQL.deleteRunsOf, [ids]);
        // Cascades: profiles, assessments, cohort memberships, type assignments, the synthetic mark.
        await tx.query('DELETE FROM families WHERE id = ANY($1)', [ids]);
        return ids;
      });
      erasures.announce({ familyIds, docIds: [] });
      return familyIds.length;
    },
  };
}
