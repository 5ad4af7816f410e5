/**
 * Moving a document to a new id (server/families/move-ids.ts), in SQLite: the writes as plain
 * data for the writer thread and how it performs them, and the one read the move needs.
 *
 * A move is one write, so one savepoint: the new document with its state and read model, and
 * every record that named the old id (its project, its family, cohorts, grants) renamed, with
 * the `moved_documents` row that lets devices and invites find the new id. The old document is
 * erased afterwards, through the writer like any erasure (`store.erase`).
 *
 * The audit log's `doc_id` is renamed too, once every document has moved: see
 * `renameAuditDocuments` and server/SPEC.md MOVE3 for how the hash chain stays checkable.
 */
import type { DatabaseSync } from 'node:sqlite';
import { auditHash } from '../audit/audit-chain.ts';
import type { AuditRenamed, DocumentMove, DocumentMoves } from './document-moves.ts';
import { toAuditRow, type AuditRecord } from './sqlite-rows.ts';

export type MoveWrite =
  | { op: 'moveDocument'; docId: string; move: DocumentMove }
  | { op: 'renameAuditDocuments'; docId?: undefined; renames: readonly (readonly [string, string])[] };

export const isMoveWrite = (write: { op: string }): write is MoveWrite =>
  write.op === 'moveDocument' || write.op === 'renameAuditDocuments';

/** On the writer thread: performs moves inside the group's transaction. */
export function moveWriter(db: DatabaseSync): (write: MoveWrite) => unknown {
  const sql = {
    createdAt: db.prepare('SELECT created_at FROM documents WHERE id = ?'),
    insertDocument: db.prepare('INSERT INTO documents (id, kind, created_at) VALUES (?, ?, ?)'),
    insertUpdate: db.prepare('INSERT INTO updates (doc_id, seq, data) VALUES (?, 1, ?)'),
    insertReadModel: db.prepare('INSERT INTO read_models (doc_id, json, updated_at) VALUES (?, ?, ?)'),
    copyProject: db.prepare(
      'INSERT INTO document_projects (doc_id, project_id) SELECT ?, project_id FROM document_projects WHERE doc_id = ?',
    ),
    renameFamilyDocument: db.prepare('UPDATE family_documents SET doc_id = ? WHERE doc_id = ?'),
    renameCohortToc: db.prepare('UPDATE toc_cohorts SET toc_id = ? WHERE toc_id = ?'),
    renameCohortJourney: db.prepare('UPDATE toc_cohorts SET journey_id = ? WHERE journey_id = ?'),
    renameGrants: db.prepare('UPDATE grants SET doc_id = ? WHERE doc_id = ?'),
    renameArchived: db.prepare('UPDATE archived_documents SET doc_id = ? WHERE doc_id = ?'),
    putMoved: db.prepare(
      `INSERT INTO moved_documents (old_key, new_id, record_keys, base_update, old_state_vector, kept_until)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    renameAudit: db.prepare('UPDATE audit_log SET doc_id = ? WHERE doc_id = ? RETURNING seq'),
    head: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
    rowBefore: db.prepare('SELECT hash FROM audit_log WHERE seq = ?'),
    rowsFrom: db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq'),
    rehash: db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?'),
  };
  return (write) => {
    if (write.op === 'moveDocument') {
      const { oldId, newId, kind, update, readModel, moved } = write.move;
      const old = sql.createdAt.get(oldId) as { created_at: string } | undefined;
      if (!old) throw new Error('the document to move is not stored');
      const now = new Date().toISOString();
      sql.insertDocument.run(newId, kind, old.created_at);
      sql.insertUpdate.run(newId, update);
      sql.insertReadModel.run(newId, readModel, now);
      sql.copyProject.run(newId, oldId);
      sql.renameFamilyDocument.run(newId, oldId);
      sql.renameCohortToc.run(newId, oldId);
      sql.renameCohortJourney.run(newId, oldId);
      sql.renameGrants.run(newId, oldId);
      sql.renameArchived.run(newId, oldId);
      const m = moved;
      sql.putMoved.run(m.oldKey, m.newId, JSON.stringify(m.recordKeys), m.baseUpdate, m.oldStateVector, m.keptUntil);
      return undefined;
    }
    // Rename, then re-hash the chain from the first renamed row: every hash after it changes.
    const before = sql.head.get() as { seq: number; hash: string } | undefined;
    let first: number | undefined;
    let renamed = 0;
    for (const [oldId, newId] of write.renames) {
      for (const { seq } of sql.renameAudit.all(newId, oldId) as { seq: number }[]) {
        renamed += 1;
        first = first === undefined ? seq : Math.min(first, seq);
      }
    }
    if (first === undefined) return { renamed } satisfies AuditRenamed;
    let prevHash = (sql.rowBefore.get(first - 1) as { hash: string } | undefined)?.hash;
    for (const raw of sql.rowsFrom.all(first) as unknown as AuditRecord[]) {
      const row = toAuditRow(raw);
      // The first kept row after retention links to a deleted row: its link is kept as it is.
      const prev = prevHash ?? row.prevHash;
      const { hash: _old, ...rest } = { ...row, prevHash: prev };
      const hash = auditHash(rest);
      sql.rehash.run(prev, hash, row.seq);
      prevHash = hash;
    }
    return { renamed, from: first, ...(before ? { before } : {}) } satisfies AuditRenamed;
  };
}

export function sqliteMoves(db: DatabaseSync, write: <T>(w: MoveWrite) => Promise<T>): DocumentMoves {
  const audited = db.prepare('SELECT DISTINCT doc_id FROM audit_log WHERE doc_id IS NOT NULL');
  return {
    moveDocument: (move) => write({ op: 'moveDocument', docId: move.oldId, move }),
    renameAuditDocuments: (renames) => write({ op: 'renameAuditDocuments', renames }),
    auditedDocuments: async () => (audited.all() as { doc_id: string }[]).map((r) => r.doc_id),
  };
}
