/**
 * Moving a document to a new id (server/families/move-ids.ts), in PostgreSQL: the same writes
 * as sqlite-moves.ts, through the store's one ordered queue (pg-writes.ts), and the one read
 * the move needs, on the pool.
 *
 * A move is one write, so one savepoint: the new document with its state and read model, and
 * every record that named the old id renamed, with the `moved_documents` row that lets devices
 * and invites find the new id. Renaming the audit log's ids re-hashes the chain under the audit
 * lock (pg-rows.ts), so no other process appends while it does. Old ids carried words: the
 * tables a move rewrote are vacuumed once it has committed, as SQLite empties its log after one.
 */
import type pg from 'pg';
import { auditHash } from '../audit/audit-chain.ts';
import type { AuditRenamed, DocumentMoves } from './document-moves.ts';
import { lockAuditChain, now, toPgAuditRow, vacuum, type PgAuditRecord } from './pg-rows.ts';
import type { PgWriter } from './pg-writes.ts';

const VACUUM_MOVED = 'VACUUM family_documents, toc_cohorts, grants, archived_documents';
const VACUUM_AUDIT = 'VACUUM audit_log';

export function pgMoves(pool: pg.Pool, write: PgWriter): DocumentMoves {
  return {
    moveDocument: async (move) => {
      await write(async (tx) => {
        const { oldId, newId, kind, update, readModel, moved: m } = move;
        const old = (await tx.query<{ created_at: string }>('SELECT created_at FROM documents WHERE id = $1', [oldId]))
          .rows[0];
        if (!old) throw new Error('the document to move is not stored');
        await tx.query('INSERT INTO documents (id, kind, created_at) VALUES ($1, $2, $3)', [
          newId,
          kind,
          old.created_at,
        ]);
        await tx.query('INSERT INTO updates (doc_id, seq, data) VALUES ($1, 1, $2)', [newId, Buffer.from(update)]);
        await tx.query('INSERT INTO read_models (doc_id, json, updated_at) VALUES ($1, $2, $3)', [
          newId,
          readModel,
          now(),
        ]);
        await tx.query(
          'INSERT INTO document_projects (doc_id, project_id) SELECT $1, project_id FROM document_projects WHERE doc_id = $2',
          [newId, oldId],
        );
        await tx.query('UPDATE family_documents SET doc_id = $1 WHERE doc_id = $2', [newId, oldId]);
        await tx.query('UPDATE toc_cohorts SET toc_id = $1 WHERE toc_id = $2', [newId, oldId]);
        await tx.query('UPDATE toc_cohorts SET journey_id = $1 WHERE journey_id = $2', [newId, oldId]);
        await tx.query('UPDATE grants SET doc_id = $1 WHERE doc_id = $2', [newId, oldId]);
        await tx.query('UPDATE archived_documents SET doc_id = $1 WHERE doc_id = $2', [newId, oldId]);
        await tx.query(
          `INSERT INTO moved_documents (old_key, new_id, record_keys, base_update, old_state_vector, kept_until)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            m.oldKey,
            m.newId,
            JSON.stringify(m.recordKeys),
            Buffer.from(m.baseUpdate),
            Buffer.from(m.oldStateVector),
            m.keptUntil,
          ],
        );
      }, move.oldId);
      await vacuum(pool, VACUUM_MOVED);
    },
    renameAuditDocuments: async (renames) => {
      const renamed = await write<AuditRenamed>(async (tx) => {
        await lockAuditChain(tx);
        // Rename, then re-hash the chain from the first renamed row: every hash after it changes.
        const head = (
          await tx.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
        ).rows[0];
        const before = head && { seq: Number(head.seq), hash: head.hash };
        let first: number | undefined;
        let count = 0;
        for (const [oldId, newId] of renames) {
          const changed = await tx.query<{ seq: string }>(
            'UPDATE audit_log SET doc_id = $1 WHERE doc_id = $2 RETURNING seq',
            [newId, oldId],
          );
          for (const row of changed.rows) {
            const seq = Number(row.seq);
            count += 1;
            first = first === undefined ? seq : Math.min(first, seq);
          }
        }
        if (first === undefined) return { renamed: count };
        let prevHash = (await tx.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [first - 1]))
          .rows[0]?.hash;
        const rehashed: { seq: number; prevHash: string; hash: string }[] = [];
        const from = await tx.query<PgAuditRecord>('SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq', [first]);
        for (const row of from.rows.map(toPgAuditRow)) {
          // The first kept row after retention links to a deleted row: its link is kept as it is.
          const prev = prevHash ?? row.prevHash;
          const { hash: _old, ...rest } = { ...row, prevHash: prev };
          const hash = auditHash(rest);
          rehashed.push({ seq: row.seq, prevHash: prev, hash });
          prevHash = hash;
        }
        // One statement for every row re-hashed.
        await tx.query(
          `UPDATE audit_log a SET prev_hash = r.prev_hash, hash = r.hash
           FROM unnest($1::bigint[], $2::text[], $3::text[]) AS r(seq, prev_hash, hash) WHERE a.seq = r.seq`,
          [rehashed.map((r) => r.seq), rehashed.map((r) => r.prevHash), rehashed.map((r) => r.hash)],
        );
        return { renamed: count, from: first, ...(before ? { before } : {}) };
      });
      if (renamed.renamed > 0) await vacuum(pool, VACUUM_AUDIT);
      return renamed;
    },
    auditedDocuments: async () =>
      (
        await pool.query<{ doc_id: string }>(
          // In the index's order, as SQLite reads them.
          'SELECT doc_id FROM audit_log WHERE doc_id IS NOT NULL GROUP BY doc_id ORDER BY doc_id COLLATE "C"',
        )
      ).rows.map((r) => r.doc_id),
  };
}
