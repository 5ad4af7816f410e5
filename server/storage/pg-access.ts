/**
 * The access records (access-records.ts) in PostgreSQL: the same records as sqlite-access.ts,
 * read on the pool and written through the store's one ordered queue (pg-writes.ts).
 *
 * Several processes may append to the audit log at once: each write that reads the chain's head
 * takes the audit lock first and holds it until its group commits, so the next one reads the
 * head this one wrote and the chain never forks.
 */
import type pg from 'pg';
import { auditHash, checkpointDetail, CHECKPOINT_ACTION, GENESIS_HASH } from '../audit/audit-chain.ts';
import type { AccessRecords, AuditEntry, Membership, Passkey, Project, StaffRole } from './access-records.ts';
import { bytes, lockAuditChain, now, orNull, toPgAuditRow, type PgAuditRecord } from './pg-rows.ts';
import type { PgTx, PgWriter } from './pg-writes.ts';
import { type GrantRow, type SessionRow, type StaffRecord, toGrant, toSession, toStaff } from './stored-rows.ts';

type ChainEnd = { seq: number; hash: string } | undefined;

async function chainEnd(tx: PgTx, sql: string, values: unknown[] = []): Promise<ChainEnd> {
  const row = (await tx.query<{ seq: string; hash: string }>(sql, values)).rows[0];
  return row && { seq: Number(row.seq), hash: row.hash };
}

const head = (tx: PgTx) => chainEnd(tx, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');

/**
 * Append after `last`: the newest row, or (when retention has just deleted every row) the last
 * one deleted. The caller holds the audit lock.
 */
async function appendAudit(tx: PgTx, entry: AuditEntry & { at?: string }, last: ChainEnd): Promise<void> {
  const row = { ...entry, seq: (last?.seq ?? 0) + 1, at: entry.at ?? now(), prevHash: last?.hash ?? GENESIS_HASH };
  await tx.query(
    `INSERT INTO audit_log (seq, at, action, outcome, actor, project_id, doc_id, subject, detail, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      row.seq,
      row.at,
      row.action,
      row.outcome,
      row.actor,
      orNull(row.projectId),
      orNull(row.docId),
      orNull(row.subject),
      orNull(row.detail),
      row.prevHash,
      auditHash(row),
    ],
  );
}

interface PasskeyRow {
  id: string;
  staff_id: string;
  public_key: Buffer;
  /** A bigint, read as text. */
  counter: string;
  transports: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
}
const toPasskey = (r: PasskeyRow): Passkey => ({
  id: r.id,
  staffId: r.staff_id,
  publicKey: bytes(r.public_key),
  counter: Number(r.counter),
  transports: JSON.parse(r.transports) as string[],
  label: r.label,
  createdAt: r.created_at,
  ...(r.last_used_at === null ? {} : { lastUsedAt: r.last_used_at }),
});

type MembershipRow = { staff_id: string; project_id: string; role: StaffRole };
const toMembership = (r: MembershipRow): Membership => ({
  staffId: r.staff_id,
  projectId: r.project_id,
  role: r.role,
});

type ProjectRow = { id: string; name: string; settings: string; created_at: string };
const toProject = (r: ProjectRow): Project => ({
  id: r.id,
  name: r.name,
  settings: JSON.parse(r.settings) as Project['settings'],
  createdAt: r.created_at,
});

const STAFF_COLUMNS = 'id, name, email, created_at, disabled_at';

export function pgAccessRecords(pool: pg.Pool, write: PgWriter): AccessRecords {
  const rows = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
    (await pool.query<R>(text, values)).rows;
  const one = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => (await rows<R>(text, values))[0];
  return {
    putProject: (p) =>
      write(async (tx) => {
        await tx.query(
          `INSERT INTO projects (id, name, settings, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, settings = excluded.settings`,
          [p.id, p.name, JSON.stringify(p.settings), p.createdAt],
        );
      }),
    listProjects: async () =>
      (
        await rows<ProjectRow>(
          'SELECT id, name, settings, created_at FROM projects ORDER BY created_at COLLATE "C", id COLLATE "C"',
        )
      ).map(toProject),
    getProject: async (id) => {
      const row = await one<ProjectRow>('SELECT id, name, settings, created_at FROM projects WHERE id = $1', [id]);
      return row && toProject(row);
    },
    // Taken whatever its case: the unique index on lower(email COLLATE "C") refuses it, and nothing is stored.
    addStaff: (m) =>
      write(
        async (tx) =>
          (
            await tx.query(
              `INSERT INTO staff (id, name, email, created_at, disabled_at) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT DO NOTHING`,
              [m.id, m.name, m.email, m.createdAt, orNull(m.disabledAt)],
            )
          ).rowCount === 1,
      ),
    updateStaff: (m) =>
      write(async (tx) => {
        await tx.query('UPDATE staff SET name = $1, email = $2, disabled_at = $3 WHERE id = $4', [
          m.name,
          m.email,
          orNull(m.disabledAt),
          m.id,
        ]);
      }),
    getStaff: async (id) => {
      const row = await one<StaffRecord>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE id = $1`, [id]);
      return row && toStaff(row);
    },
    findStaffByEmail: async (email) => {
      // lower(email COLLATE "C") as the unique index has it, so the lookup is answered from the index.
      const row = await one<StaffRecord>(
        `SELECT ${STAFF_COLUMNS} FROM staff WHERE lower(email COLLATE "C") = lower($1 COLLATE "C")`,
        [email.trim()],
      );
      return row && toStaff(row);
    },
    // SQLite's NOCASE folds ASCII letters only, as lower() does under "C".
    listStaff: async () =>
      (await rows<StaffRecord>(`SELECT ${STAFF_COLUMNS} FROM staff ORDER BY lower(name COLLATE "C")`)).map(toStaff),
    setMembership: (staffId, projectId, role) =>
      write(async (tx) => {
        if (role)
          await tx.query(
            `INSERT INTO memberships (staff_id, project_id, role) VALUES ($1, $2, $3)
             ON CONFLICT (staff_id, project_id) DO UPDATE SET role = excluded.role`,
            [staffId, projectId, role],
          );
        else await tx.query('DELETE FROM memberships WHERE staff_id = $1 AND project_id = $2', [staffId, projectId]);
      }),
    // In the primary key's order, as SQLite reads them.
    membershipsOf: async (staffId) =>
      (
        await rows<MembershipRow>(
          'SELECT staff_id, project_id, role FROM memberships WHERE staff_id = $1 ORDER BY project_id COLLATE "C"',
          [staffId],
        )
      ).map(toMembership),
    membersOf: async (projectId) =>
      (
        await rows<MembershipRow>('SELECT staff_id, project_id, role FROM memberships WHERE project_id = $1', [
          projectId,
        ])
      ).map(toMembership),
    hasAdmin: async () =>
      (
        await rows(
          `SELECT 1 AS found FROM memberships m JOIN staff s ON s.id = m.staff_id
           WHERE m.role = 'admin' AND s.disabled_at IS NULL LIMIT 1`,
        )
      ).length > 0,
    setPasswordHash: (staffId, hash) =>
      write(async (tx) => {
        await tx.query('UPDATE staff SET password_hash = $1 WHERE id = $2', [hash, staffId]);
      }),
    getPasswordHash: async (staffId) =>
      (await one<{ password_hash: string | null }>('SELECT password_hash FROM staff WHERE id = $1', [staffId]))
        ?.password_hash ?? undefined,
    addPasskey: (k) =>
      write(async (tx) => {
        await tx.query(
          `INSERT INTO passkeys (id, staff_id, public_key, counter, transports, label, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [k.id, k.staffId, Buffer.from(k.publicKey), k.counter, JSON.stringify(k.transports), k.label, k.createdAt],
        );
      }),
    getPasskey: async (id) => {
      const row = await one<PasskeyRow>('SELECT * FROM passkeys WHERE id = $1', [id]);
      return row && toPasskey(row);
    },
    listPasskeys: async (staffId) =>
      (
        await rows<PasskeyRow>('SELECT * FROM passkeys WHERE staff_id = $1 ORDER BY created_at COLLATE "C"', [staffId])
      ).map(toPasskey),
    usePasskey: (id, counter) =>
      write(async (tx) => {
        await tx.query('UPDATE passkeys SET counter = $1, last_used_at = $2 WHERE id = $3', [counter, now(), id]);
      }),
    removePasskey: (staffId, id) =>
      write(async (tx) => {
        await tx.query('DELETE FROM passkeys WHERE staff_id = $1 AND id = $2', [staffId, id]);
      }),
    startSession: (s) =>
      write(async (tx) => {
        await tx.query(
          `INSERT INTO sessions (id, secret_hash, staff_id, method, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [s.id, s.secretHash, s.staffId, s.method, s.createdAt, s.expiresAt],
        );
      }),
    findSessionBySecretHash: async (hash) => {
      const row = await one<SessionRow>('SELECT * FROM sessions WHERE secret_hash = $1', [hash]);
      return row && toSession(row);
    },
    getSession: async (id) => {
      const row = await one<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id]);
      return row && toSession(row);
    },
    listLiveSessions: async (staffId) =>
      (
        await rows<SessionRow>(
          `SELECT * FROM sessions WHERE staff_id = $1 AND ended_at IS NULL AND expires_at COLLATE "C" > $2
           ORDER BY created_at COLLATE "C"`,
          [staffId, now()],
        )
      ).map(toSession),
    endSessions: (which, why) => {
      const { sessionId, staffId } = which as { sessionId?: string; staffId?: string };
      return write(async (tx) => {
        const ended =
          sessionId !== undefined
            ? await tx.query<{ id: string }>(
                'UPDATE sessions SET ended_at = $1, ended_why = $2 WHERE id = $3 AND ended_at IS NULL RETURNING id',
                [now(), why, sessionId],
              )
            : await tx.query<{ id: string }>(
                'UPDATE sessions SET ended_at = $1, ended_why = $2 WHERE staff_id = $3 AND ended_at IS NULL RETURNING id',
                [now(), why, staffId ?? ''],
              );
        return ended.rows.map((row) => row.id);
      });
    },
    putGrant: (g) =>
      write(async (tx) => {
        await tx.query(
          `INSERT INTO grants (id, kind, doc_id, role, staff_id, created_by, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [g.id, g.kind, orNull(g.docId), orNull(g.role), orNull(g.staffId), g.createdBy, g.createdAt, g.expiresAt],
        );
      }),
    getGrant: async (id) => {
      const row = await one<GrantRow>('SELECT * FROM grants WHERE id = $1', [id]);
      return row && toGrant(row);
    },
    listGrants: async (docId) =>
      (
        await rows<GrantRow>(
          'SELECT * FROM grants WHERE doc_id = $1 ORDER BY created_at COLLATE "C" DESC, id COLLATE "C"',
          [docId],
        )
      ).map(toGrant),
    listEnrolmentGrants: async (staffId) =>
      (
        await rows<GrantRow>(
          `SELECT * FROM grants WHERE kind = 'enrolment' AND staff_id IS NOT DISTINCT FROM $1 AND ended_at IS NULL
           AND expires_at COLLATE "C" > $2`,
          [staffId ?? null, now()],
        )
      ).map(toGrant),
    // Only the call whose update found it live ended it: the other waits on its row and finds it ended.
    endGrant: (id, why) =>
      write(
        async (tx) =>
          (
            await tx.query('UPDATE grants SET ended_at = $1, ended_why = $2 WHERE id = $3 AND ended_at IS NULL', [
              now(),
              why,
              id,
            ])
          ).rowCount === 1,
      ),
    placeDocument: (docId, projectId) =>
      write(async (tx) => {
        await tx.query(
          `INSERT INTO document_projects (doc_id, project_id) VALUES ($1, $2)
           ON CONFLICT (doc_id) DO UPDATE SET project_id = excluded.project_id`,
          [docId, projectId],
        );
      }, docId),
    projectOf: async (docId) =>
      (await one<{ project_id: string }>('SELECT project_id FROM document_projects WHERE doc_id = $1', [docId]))
        ?.project_id ?? undefined,
    unplacedDocuments: async () =>
      (
        await rows<{ id: string }>(
          'SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM document_projects) ORDER BY id COLLATE "C"',
        )
      ).map((row) => row.id),
    audit: (entry) =>
      write(async (tx) => {
        await lockAuditChain(tx);
        await appendAudit(tx, entry, await head(tx));
      }),
    listAudit: async (filter) => {
      const where: string[] = [];
      const values: unknown[] = [];
      // Placeholders are numbered as values are added: the text holds numbers, never values.
      const param = (value: unknown) => `$${values.push(value)}`;
      if (filter.projectIds) {
        // Rows about no project (sign-ins, say) are about staff: shown to every admin, or only about these people.
        const people = filter.projectlessPeople && param([...filter.projectlessPeople]);
        const projects = param([...filter.projectIds]);
        // A row about no project may be about one of their documents (a refused visit, say).
        const theirDocument = `doc_id IN (SELECT doc_id FROM document_projects WHERE project_id = ANY(${projects}))`;
        const projectless = people
          ? `(project_id IS NULL AND (actor = ANY(${people}) OR ('staff:' || subject) = ANY(${people}) OR ${theirDocument}))`
          : 'project_id IS NULL';
        where.push(`(${projectless} OR project_id = ANY(${projects}))`);
      }
      if (filter.beforeSeq !== undefined) where.push(`seq < ${param(filter.beforeSeq)}`);
      if (filter.docId) where.push(`doc_id = ${param(filter.docId)}`);
      if (filter.person)
        where.push(
          `(actor = ${param(filter.person)} OR subject = ${param(filter.person.replace(/^(staff|grant):/, ''))})`,
        );
      const text = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                    ORDER BY seq DESC LIMIT ${param(filter.limit ?? 500)}`;
      return (await rows<PgAuditRecord>(text, values)).map(toPgAuditRow);
    },
    allAuditRows: async () => (await rows<PgAuditRecord>('SELECT * FROM audit_log ORDER BY seq')).map(toPgAuditRow),
    pruneAudit: (before) =>
      write(async (tx) => {
        await lockAuditChain(tx);
        const last = await chainEnd(
          tx,
          'SELECT seq, hash FROM audit_log WHERE at COLLATE "C" < $1 ORDER BY seq DESC LIMIT 1',
          [before],
        );
        if (!last) return 0;
        // The checkpoint follows the newest row even if every row is deleted: numbers never start again.
        const tail = await head(tx);
        const deleted = await tx.query('DELETE FROM audit_log WHERE seq <= $1', [last.seq]);
        await appendAudit(
          tx,
          { action: CHECKPOINT_ACTION, outcome: 'ok', actor: 'server', detail: checkpointDetail(last.seq, last.hash) },
          tail,
        );
        return Number(deleted.rowCount);
      }),
  };
}
