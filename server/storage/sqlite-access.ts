/**
 * The access records (access-records.ts) in SQLite: the writes as plain data for the writer
 * thread and how it performs them, and the reads on the store's read-only connection.
 */
import type { DatabaseSync } from 'node:sqlite';
import { inList, now, orNull, toAuditRow, type AuditRecord } from './sqlite-rows.ts';
import { auditHash, checkpointDetail, CHECKPOINT_ACTION, GENESIS_HASH } from '../audit/audit-chain.ts';
import type {
  AccessRecords,
  AuditEntry,
  GrantRecord,
  Membership,
  Passkey,
  Project,
  SessionRecord,
  StaffMember,
  StaffRole,
} from './access-records.ts';
import { type GrantRow, type SessionRow, type StaffRecord, toGrant, toSession, toStaff } from './stored-rows.ts';

export type AccessWrite =
  | { op: 'putProject'; docId?: undefined; project: Project }
  | { op: 'addStaff'; docId?: undefined; member: StaffMember }
  | { op: 'updateStaff'; docId?: undefined; member: StaffMember }
  | { op: 'setMembership'; docId?: undefined; staffId: string; projectId: string; role?: StaffRole }
  | { op: 'setPasswordHash'; docId?: undefined; staffId: string; hash: string }
  | { op: 'addPasskey'; docId?: undefined; passkey: Passkey }
  | { op: 'usePasskey'; docId?: undefined; id: string; counter: number }
  | { op: 'removePasskey'; docId?: undefined; staffId: string; id: string }
  | { op: 'startSession'; docId?: undefined; session: SessionRecord }
  | { op: 'endSessions'; docId?: undefined; sessionId?: string; staffId?: string; why: string }
  | { op: 'putGrant'; docId?: undefined; grant: GrantRecord }
  | { op: 'endGrant'; docId?: undefined; id: string; why: string }
  | { op: 'placeDocument'; docId: string; projectId: string }
  | { op: 'audit'; docId?: undefined; entry: AuditEntry }
  | { op: 'pruneAudit'; docId?: undefined; before: string };

const ACCESS_OPS = new Set<string>([
  'putProject',
  'addStaff',
  'updateStaff',
  'setMembership',
  'setPasswordHash',
  'addPasskey',
  'usePasskey',
  'removePasskey',
  'startSession',
  'endSessions',
  'putGrant',
  'endGrant',
  'placeDocument',
  'audit',
  'pruneAudit',
]);

export const isAccessWrite = (write: { op: string }): write is AccessWrite => ACCESS_OPS.has(write.op);

/** On the writer thread: performs access writes inside the group's transaction. */
export function accessWriter(db: DatabaseSync): (write: AccessWrite) => unknown {
  const sql = {
    putProject: db.prepare(
      `INSERT INTO projects (id, name, settings, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, settings = excluded.settings`,
    ),
    addStaff: db.prepare(
      'INSERT OR IGNORE INTO staff (id, name, email, created_at, disabled_at) VALUES (?, ?, ?, ?, ?)',
    ),
    updateStaff: db.prepare('UPDATE staff SET name = ?, email = ?, disabled_at = ? WHERE id = ?'),
    setMembership: db.prepare(
      `INSERT INTO memberships (staff_id, project_id, role) VALUES (?, ?, ?)
       ON CONFLICT (staff_id, project_id) DO UPDATE SET role = excluded.role`,
    ),
    removeMembership: db.prepare('DELETE FROM memberships WHERE staff_id = ? AND project_id = ?'),
    setPasswordHash: db.prepare('UPDATE staff SET password_hash = ? WHERE id = ?'),
    addPasskey: db.prepare(
      `INSERT INTO passkeys (id, staff_id, public_key, counter, transports, label, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    usePasskey: db.prepare('UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?'),
    removePasskey: db.prepare('DELETE FROM passkeys WHERE staff_id = ? AND id = ?'),
    startSession: db.prepare(
      `INSERT INTO sessions (id, secret_hash, staff_id, method, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    endSession: db.prepare(
      'UPDATE sessions SET ended_at = ?, ended_why = ? WHERE id = ? AND ended_at IS NULL RETURNING id',
    ),
    endSessionsOf: db.prepare(
      'UPDATE sessions SET ended_at = ?, ended_why = ? WHERE staff_id = ? AND ended_at IS NULL RETURNING id',
    ),
    putGrant: db.prepare(
      `INSERT INTO grants (id, kind, doc_id, role, staff_id, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    endGrant: db.prepare('UPDATE grants SET ended_at = ?, ended_why = ? WHERE id = ? AND ended_at IS NULL'),
    placeDocument: db.prepare(
      `INSERT INTO document_projects (doc_id, project_id) VALUES (?, ?)
       ON CONFLICT (doc_id) DO UPDATE SET project_id = excluded.project_id`,
    ),
    lastAudit: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
    insertAudit: db.prepare(
      `INSERT INTO audit_log (seq, at, action, outcome, actor, project_id, doc_id, subject, detail, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    lastBefore: db.prepare('SELECT seq, hash FROM audit_log WHERE at < ? ORDER BY seq DESC LIMIT 1'),
    deleteThrough: db.prepare('DELETE FROM audit_log WHERE seq <= ?'),
  };

  type ChainEnd = { seq: number; hash: string } | undefined;
  /** Append after `last`: the newest row, or (when retention has just deleted every row) the last one deleted. */
  const appendAudit = (entry: AuditEntry & { at?: string }, last = sql.lastAudit.get() as ChainEnd) => {
    const row = { ...entry, seq: (last?.seq ?? 0) + 1, at: entry.at ?? now(), prevHash: last?.hash ?? GENESIS_HASH };
    const hash = auditHash(row);
    sql.insertAudit.run(
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
      hash,
    );
  };

  return (write) => {
    switch (write.op) {
      case 'putProject': {
        const p = write.project;
        sql.putProject.run(p.id, p.name, JSON.stringify(p.settings), p.createdAt);
        return undefined;
      }
      case 'addStaff': {
        const m = write.member;
        return sql.addStaff.run(m.id, m.name, m.email, m.createdAt, orNull(m.disabledAt)).changes === 1;
      }
      case 'updateStaff': {
        const m = write.member;
        sql.updateStaff.run(m.name, m.email, orNull(m.disabledAt), m.id);
        return undefined;
      }
      case 'setMembership':
        if (write.role) sql.setMembership.run(write.staffId, write.projectId, write.role);
        else sql.removeMembership.run(write.staffId, write.projectId);
        return undefined;
      case 'setPasswordHash':
        sql.setPasswordHash.run(write.hash, write.staffId);
        return undefined;
      case 'addPasskey': {
        const k = write.passkey;
        sql.addPasskey.run(k.id, k.staffId, k.publicKey, k.counter, JSON.stringify(k.transports), k.label, k.createdAt);
        return undefined;
      }
      case 'usePasskey':
        sql.usePasskey.run(write.counter, now(), write.id);
        return undefined;
      case 'removePasskey':
        sql.removePasskey.run(write.staffId, write.id);
        return undefined;
      case 'startSession': {
        const s = write.session;
        sql.startSession.run(s.id, s.secretHash, s.staffId, s.method, s.createdAt, s.expiresAt);
        return undefined;
      }
      case 'endSessions': {
        const rows = (
          write.sessionId !== undefined
            ? sql.endSession.all(now(), write.why, write.sessionId)
            : sql.endSessionsOf.all(now(), write.why, write.staffId ?? '')
        ) as { id: string }[];
        return rows.map((row) => row.id);
      }
      case 'putGrant': {
        const g = write.grant;
        sql.putGrant.run(
          g.id,
          g.kind,
          orNull(g.docId),
          orNull(g.role),
          orNull(g.staffId),
          g.createdBy,
          g.createdAt,
          g.expiresAt,
        );
        return undefined;
      }
      case 'endGrant':
        return sql.endGrant.run(now(), write.why, write.id).changes === 1;
      case 'placeDocument':
        sql.placeDocument.run(write.docId, write.projectId);
        return undefined;
      case 'audit':
        appendAudit(write.entry);
        return undefined;
      case 'pruneAudit': {
        const last = sql.lastBefore.get(write.before) as ChainEnd;
        if (!last) return 0;
        // The checkpoint follows the newest row even if every row is deleted: numbers never start again.
        const tail = sql.lastAudit.get() as ChainEnd;
        const deleted = sql.deleteThrough.run(last.seq).changes;
        appendAudit(
          { action: CHECKPOINT_ACTION, outcome: 'ok', actor: 'server', detail: checkpointDetail(last.seq, last.hash) },
          tail,
        );
        return Number(deleted);
      }
    }
  };
}

interface PasskeyRow {
  id: string;
  staff_id: string;
  public_key: Uint8Array;
  counter: number;
  transports: string;
  label: string;
  created_at: string;
  last_used_at: string | null;
}
const toPasskey = (r: PasskeyRow): Passkey => ({
  id: r.id,
  staffId: r.staff_id,
  publicKey: r.public_key,
  counter: r.counter,
  transports: JSON.parse(r.transports) as string[],
  label: r.label,
  createdAt: r.created_at,
  ...(r.last_used_at === null ? {} : { lastUsedAt: r.last_used_at }),
});

const toMembership = (r: { staff_id: string; project_id: string; role: StaffRole }): Membership => ({
  staffId: r.staff_id,
  projectId: r.project_id,
  role: r.role,
});

const toProject = (r: { id: string; name: string; settings: string; created_at: string }): Project => ({
  id: r.id,
  name: r.name,
  settings: JSON.parse(r.settings) as Project['settings'],
  createdAt: r.created_at,
});

/** On the event loop's thread: reads on the read-only connection, writes through the queue. */
export function sqliteAccessRecords(db: DatabaseSync, write: <T>(w: AccessWrite) => Promise<T>): AccessRecords {
  const sql = {
    listProjects: db.prepare('SELECT id, name, settings, created_at FROM projects ORDER BY created_at, id'),
    getProject: db.prepare('SELECT id, name, settings, created_at FROM projects WHERE id = ?'),
    getStaff: db.prepare('SELECT id, name, email, created_at, disabled_at FROM staff WHERE id = ?'),
    findStaff: db.prepare('SELECT id, name, email, created_at, disabled_at FROM staff WHERE email = ?'),
    listStaff: db.prepare('SELECT id, name, email, created_at, disabled_at FROM staff ORDER BY name COLLATE NOCASE'),
    membershipsOf: db.prepare('SELECT staff_id, project_id, role FROM memberships WHERE staff_id = ?'),
    membersOf: db.prepare('SELECT staff_id, project_id, role FROM memberships WHERE project_id = ?'),
    hasAdmin: db.prepare(
      `SELECT 1 AS found FROM memberships m JOIN staff s ON s.id = m.staff_id
       WHERE m.role = 'admin' AND s.disabled_at IS NULL LIMIT 1`,
    ),
    passwordHash: db.prepare('SELECT password_hash FROM staff WHERE id = ?'),
    getPasskey: db.prepare('SELECT * FROM passkeys WHERE id = ?'),
    listPasskeys: db.prepare('SELECT * FROM passkeys WHERE staff_id = ? ORDER BY created_at'),
    sessionByHash: db.prepare('SELECT * FROM sessions WHERE secret_hash = ?'),
    getSession: db.prepare('SELECT * FROM sessions WHERE id = ?'),
    liveSessions: db.prepare(
      'SELECT * FROM sessions WHERE staff_id = ? AND ended_at IS NULL AND expires_at > ? ORDER BY created_at',
    ),
    getGrant: db.prepare('SELECT * FROM grants WHERE id = ?'),
    listGrants: db.prepare('SELECT * FROM grants WHERE doc_id = ? ORDER BY created_at DESC, id'),
    enrolmentsOf: db.prepare(
      `SELECT * FROM grants WHERE kind = 'enrolment' AND staff_id IS ? AND ended_at IS NULL AND expires_at > ?`,
    ),
    projectOf: db.prepare('SELECT project_id FROM document_projects WHERE doc_id = ?'),
    unplaced: db.prepare('SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM document_projects) ORDER BY id'),
    allAudit: db.prepare('SELECT * FROM audit_log ORDER BY seq'),
  };
  const iso = () => new Date().toISOString();
  return {
    putProject: (project) => write({ op: 'putProject', project }),
    listProjects: async () => (sql.listProjects.all() as Parameters<typeof toProject>[0][]).map(toProject),
    getProject: async (id) => {
      const row = sql.getProject.get(id) as Parameters<typeof toProject>[0] | undefined;
      return row && toProject(row);
    },
    addStaff: (member) => write({ op: 'addStaff', member }),
    updateStaff: (member) => write({ op: 'updateStaff', member }),
    getStaff: async (id) => {
      const row = sql.getStaff.get(id) as StaffRecord | undefined;
      return row && toStaff(row);
    },
    findStaffByEmail: async (email) => {
      // The column compares without case (COLLATE NOCASE).
      const row = sql.findStaff.get(email.trim()) as StaffRecord | undefined;
      return row && toStaff(row);
    },
    listStaff: async () => (sql.listStaff.all() as unknown as StaffRecord[]).map(toStaff),
    setMembership: (staffId, projectId, role) =>
      write({ op: 'setMembership', staffId, projectId, ...(role ? { role } : {}) }),
    membershipsOf: async (staffId) =>
      (sql.membershipsOf.all(staffId) as Parameters<typeof toMembership>[0][]).map(toMembership),
    membersOf: async (projectId) =>
      (sql.membersOf.all(projectId) as Parameters<typeof toMembership>[0][]).map(toMembership),
    hasAdmin: async () => sql.hasAdmin.get() !== undefined,
    setPasswordHash: (staffId, hash) => write({ op: 'setPasswordHash', staffId, hash }),
    getPasswordHash: async (staffId) =>
      (sql.passwordHash.get(staffId) as { password_hash: string | null } | undefined)?.password_hash ?? undefined,
    addPasskey: (passkey) => write({ op: 'addPasskey', passkey }),
    getPasskey: async (id) => {
      const row = sql.getPasskey.get(id) as PasskeyRow | undefined;
      return row && toPasskey(row);
    },
    listPasskeys: async (staffId) => (sql.listPasskeys.all(staffId) as unknown as PasskeyRow[]).map(toPasskey),
    usePasskey: (id, counter) => write({ op: 'usePasskey', id, counter }),
    removePasskey: (staffId, id) => write({ op: 'removePasskey', staffId, id }),
    startSession: (session) => write({ op: 'startSession', session }),
    findSessionBySecretHash: async (hash) => {
      const row = sql.sessionByHash.get(hash) as SessionRow | undefined;
      return row && toSession(row);
    },
    getSession: async (id) => {
      const row = sql.getSession.get(id) as SessionRow | undefined;
      return row && toSession(row);
    },
    listLiveSessions: async (staffId) =>
      (sql.liveSessions.all(staffId, iso()) as unknown as SessionRow[]).map(toSession),
    endSessions: (which, why) => write({ op: 'endSessions', ...which, why }),
    putGrant: (grant) => write({ op: 'putGrant', grant }),
    getGrant: async (id) => {
      const row = sql.getGrant.get(id) as GrantRow | undefined;
      return row && toGrant(row);
    },
    listGrants: async (docId) => (sql.listGrants.all(docId) as unknown as GrantRow[]).map(toGrant),
    listEnrolmentGrants: async (staffId) =>
      (sql.enrolmentsOf.all(staffId ?? null, iso()) as unknown as GrantRow[]).map(toGrant),
    endGrant: (id, why) => write({ op: 'endGrant', id, why }),
    placeDocument: (docId, projectId) => write({ op: 'placeDocument', docId, projectId }),
    projectOf: async (docId) =>
      (sql.projectOf.get(docId) as { project_id: string } | undefined)?.project_id ?? undefined,
    unplacedDocuments: async () => (sql.unplaced.all() as { id: string }[]).map((row) => row.id),
    audit: (entry) => write({ op: 'audit', entry }),
    listAudit: async (filter) => {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (filter.projectIds) {
        // Rows about no project (sign-ins, say) are about staff: shown to every admin, or only about these people.
        const people = filter.projectlessPeople;
        const projects = inList(filter.projectIds);
        // A row about no project may be about one of their documents (a refused visit, say).
        const theirDocument = `doc_id IN (SELECT doc_id FROM document_projects WHERE project_id IN (${projects}))`;
        const projectless = people
          ? `(project_id IS NULL AND (actor IN (${inList(people)}) OR 'staff:' || subject IN (${inList(people)}) OR ${theirDocument}))`
          : 'project_id IS NULL';
        where.push(`(${projectless} OR project_id IN (${projects}))`);
        if (people) params.push(...people, ...people, ...filter.projectIds);
        params.push(...filter.projectIds);
      }
      if (filter.beforeSeq !== undefined) {
        where.push('seq < ?');
        params.push(filter.beforeSeq);
      }
      if (filter.docId) {
        where.push('doc_id = ?');
        params.push(filter.docId);
      }
      if (filter.person) {
        where.push('(actor = ? OR subject = ?)');
        params.push(filter.person, filter.person.replace(/^(staff|grant):/, ''));
      }
      const sqlText = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                       ORDER BY seq DESC LIMIT ?`;
      return (db.prepare(sqlText).all(...params, filter.limit ?? 500) as unknown as AuditRecord[]).map(toAuditRow);
    },
    allAuditRows: async () => (sql.allAudit.all() as unknown as AuditRecord[]).map(toAuditRow),
    pruneAudit: (before) => write({ op: 'pruneAudit', before }),
  };
}
