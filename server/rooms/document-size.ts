/**
 * A room document's size against its quota (LIMIT7 in server/SPEC.md), kept up to date
 * cheaply: measured once (the integrated state, encoded as a compaction would store it), then
 * grown by the length of each update admitted, and measured again only when that running figure
 * says an update would not fit. The running figure never undercounts (an update re-sending what
 * the document has, or merging into it, only adds less), so an update is refused only when the
 * measured size says so; and nothing is decoded twice on the path of every edit.
 */
import type * as Y from 'yjs';
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
    const added = update.byteLength;
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
