/**
 * The writes the SQLite writer thread performs, as plain data: posted from the event loop's
 * thread to the writer (`sqlite-writer-worker.ts`), which commits them in groups.
 */
import type { DocumentKind, StoredReferenceTable } from './document-store.ts';
import type { AccessWrite } from './sqlite-access.ts';
import type { FamilyWrite } from './sqlite-families.ts';
import type { JourneyWrite } from './sqlite-journeys.ts';
import type { MoveWrite } from './sqlite-moves.ts';
import type { ResearchWrite } from './sqlite-research.ts';
import type { VersionWrite } from './sqlite-versions.ts';

export type SqliteWrite =
  | { op: 'create'; docId: string; kind: DocumentKind; update: Uint8Array; readModel: string }
  | { op: 'replace'; docId: string; kind: DocumentKind; update: Uint8Array; readModel: string }
  | { op: 'append'; docId: string; seq: number; update: Uint8Array }
  | { op: 'compact'; docId: string; snapshot: Uint8Array; throughSeq: number }
  | { op: 'putReadModel'; docId: string; json: string }
  | { op: 'putControls'; docId: string; json: string }
  | { op: 'putReferenceTable'; docId?: undefined; table: StoredReferenceTable }
  | { op: 'erase'; docId: string }
  | AccessWrite
  | FamilyWrite
  | JourneyWrite
  | MoveWrite
  | ResearchWrite
  | VersionWrite;

/** What the writer thread is started with. */
export interface WriterStart {
  file: string;
}

/** Messages from the writer thread. */
export type WriterMessage =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'committed'; outcomes: ({ ok: true; value: unknown } | { ok: false; message: string })[] }
  | { type: 'failed'; message: string };
