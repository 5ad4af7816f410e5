/**
 * A room document's size against its quota (LIMIT7 in server/SPEC.md), kept up to date
 * cheaply: measured once (the integrated state, encoded as a compaction would store it), then
 * grown by the new part of each update admitted, and measured again only when that running
 * figure says an update would not fit. The running figure never undercounts (merging updates
 * only shrinks them), so an update is refused only when the measured size says so.
 */
import * as Y from 'yjs';
import { integratedStateAsUpdate } from './integrated-state.ts';

export class DocumentSize {
  /** The document `bytes` was measured on; a room that reloads its document gets a new one. */
  private measured: Y.Doc | undefined;
  private bytes = 0;

  /** The size as last counted, in bytes (0 before anything was written). */
  get current(): number {
    return this.bytes;
  }

  /** Whether `update` fits in `doc` under `maxBytes`; when it does, it is counted as applied. */
  admit(doc: Y.Doc, update: Uint8Array, maxBytes: number): boolean {
    if (doc !== this.measured) this.measure(doc);
    // Only what the document lacks grows it: a client re-sending known changes adds nothing.
    const added = Y.diffUpdate(update, Y.encodeStateVector(doc)).byteLength;
    if (this.bytes + added > maxBytes) this.measure(doc);
    if (this.bytes + added > maxBytes) return false;
    this.bytes += added;
    return true;
  }

  private measure(doc: Y.Doc): void {
    this.measured = doc;
    this.bytes = integratedStateAsUpdate(doc).byteLength;
  }
}
