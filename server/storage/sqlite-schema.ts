/**
 * The SQLite schema, versioned with `PRAGMA user_version`: each step runs once, in order,
 * inside a transaction. Append steps; never edit one that has shipped.
 */
import type { DatabaseSync } from 'node:sqlite';

const STEPS: readonly string[] = [
  `CREATE TABLE documents (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('journey', 'toc')),
     created_at TEXT NOT NULL
   );
   CREATE TABLE updates (
     doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     data BLOB NOT NULL,
     PRIMARY KEY (doc_id, seq)
   );
   CREATE TABLE read_models (
     doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     json TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
  // Grants that are used up: sign-in links once redeemed, sessions once signed out.
  `CREATE TABLE consumed_grants (
     jti TEXT PRIMARY KEY,
     consumed_at TEXT NOT NULL
   );`,
  // Unit-cost tables and deflator series users imported, kept as the CSV they gave.
  `CREATE TABLE reference_tables (
     id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('unit-costs', 'deflator')),
     label TEXT NOT NULL,
     csv TEXT NOT NULL,
     imported_at TEXT NOT NULL,
     PRIMARY KEY (kind, id)
   );`,
  // Who may do what (server/storage/access-records.ts): projects, staff and their credentials,
  // sessions, grants, which project each document belongs to, and the hash-chained audit log.
  `CREATE TABLE projects (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     settings TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE staff (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     email TEXT NOT NULL UNIQUE COLLATE NOCASE,
     created_at TEXT NOT NULL,
     disabled_at TEXT,
     password_hash TEXT
   );
   CREATE TABLE memberships (
     staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
     project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
     role TEXT NOT NULL CHECK (role IN ('admin', 'facilitator')),
     PRIMARY KEY (staff_id, project_id)
   );
   CREATE TABLE passkeys (
     id TEXT PRIMARY KEY,
     staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
     public_key BLOB NOT NULL,
     counter INTEGER NOT NULL,
     transports TEXT NOT NULL,
     label TEXT NOT NULL,
     created_at TEXT NOT NULL,
     last_used_at TEXT
   );
   CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     secret_hash TEXT NOT NULL UNIQUE,
     staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
     method TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     ended_at TEXT,
     ended_why TEXT
   );
   CREATE INDEX sessions_by_staff ON sessions (staff_id);
   CREATE TABLE grants (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('invite', 'evaluator', 'enrolment')),
     doc_id TEXT,
     role TEXT,
     staff_id TEXT,
     created_by TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     ended_at TEXT,
     ended_why TEXT
   );
   CREATE INDEX grants_by_document ON grants (doc_id);
   CREATE TABLE document_projects (
     doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     project_id TEXT NOT NULL REFERENCES projects (id)
   );
   CREATE TABLE audit_log (
     seq INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     action TEXT NOT NULL,
     outcome TEXT NOT NULL,
     actor TEXT NOT NULL,
     project_id TEXT,
     doc_id TEXT,
     subject TEXT,
     detail TEXT,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   );
   CREATE INDEX audit_by_document ON audit_log (doc_id);`,
  // Families and what they agreed to (server/storage/family-records.ts): a family owns its
  // journeys and its consent history; a theory of change's cohort; where documents moved when
  // ids stopped carrying words; which ids were erased; one-time server steps that have run.
  `CREATE TABLE families (
     id TEXT PRIMARY KEY,
     project_id TEXT NOT NULL REFERENCES projects (id),
     pseudonym TEXT NOT NULL,
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL
   );
   CREATE TABLE family_documents (
     doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     family_id TEXT NOT NULL REFERENCES families (id) ON DELETE CASCADE
   );
   CREATE INDEX family_documents_by_family ON family_documents (family_id);
   CREATE TABLE consent_decisions (
     id TEXT PRIMARY KEY,
     family_id TEXT NOT NULL REFERENCES families (id) ON DELETE CASCADE,
     scope TEXT NOT NULL,
     decision TEXT NOT NULL CHECK (decision IN ('given', 'withdrawn')),
     given_by TEXT NOT NULL,
     method TEXT NOT NULL,
     decided_on TEXT NOT NULL,
     review_on TEXT,
     recorded_by TEXT NOT NULL,
     recorded_at TEXT NOT NULL
   );
   CREATE INDEX consent_by_family ON consent_decisions (family_id);
   CREATE TABLE toc_cohorts (
     toc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     journey_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     PRIMARY KEY (toc_id, journey_id)
   );
   CREATE INDEX toc_cohorts_by_journey ON toc_cohorts (journey_id);
   CREATE TABLE moved_documents (
     old_key TEXT PRIMARY KEY,
     new_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     record_keys TEXT NOT NULL,
     base_update BLOB NOT NULL,
     old_state_vector BLOB NOT NULL,
     kept_until TEXT NOT NULL
   );
   CREATE INDEX moved_documents_by_new_id ON moved_documents (new_id);
   CREATE TABLE erased_documents (
     doc_id TEXT PRIMARY KEY,
     erased_at TEXT NOT NULL
   );
   CREATE TABLE server_steps (
     name TEXT PRIMARY KEY,
     done_at TEXT NOT NULL
   );
   -- Nothing has used it since grants became records: its ids would outlive an erasure unnoticed.
   DROP TABLE consumed_grants;`,
  // Journeys a team has archived (server/storage/journey-records.ts): left out of lists and
  // reports until shown or chosen. A server record, so nobody invited to a map can change it.
  `CREATE TABLE archived_documents (
     doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     archived_at TEXT NOT NULL,
     archived_by TEXT NOT NULL
   );`,
  // A journey's cost events move to a companion document of kind 'costs' (src/doc/costs/), and
  // whether a journey's participants may see them is a server record (journey-records.ts,
  // server/SPEC.md COSTS3). SQLite cannot widen a CHECK in place, so `documents` is rebuilt
  // (foreign keys are off while steps run, see `migrateSchema`).
  `CREATE TABLE documents_next (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('journey', 'toc', 'costs')),
     created_at TEXT NOT NULL
   );
   INSERT INTO documents_next (id, kind, created_at) SELECT id, kind, created_at FROM documents;
   DROP TABLE documents;
   ALTER TABLE documents_next RENAME TO documents;
   CREATE TABLE cost_visibility (
     doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     shown_at TEXT NOT NULL,
     shown_by TEXT NOT NULL
   );`,
  // Versions of a journey (server/storage/version-records.ts): its whole state at a moment,
  // server records erased with it.
  `CREATE TABLE versions (
     id TEXT PRIMARY KEY,
     doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     name TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('named', 'session-end', 'before-restore')),
     made_at TEXT NOT NULL,
     made_by TEXT NOT NULL,
     state BLOB NOT NULL
   );
   CREATE INDEX versions_by_document ON versions (doc_id, made_at);`,
  // Whether a journey's family may download its "Safe to take home" print (journey-records.ts):
  // chosen per journey by staff, off by default.
  `CREATE TABLE take_home_choices (
     doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     chosen_at TEXT NOT NULL,
     chosen_by TEXT NOT NULL
   );`,
  // What a facilitator marked as sensitive (journey-records.ts, server/SPEC.md SEAL1): a stage or
  // a stage's words, with what was said kept here instead of in the shared document; or a cost event.
  `CREATE TABLE sensitive_items (
     doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     item_id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('stage', 'words', 'cost-event')),
     content TEXT,
     marked_at TEXT NOT NULL,
     marked_by TEXT NOT NULL,
     PRIMARY KEY (doc_id, item_id)
   );`,
  // Research across families (server/storage/research-records.ts): a project's own issue and
  // indicator sets, each family's issue profiles and assessments, cohorts, family types found by
  // cluster analysis and their labels, and which families the demonstration generator made.
  // Everything about a family goes with it (cascades); a typing run it was part of is deleted
  // by the erasure itself (sqlite-research.ts), since its result holds aggregates of its answers.
  `CREATE TABLE research_sets (
     project_id TEXT NOT NULL REFERENCES projects (id),
     kind TEXT NOT NULL CHECK (kind IN ('issues', 'indicators')),
     version INTEGER NOT NULL,
     json TEXT NOT NULL,
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL,
     PRIMARY KEY (project_id, kind, version)
   );
   CREATE TABLE issue_profiles (
     id TEXT PRIMARY KEY,
     family_id TEXT NOT NULL REFERENCES families (id) ON DELETE CASCADE,
     issue_set_id TEXT NOT NULL,
     issue_set_version INTEGER NOT NULL,
     point TEXT NOT NULL CHECK (point IN ('referral', 'review', 'closure')),
     assessed_on TEXT NOT NULL,
     answers TEXT NOT NULL,
     source TEXT NOT NULL CHECK (source IN ('form', 'import', 'synthetic')),
     recorded_by TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     UNIQUE (family_id, point, assessed_on)
   );
   CREATE TABLE assessments (
     id TEXT PRIMARY KEY,
     family_id TEXT NOT NULL REFERENCES families (id) ON DELETE CASCADE,
     indicator_set_id TEXT NOT NULL,
     indicator_set_version INTEGER NOT NULL,
     point TEXT NOT NULL CHECK (point IN ('referral', 'review', 'closure')),
     assessed_on TEXT NOT NULL,
     rated_by TEXT NOT NULL CHECK (rated_by IN ('family', 'worker', 'together')),
     vals TEXT NOT NULL,
     recorded_by TEXT NOT NULL,
     recorded_at TEXT NOT NULL
   );
   -- Also recorded_at, so a family's research stamp is read from the index alone (sqlite-research.ts).
   CREATE INDEX assessments_by_family ON assessments (family_id, assessed_on, id, recorded_at);
   CREATE TABLE cohorts (
     id TEXT PRIMARY KEY,
     project_id TEXT NOT NULL REFERENCES projects (id),
     name TEXT NOT NULL,
     synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
     created_at TEXT NOT NULL,
     created_by TEXT NOT NULL
   );
   CREATE TABLE cohort_families (
     cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
     family_id TEXT NOT NULL REFERENCES families (id) ON DELETE CASCADE,
     PRIMARY KEY (cohort_id, family_id)
   );
   CREATE INDEX cohort_families_by_family ON cohort_families (family_id);
   CREATE TABLE typing_runs (
     id TEXT PRIMARY KEY,
     project_id TEXT NOT NULL REFERENCES projects (id),
     cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
     issue_set_id TEXT NOT NULL,
     issue_set_version INTEGER NOT NULL,
     k INTEGER NOT NULL,
     chosen_by TEXT NOT NULL CHECK (chosen_by IN ('silhouette', 'researcher')),
     seed INTEGER NOT NULL,
     result TEXT NOT NULL,
     made_at TEXT NOT NULL,
     made_by TEXT NOT NULL
   );
   CREATE TABLE typing_assignments (
     run_id TEXT NOT NULL REFERENCES typing_runs (id) ON DELETE CASCADE,
     family_id TEXT NOT NULL REFERENCES families (id) ON DELETE CASCADE,
     type_index INTEGER NOT NULL,
     PRIMARY KEY (run_id, family_id)
   );
   CREATE INDEX typing_assignments_by_family ON typing_assignments (family_id);
   CREATE TABLE type_labels (
     run_id TEXT NOT NULL REFERENCES typing_runs (id) ON DELETE CASCADE,
     type_index INTEGER NOT NULL,
     label TEXT NOT NULL,
     edited_by TEXT NOT NULL,
     edited_at TEXT NOT NULL,
     PRIMARY KEY (run_id, type_index)
   );
   CREATE TABLE synthetic_families (
     family_id TEXT PRIMARY KEY REFERENCES families (id) ON DELETE CASCADE,
     seed INTEGER NOT NULL,
     made_at TEXT NOT NULL
   );
   -- The cohort view reads these for thousands of families (test/bench/cohort.bench.ts): profiles in
   -- the order asked for, with no sort; a family's research stamp from the index alone.
   CREATE INDEX issue_profiles_by_family ON issue_profiles (family_id, assessed_on, id, recorded_at);
   -- A read model's stamp without reading its JSON, which spills onto overflow pages.
   CREATE INDEX read_models_stamps ON read_models (doc_id, updated_at);`,
  // The facilitator's controls of a journey (server/rooms/room-controls.ts: locks, pauses, follow,
  // spotlight, timer), as JSON of ids and times: they outlive a restart, and a room moving to
  // another process.
  `CREATE TABLE room_controls (
     doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     json TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
];

export function migrateSchema(db: DatabaseSync): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (version > STEPS.length) {
    throw new Error(
      `the database was written by a newer Turning Points (schema ${version}, this one knows ${STEPS.length})`,
    );
  }
  if (version === STEPS.length) return;
  // A step may rebuild a table others refer to: with foreign keys on, dropping the old one would
  // delete every row referring to it. They are off while steps run and checked before going on.
  db.exec('PRAGMA foreign_keys = OFF');
  try {
    for (const [index, sql] of STEPS.entries()) {
      if (index < version) continue;
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(sql);
        const broken = db.prepare('PRAGMA foreign_key_check').all();
        if (broken.length > 0)
          throw new Error(`schema step ${index + 1} left ${broken.length} rows referring to nothing`);
        db.exec(`PRAGMA user_version = ${index + 1}`);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    }
  } finally {
    db.exec('PRAGMA foreign_keys = ON');
  }
}
