/**
 * The PostgreSQL schema, versioned like the SQLite one (sqlite-schema.ts): each step runs once,
 * in order, and `schema_version` says how many have run. Append steps;
 * never edit one that has shipped. All waiting steps run in one transaction under a lock, so
 * processes starting together migrate once: the others wait, then find nothing left to do.
 *
 * Step 1 is the whole SQLite schema as of its step 11, in PostgreSQL's types: timestamps stay
 * ISO-8601 text (they sort as text, and rows read the same from either engine), bytes are
 * `bytea`, and an e-mail is unique whatever the case of its ASCII letters (as SQLite's NOCASE).
 */
import type { ClientBase } from 'pg';

const STEPS: readonly string[] = [
  `CREATE TABLE documents (
     id text PRIMARY KEY,
     kind text NOT NULL CHECK (kind IN ('journey', 'toc', 'costs')),
     created_at text NOT NULL
   );
   CREATE TABLE updates (
     doc_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     seq integer NOT NULL,
     data bytea NOT NULL,
     PRIMARY KEY (doc_id, seq)
   );
   CREATE TABLE read_models (
     doc_id text PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     json text NOT NULL,
     updated_at text NOT NULL
   );
   CREATE TABLE reference_tables (
     id text NOT NULL,
     kind text NOT NULL CHECK (kind IN ('unit-costs', 'deflator')),
     label text NOT NULL,
     csv text NOT NULL,
     imported_at text NOT NULL,
     PRIMARY KEY (kind, id)
   );
   CREATE TABLE projects (
     id text PRIMARY KEY,
     name text NOT NULL,
     settings text NOT NULL,
     created_at text NOT NULL
   );
   CREATE TABLE staff (
     id text PRIMARY KEY,
     name text NOT NULL,
     email text NOT NULL,
     created_at text NOT NULL,
     disabled_at text,
     password_hash text
   );
   CREATE UNIQUE INDEX staff_email ON staff (lower(email COLLATE "C"));
   CREATE TABLE memberships (
     staff_id text NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
     project_id text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
     role text NOT NULL CHECK (role IN ('admin', 'facilitator')),
     PRIMARY KEY (staff_id, project_id)
   );
   CREATE TABLE passkeys (
     id text PRIMARY KEY,
     staff_id text NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
     public_key bytea NOT NULL,
     counter bigint NOT NULL,
     transports text NOT NULL,
     label text NOT NULL,
     created_at text NOT NULL,
     last_used_at text
   );
   CREATE TABLE sessions (
     id text PRIMARY KEY,
     secret_hash text NOT NULL UNIQUE,
     staff_id text NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
     method text NOT NULL,
     created_at text NOT NULL,
     expires_at text NOT NULL,
     ended_at text,
     ended_why text
   );
   CREATE INDEX sessions_by_staff ON sessions (staff_id);
   CREATE TABLE grants (
     id text PRIMARY KEY,
     kind text NOT NULL CHECK (kind IN ('invite', 'evaluator', 'enrolment')),
     doc_id text,
     role text,
     staff_id text,
     created_by text NOT NULL,
     created_at text NOT NULL,
     expires_at text NOT NULL,
     ended_at text,
     ended_why text
   );
   CREATE INDEX grants_by_document ON grants (doc_id);
   CREATE TABLE document_projects (
     doc_id text PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     project_id text NOT NULL REFERENCES projects (id)
   );
   CREATE TABLE audit_log (
     seq bigint PRIMARY KEY,
     at text NOT NULL,
     action text NOT NULL,
     outcome text NOT NULL,
     actor text NOT NULL,
     project_id text,
     doc_id text,
     subject text,
     detail text,
     prev_hash text NOT NULL,
     hash text NOT NULL
   );
   CREATE INDEX audit_by_document ON audit_log (doc_id);
   CREATE TABLE families (
     id text PRIMARY KEY,
     project_id text NOT NULL REFERENCES projects (id),
     pseudonym text NOT NULL,
     created_at text NOT NULL,
     created_by text NOT NULL
   );
   CREATE TABLE family_documents (
     doc_id text PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     family_id text NOT NULL REFERENCES families (id) ON DELETE CASCADE
   );
   CREATE INDEX family_documents_by_family ON family_documents (family_id);
   CREATE TABLE consent_decisions (
     id text PRIMARY KEY,
     family_id text NOT NULL REFERENCES families (id) ON DELETE CASCADE,
     scope text NOT NULL,
     decision text NOT NULL CHECK (decision IN ('given', 'withdrawn')),
     given_by text NOT NULL,
     method text NOT NULL,
     decided_on text NOT NULL,
     review_on text,
     recorded_by text NOT NULL,
     recorded_at text NOT NULL
   );
   CREATE INDEX consent_by_family ON consent_decisions (family_id);
   CREATE TABLE toc_cohorts (
     toc_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     journey_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     PRIMARY KEY (toc_id, journey_id)
   );
   CREATE INDEX toc_cohorts_by_journey ON toc_cohorts (journey_id);
   CREATE TABLE moved_documents (
     old_key text PRIMARY KEY,
     new_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     record_keys text NOT NULL,
     base_update bytea NOT NULL,
     old_state_vector bytea NOT NULL,
     kept_until text NOT NULL
   );
   CREATE INDEX moved_documents_by_new_id ON moved_documents (new_id);
   CREATE TABLE erased_documents (
     doc_id text PRIMARY KEY,
     erased_at text NOT NULL
   );
   CREATE TABLE server_steps (
     name text PRIMARY KEY,
     done_at text NOT NULL
   );
   CREATE TABLE archived_documents (
     doc_id text PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     archived_at text NOT NULL,
     archived_by text NOT NULL
   );
   CREATE TABLE cost_visibility (
     doc_id text PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     shown_at text NOT NULL,
     shown_by text NOT NULL
   );
   CREATE TABLE versions (
     id text PRIMARY KEY,
     doc_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     name text NOT NULL,
     kind text NOT NULL CHECK (kind IN ('named', 'session-end', 'before-restore')),
     made_at text NOT NULL,
     made_by text NOT NULL,
     state bytea NOT NULL,
     -- SQLite's rowid: versions made in the same millisecond keep the order they were made in.
     added bigint GENERATED ALWAYS AS IDENTITY
   );
   CREATE INDEX versions_by_document ON versions (doc_id, made_at);
   CREATE TABLE take_home_choices (
     doc_id text PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     chosen_at text NOT NULL,
     chosen_by text NOT NULL
   );
   CREATE TABLE sensitive_items (
     doc_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     item_id text NOT NULL,
     kind text NOT NULL CHECK (kind IN ('stage', 'words', 'cost-event')),
     content text,
     marked_at text NOT NULL,
     marked_by text NOT NULL,
     PRIMARY KEY (doc_id, item_id)
   );
   CREATE TABLE research_sets (
     project_id text NOT NULL REFERENCES projects (id),
     kind text NOT NULL CHECK (kind IN ('issues', 'indicators')),
     version integer NOT NULL,
     json text NOT NULL,
     created_at text NOT NULL,
     created_by text NOT NULL,
     PRIMARY KEY (project_id, kind, version)
   );
   CREATE TABLE issue_profiles (
     id text PRIMARY KEY,
     family_id text NOT NULL REFERENCES families (id) ON DELETE CASCADE,
     issue_set_id text NOT NULL,
     issue_set_version integer NOT NULL,
     point text NOT NULL CHECK (point IN ('referral', 'review', 'closure')),
     assessed_on text NOT NULL,
     answers text NOT NULL,
     source text NOT NULL CHECK (source IN ('form', 'import', 'synthetic')),
     recorded_by text NOT NULL,
     recorded_at text NOT NULL,
     UNIQUE (family_id, point, assessed_on)
   );
   CREATE INDEX issue_profiles_by_family ON issue_profiles (family_id, assessed_on, id, recorded_at);
   CREATE TABLE assessments (
     id text PRIMARY KEY,
     family_id text NOT NULL REFERENCES families (id) ON DELETE CASCADE,
     indicator_set_id text NOT NULL,
     indicator_set_version integer NOT NULL,
     point text NOT NULL CHECK (point IN ('referral', 'review', 'closure')),
     assessed_on text NOT NULL,
     rated_by text NOT NULL CHECK (rated_by IN ('family', 'worker', 'together')),
     vals text NOT NULL,
     recorded_by text NOT NULL,
     recorded_at text NOT NULL
   );
   CREATE INDEX assessments_by_family ON assessments (family_id, assessed_on, id, recorded_at);
   CREATE TABLE cohorts (
     id text PRIMARY KEY,
     project_id text NOT NULL REFERENCES projects (id),
     name text NOT NULL,
     synthetic integer NOT NULL CHECK (synthetic IN (0, 1)),
     created_at text NOT NULL,
     created_by text NOT NULL
   );
   CREATE TABLE cohort_families (
     cohort_id text NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
     family_id text NOT NULL REFERENCES families (id) ON DELETE CASCADE,
     PRIMARY KEY (cohort_id, family_id)
   );
   CREATE INDEX cohort_families_by_family ON cohort_families (family_id);
   CREATE TABLE typing_runs (
     id text PRIMARY KEY,
     project_id text NOT NULL REFERENCES projects (id),
     cohort_id text NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
     issue_set_id text NOT NULL,
     issue_set_version integer NOT NULL,
     k integer NOT NULL,
     chosen_by text NOT NULL CHECK (chosen_by IN ('silhouette', 'researcher')),
     seed bigint NOT NULL,
     result text NOT NULL,
     made_at text NOT NULL,
     made_by text NOT NULL
   );
   CREATE TABLE typing_assignments (
     run_id text NOT NULL REFERENCES typing_runs (id) ON DELETE CASCADE,
     family_id text NOT NULL REFERENCES families (id) ON DELETE CASCADE,
     type_index integer NOT NULL,
     PRIMARY KEY (run_id, family_id)
   );
   CREATE INDEX typing_assignments_by_family ON typing_assignments (family_id);
   CREATE TABLE type_labels (
     run_id text NOT NULL REFERENCES typing_runs (id) ON DELETE CASCADE,
     type_index integer NOT NULL,
     label text NOT NULL,
     edited_by text NOT NULL,
     edited_at text NOT NULL,
     PRIMARY KEY (run_id, type_index)
   );
   CREATE TABLE synthetic_families (
     family_id text PRIMARY KEY REFERENCES families (id) ON DELETE CASCADE,
     seed bigint NOT NULL,
     made_at text NOT NULL
   );
   CREATE INDEX read_models_stamps ON read_models (doc_id, updated_at);`,
  // More than one process (server/cluster/): the processes running now and where the others reach
  // them; which process owns each live room, under which epoch (a write carrying an older epoch is
  // refused); and what processes kept in memory when they were alone: sign-in failures and
  // passkey challenges.
  `CREATE TABLE nodes (
     id text PRIMARY KEY,
     internal_url text NOT NULL,
     -- An HMAC of a fixed text under the process's SECRET: a process with another SECRET is refused.
     secret_check text NOT NULL,
     started_at timestamptz NOT NULL,
     renewed_at timestamptz NOT NULL
   );
   CREATE TABLE room_leases (
     doc_id text PRIMARY KEY,
     epoch bigint NOT NULL,
     node_id text NOT NULL,
     backend_pid integer NOT NULL,
     renewed_at timestamptz NOT NULL,
     connections integer NOT NULL DEFAULT 0
   );
   CREATE INDEX room_leases_by_node ON room_leases (node_id);
   CREATE TABLE signin_failures (
     key text NOT NULL,
     at timestamptz NOT NULL
   );
   CREATE INDEX signin_failures_by_key ON signin_failures (key, at);
   CREATE TABLE passkey_challenges (
     id text PRIMARY KEY,
     challenge text NOT NULL,
     ceremony text NOT NULL,
     expires_at timestamptz NOT NULL
   );`,
  // SQLite's step 12: the facilitator's controls of a journey, outliving the room's process.
  `CREATE TABLE room_controls (
     doc_id text PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     json text NOT NULL,
     updated_at text NOT NULL
   );`,
];

/** Taken (per transaction) while migrating, so processes starting together migrate once. */
const MIGRATION_LOCK = 7_305_111_401;

export async function migratePgSchema(client: ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM schema_version');
    const version = found.rows[0]?.version ?? 0;
    if (found.rows.length === 0) await client.query('INSERT INTO schema_version (version) VALUES (0)');
    if (version > STEPS.length)
      throw new Error(
        `the database was written by a newer Turning Points (schema ${version}, this one knows ${STEPS.length})`,
      );
    for (const [index, sql] of STEPS.entries()) {
      if (index < version) continue;
      await client.query(sql);
      await client.query('UPDATE schema_version SET version = $1', [index + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
