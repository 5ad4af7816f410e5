/**
 * A live session on a theory of change: the shared session (connection, STORED save state,
 * presence, undo) over the theory of change's own document, read through the doc bridge.
 */
import { isTocDoc, readToc, tocMaps, typedTocText, type TocTextField } from '../../../src/doc/index.ts';
import { TOC_SCHEMA_VERSION, type TheoryOfChange } from '../../../src/model/index.ts';
import { DocSession, type DocKind, type SessionOptions } from '../session/doc-session.ts';

const TOC_DOC: DocKind<TheoryOfChange> = {
  undoScope: (doc) => Object.values(tocMaps(doc)),
  read(doc) {
    const { toc, quarantined, docSchemaVersion } = readToc(doc);
    return {
      model: toc,
      quarantined: quarantined.filter((q) => q.action === 'dropped').length,
      empty: !isTocDoc(doc),
      newer: typeof docSchemaVersion === 'number' && docSchemaVersion > TOC_SCHEMA_VERSION,
    };
  },
};

export class TocSession extends DocSession<TheoryOfChange> {
  constructor(options: SessionOptions) {
    super(options, TOC_DOC);
  }

  /** The text as typed, for the box that mirrors it (see `typedTocText`). */
  text(which: TocTextField): string {
    return typedTocText(this.doc, which);
  }
}
