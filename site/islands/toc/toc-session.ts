/**
 * A live session on a theory of change: the shared session (connection, STORED save state,
 * presence, undo) over the theory of change's own document, read through the doc bridge.
 */
import { tocKind, typedTocText, type TocTextField } from '../../../src/doc/index.ts';
import type { TheoryOfChange } from '../../../src/model/index.ts';
import { DocSession, type SessionOptions } from '../session/doc-session.ts';
import { tocWords } from './toc-words.ts';

export class TocSession extends DocSession<TheoryOfChange> {
  constructor(options: SessionOptions) {
    super(options, tocKind, tocWords);
  }

  /** The text as typed, for the box that mirrors it (see `typedTocText`). */
  text(which: TocTextField): string {
    return typedTocText(this.doc, which);
  }
}
