/**
 * The research records (research-records.ts) in SQLite: the writes as plain data for the writer
 * thread and how it performs them, and the reads on the store's read-only connection.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ErasureListeners } from './document-store.ts';
import { inList, now } from './sqlite-rows.ts';
import type {
  CohortRecord,
  FamilyType,
  ResearchRecords,
  SetKind,
  StoredAssessment,
  StoredProfile,
  StoredSet,
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
  toProfile,
} from './stored-rows.ts';

export type ResearchWrite =
  | { op: 'putSet'; docId?: undefined; set: StoredSet }
  | { op: 'putProfiles'; docId?: undefined; profiles: readonly StoredProfile[] }
  | { op: 'deleteProfile'; docId?: undefined; familyId: string; id: string }
  | { op: 'putAssessments'; docId?: undefined; assessments: readonly StoredAssessment[] }
  | { op: 'deleteAssessment'; docId?: undefined; familyId: string; id: string }
  | { op: 'putCohort'; docId?: undefined; cohort: CohortRecord; familyIds: readonly string[] }
  | { op: 'deleteCohort'; docId?: undefined; cohortId: string }
  | { op: 'addTypingRun'; docId?: undefined; run: TypingRun; assignments: [string, number][] }
  | { op: 'labelType'; docId?: undefined; label: TypeLabel }
  | { op: 'markSynthetic'; docId?: undefined; familyIds: readonly string[]; seed: number }
  | { op: 'removeSynthetic'; docId?: undefined; projectId: string };

const RESEARCH_OPS = new Set<string>([
  'putSet',
  'putProfiles',
  'deleteProfile',
  'putAssessments',
  'deleteAssessment',
  'putCohort',
  'deleteCohort',
  'addTypingRun',
  'labelType',
  'markSynthetic',
  'removeSynthetic',
]);

export const isResearchWrite = (write: { op: string }): write is ResearchWrite => RESEARCH_OPS.has(write.op);

/**
 * Typing runs a family was part of: deleted when the family goes (erasure, or removing the
 * synthetic families), since a run's result holds aggregates of its answers.
 */
export const DELETE_RUNS_OF_FAMILY =
  'DELETE FROM typing_runs WHERE id IN (SELECT run_id FROM typing_assignments WHERE family_id = ?)';

/** On the writer thread: performs research writes inside the group's transaction. */
export function researchWriter(db: DatabaseSync): (write: ResearchWrite) => unknown {
  const sql = {
    putSet: db.prepare(
      'INSERT INTO research_sets (project_id, kind, version, json, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    putProfile: db.prepare(
      `INSERT INTO issue_profiles (id, family_id, issue_set_id, issue_set_version, point, assessed_on, answers,
         source, recorded_by, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (family_id, point, assessed_on) DO UPDATE SET issue_set_id = excluded.issue_set_id,
         issue_set_version = excluded.issue_set_version, answers = excluded.answers, source = excluded.source,
         recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
    ),
    deleteProfile: db.prepare('DELETE FROM issue_profiles WHERE family_id = ? AND id = ?'),
    putAssessment: db.prepare(
      `INSERT INTO assessments (id, family_id, indicator_set_id, indicator_set_version, point, assessed_on, rated_by,
         vals, recorded_by, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteAssessment: db.prepare('DELETE FROM assessments WHERE family_id = ? AND id = ?'),
    putCohort: db.prepare(
      `INSERT INTO cohorts (id, project_id, name, synthetic, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
    ),
    clearCohort: db.prepare('DELETE FROM cohort_families WHERE cohort_id = ?'),
    addToCohort: db.prepare('INSERT OR IGNORE INTO cohort_families (cohort_id, family_id) VALUES (?, ?)'),
    deleteCohort: db.prepare('DELETE FROM cohorts WHERE id = ?'),
    addRun: db.prepare(
      `INSERT INTO typing_runs (id, project_id, cohort_id, issue_set_id, issue_set_version, k, chosen_by, seed, result,
         made_at, made_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    assign: db.prepare('INSERT INTO typing_assignments (run_id, family_id, type_index) VALUES (?, ?, ?)'),
    labelType: db.prepare(
      `INSERT INTO type_labels (run_id, type_index, label, edited_by, edited_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (run_id, type_index) DO UPDATE SET label = excluded.label, edited_by = excluded.edited_by,
         edited_at = excluded.edited_at`,
    ),
    markSynthetic: db.prepare('INSERT OR IGNORE INTO synthetic_families (family_id, seed, made_at) VALUES (?, ?, ?)'),
    syntheticOf: db.prepare(
      `SELECT s.family_id FROM synthetic_families s JOIN families f ON f.id = s.family_id WHERE f.project_id = ?`,
    ),
    deleteRunsOf: db.prepare(DELETE_RUNS_OF_FAMILY),
    deleteFamily: db.prepare('DELETE FROM families WHERE id = ?'),
    deleteSyntheticCohorts: db.prepare('DELETE FROM cohorts WHERE project_id = ? AND synthetic = 1'),
  };
  return (write) => {
    switch (write.op) {
      case 'putSet': {
        const s = write.set;
        sql.putSet.run(s.projectId, s.kind, s.version, s.json, s.createdAt, s.createdBy);
        return undefined;
      }
      case 'putProfiles':
        for (const p of write.profiles)
          sql.putProfile.run(
            p.id,
            p.familyId,
            p.issueSetId,
            p.issueSetVersion,
            p.point,
            p.assessedOn,
            JSON.stringify(p.answers),
            p.source,
            p.recordedBy,
            p.recordedAt,
          );
        return undefined;
      case 'deleteProfile':
        return Number(sql.deleteProfile.run(write.familyId, write.id).changes) > 0;
      case 'putAssessments':
        for (const a of write.assessments)
          sql.putAssessment.run(
            a.id,
            a.familyId,
            a.indicatorSetId,
            a.indicatorSetVersion,
            a.point,
            a.assessedOn,
            a.ratedBy,
            JSON.stringify(a.values),
            a.recordedBy,
            a.recordedAt,
          );
        return undefined;
      case 'deleteAssessment':
        return Number(sql.deleteAssessment.run(write.familyId, write.id).changes) > 0;
      case 'putCohort': {
        const c = write.cohort;
        sql.putCohort.run(c.id, c.projectId, c.name, c.synthetic ? 1 : 0, c.createdAt, c.createdBy);
        sql.clearCohort.run(c.id);
        for (const familyId of write.familyIds) sql.addToCohort.run(c.id, familyId);
        return undefined;
      }
      case 'deleteCohort':
        sql.deleteCohort.run(write.cohortId);
        return undefined;
      case 'addTypingRun': {
        const r = write.run;
        sql.addRun.run(
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
        );
        for (const [familyId, typeIndex] of write.assignments) sql.assign.run(r.id, familyId, typeIndex);
        return undefined;
      }
      case 'labelType': {
        const l = write.label;
        sql.labelType.run(l.runId, l.typeIndex, l.label, l.editedBy, l.editedAt);
        return undefined;
      }
      case 'markSynthetic': {
        const at = now();
        for (const familyId of write.familyIds) sql.markSynthetic.run(familyId, write.seed, at);
        return undefined;
      }
      case 'removeSynthetic': {
        const ids = (sql.syntheticOf.all(write.projectId) as { family_id: string }[]).map((r) => r.family_id);
        sql.deleteSyntheticCohorts.run(write.projectId);
        for (const id of ids) {
          sql.deleteRunsOf.run(id);
          // Cascades: profiles, assessments, cohort memberships, type assignments, the synthetic mark.
          sql.deleteFamily.run(id);
        }
        return ids;
      }
    }
  };
}

interface RunRow {
  id: string;
  project_id: string;
  cohort_id: string;
  issue_set_id: string;
  issue_set_version: number;
  k: number;
  chosen_by: TypingRun['chosenBy'];
  seed: number;
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
  seed: r.seed,
  result: r.result,
  madeAt: r.made_at,
  madeBy: r.made_by,
});

/** SQLite allows a limited number of parameters: long lists of ids are read in slices. */
const SLICE = 500;
export function inSlices<Row>(
  db: DatabaseSync,
  query: (list: string) => string,
  ids: readonly string[],
  /** How many times the query names the list. */
  lists = 1,
): Row[] {
  const rows: Row[] = [];
  const prepared = new Map<number, StatementSync>();
  for (let start = 0; start < ids.length; start += SLICE) {
    const slice = ids.slice(start, start + SLICE);
    let statement = prepared.get(slice.length);
    if (!statement) {
      statement = db.prepare(query(inList(slice)));
      prepared.set(slice.length, statement);
    }
    const params = lists === 1 ? slice : Array.from({ length: lists }, () => slice).flat();
    for (const row of statement.all(...params) as unknown as Row[]) rows.push(row);
  }
  return rows;
}

/**
 * Research stamps: each family's count and latest `recorded_at` of profiles and of assessments,
 * read from the indexes alone, and how many of this store's writes have touched it. The count
 * changes with every insert or removal; the write counter with every write through this store,
 * including a profile replaced in the same millisecond as the last, which the other two miss.
 */
function researchStamper(db: DatabaseSync, erasures: ErasureListeners) {
  const writes = new Map<string, number>();
  let counter = 0;
  erasures.listen(({ familyIds }) => familyIds.forEach((id) => writes.delete(id)));
  return {
    /** Counted once the write settles, so a reading between asking and committing keeps the old stamp. */
    async counting<T>(familyIds: Iterable<string>, pending: Promise<T>): Promise<T> {
      try {
        return await pending;
      } finally {
        counter += 1;
        for (const id of familyIds) writes.set(id, counter);
      }
    },
    stamps(familyIds: readonly string[]): Map<string, string> {
      const rows = inSlices<{ family_id: string; what: string; n: number; at: string }>(
        db,
        (list) =>
          `SELECT family_id, 'p' AS what, count(*) AS n, max(recorded_at) AS at FROM issue_profiles
             WHERE family_id IN (${list}) GROUP BY family_id
           UNION ALL
           SELECT family_id, 'a', count(*), max(recorded_at) FROM assessments
             WHERE family_id IN (${list}) GROUP BY family_id`,
        familyIds,
        2,
      );
      const stamps = new Map<string, string>();
      for (const r of rows)
        stamps.set(r.family_id, `${stamps.get(r.family_id) ?? writes.get(r.family_id) ?? 0} ${r.what}${r.n}@${r.at}`);
      return stamps;
    },
  };
}

/** On the event loop's thread: reads on the read-only connection, writes through the queue. */
export function sqliteResearchRecords(
  db: DatabaseSync,
  write: <T>(w: ResearchWrite) => Promise<T>,
  erasures: ErasureListeners,
): ResearchRecords {
  const stamper = researchStamper(db, erasures);
  const sql = {
    setsOf: db.prepare('SELECT * FROM research_sets WHERE project_id = ? AND kind = ? ORDER BY version DESC'),
    profilesOf: db.prepare('SELECT * FROM issue_profiles WHERE family_id = ? ORDER BY assessed_on, recorded_at, id'),
    assessmentsOf: db.prepare('SELECT * FROM assessments WHERE family_id = ? ORDER BY assessed_on, recorded_at, id'),
    getCohort: db.prepare('SELECT * FROM cohorts WHERE id = ?'),
    cohortFamilies: db.prepare('SELECT family_id FROM cohort_families WHERE cohort_id = ? ORDER BY family_id'),
    familiesOfCohort: db.prepare(
      `SELECT f.* FROM cohort_families m JOIN families f ON f.id = m.family_id WHERE m.cohort_id = ? ORDER BY f.id`,
    ),
    runsOf: db.prepare('SELECT * FROM typing_runs WHERE cohort_id = ? ORDER BY made_at DESC, id'),
    getRun: db.prepare('SELECT * FROM typing_runs WHERE id = ?'),
    assignmentsOf: db.prepare('SELECT family_id, type_index FROM typing_assignments WHERE run_id = ?'),
    labelsOf: db.prepare('SELECT * FROM type_labels WHERE run_id = ? ORDER BY type_index'),
    syntheticOf: db.prepare(
      'SELECT s.family_id FROM synthetic_families s JOIN families f ON f.id = s.family_id WHERE f.project_id = ? ORDER BY s.family_id',
    ),
    allSynthetic: db.prepare('SELECT family_id FROM synthetic_families'),
  };
  return {
    putSet: (set) => write({ op: 'putSet', set }),
    setsOf: async (projectId: string, kind: SetKind) =>
      (
        sql.setsOf.all(projectId, kind) as {
          project_id: string;
          kind: SetKind;
          version: number;
          json: string;
          created_at: string;
          created_by: string;
        }[]
      ).map((r) => ({
        projectId: r.project_id,
        kind: r.kind,
        version: r.version,
        json: r.json,
        createdAt: r.created_at,
        createdBy: r.created_by,
      })),
    putProfiles: (profiles) =>
      stamper.counting(
        profiles.map((p) => p.familyId),
        write({ op: 'putProfiles', profiles }),
      ),
    deleteProfile: (familyId, id) => stamper.counting([familyId], write({ op: 'deleteProfile', familyId, id })),
    profilesOf: async (familyId) => (sql.profilesOf.all(familyId) as unknown as ProfileRow[]).map(toProfile),
    profilesOfFamilies: async (familyIds) =>
      inSlices<ProfileRow>(
        db,
        (list) => `SELECT * FROM issue_profiles WHERE family_id IN (${list}) ORDER BY family_id, assessed_on, id`,
        familyIds,
      ).map(toProfile),
    putAssessments: (assessments) =>
      stamper.counting(
        assessments.map((a) => a.familyId),
        write({ op: 'putAssessments', assessments }),
      ),
    deleteAssessment: (familyId, id) => stamper.counting([familyId], write({ op: 'deleteAssessment', familyId, id })),
    assessmentsOf: async (familyId) =>
      (sql.assessmentsOf.all(familyId) as unknown as AssessmentRow[]).map(toAssessment),
    assessmentsOfFamilies: async (familyIds) =>
      inSlices<AssessmentRow>(
        db,
        (list) => `SELECT * FROM assessments WHERE family_id IN (${list}) ORDER BY family_id, assessed_on, id`,
        familyIds,
      ).map(toAssessment),
    putCohort: (cohort, familyIds) => write({ op: 'putCohort', cohort, familyIds }),
    deleteCohort: (cohortId) => write({ op: 'deleteCohort', cohortId }),
    getCohort: async (cohortId) => {
      const row = sql.getCohort.get(cohortId) as CohortRow | undefined;
      return row && toCohort(row);
    },
    cohortsOf: async (projectIds) =>
      (
        db
          .prepare(
            `SELECT * FROM cohorts WHERE project_id IN (${inList(projectIds)}) ORDER BY synthetic, name COLLATE NOCASE, id`,
          )
          .all(...projectIds) as unknown as CohortRow[]
      ).map(toCohort),
    cohortFamilies: async (cohortId) =>
      (sql.cohortFamilies.all(cohortId) as { family_id: string }[]).map((r) => r.family_id),
    familiesOfCohort: async (cohortId) =>
      (sql.familiesOfCohort.all(cohortId) as unknown as FamilyRow[]).map((r) => ({
        id: r.id,
        projectId: r.project_id,
        pseudonym: r.pseudonym,
        createdAt: r.created_at,
        createdBy: r.created_by,
      })),
    researchStamps: async (familyIds) => stamper.stamps(familyIds),
    addTypingRun: (run, assignments) => write({ op: 'addTypingRun', run, assignments: [...assignments] }),
    typingRunsOf: async (cohortId) => (sql.runsOf.all(cohortId) as unknown as RunRow[]).map(toRun),
    getTypingRun: async (runId) => {
      const row = sql.getRun.get(runId) as RunRow | undefined;
      return row && toRun(row);
    },
    assignmentsOf: async (runId) =>
      new Map(
        (sql.assignmentsOf.all(runId) as { family_id: string; type_index: number }[]).map((r) => [
          r.family_id,
          r.type_index,
        ]),
      ),
    labelType: (label) => write({ op: 'labelType', label }),
    labelsOf: async (runId) =>
      (
        sql.labelsOf.all(runId) as {
          run_id: string;
          type_index: number;
          label: string;
          edited_by: string;
          edited_at: string;
        }[]
      ).map((r) => ({
        runId: r.run_id,
        typeIndex: r.type_index,
        label: r.label,
        editedBy: r.edited_by,
        editedAt: r.edited_at,
      })),
    familyTypes: async (familyIds) => {
      const rows = inSlices<{ family_id: string; run_id: string; type_index: number; label: string | null }>(
        db,
        (list) =>
          `SELECT a.family_id, a.run_id, a.type_index, l.label FROM typing_assignments a
           JOIN typing_runs r ON r.id = a.run_id
           LEFT JOIN type_labels l ON l.run_id = a.run_id AND l.type_index = a.type_index
           WHERE a.family_id IN (${list}) ORDER BY r.made_at, r.id`,
        familyIds,
      );
      // Oldest first: a newer run's type replaces an older one.
      const types = new Map<string, FamilyType>();
      for (const r of rows)
        types.set(r.family_id, {
          runId: r.run_id,
          typeIndex: r.type_index,
          ...(r.label === null ? {} : { label: r.label }),
        });
      return types;
    },
    markSynthetic: (familyIds, seed) => write({ op: 'markSynthetic', familyIds, seed }),
    syntheticFamilies: async (projectId) =>
      (sql.syntheticOf.all(projectId) as { family_id: string }[]).map((r) => r.family_id),
    allSyntheticFamilies: async () =>
      new Set((sql.allSynthetic.all() as { family_id: string }[]).map((r) => r.family_id)),
    removeSynthetic: async (projectId) => {
      const familyIds = await write<string[]>({ op: 'removeSynthetic', projectId });
      erasures.announce({ familyIds, docIds: [] });
      return familyIds.length;
    },
  };
}
