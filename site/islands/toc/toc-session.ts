/**
 * A live session on a theory of change: the shared session (connection, STORED save state,
 * presence, undo) over the theory of change's own document, read through the doc bridge.
 */
import * as Y from 'yjs';
import { isTocDoc, readToc, tocMaps } from '../../../src/doc/index.ts';
import type { TheoryOfChange } from '../../../src/model/index.ts';
import { DocSession, type DocKind, type SessionOptions } from '../session/doc-session.ts';

const TOC_DOC: DocKind<TheoryOfChange> = {
  undoScope: (doc) => Object.values(tocMaps(doc)),
  read(doc) {
    const { toc, quarantined } = readToc(doc);
    return {
      model: toc,
      quarantined: quarantined.filter((q) => q.action === 'dropped').length,
      empty: !isTocDoc(doc),
    };
  },
};

/** Long text typed together: a step's description or a link's rationale. */
export type SharedText = { nodeId: string; field: 'description' } | { linkId: string; field: 'rationale' };

export class TocSession extends DocSession<TheoryOfChange> {
  constructor(options: SessionOptions) {
    super(options, TOC_DOC);
  }

  /**
   * The text exactly as it is in the document now, spaces at its ends included (the domain
   * reading trims them), so a text box can mirror it character for character while people type.
   * Only ever shown in that box, which writes back through the text-diff commands.
   */
  text(which: SharedText): string {
    const { nodes, links } = tocMaps(this.doc);
    const element = 'nodeId' in which ? nodes.get(which.nodeId) : links.get(which.linkId);
    const text = element instanceof Y.Map ? element.get(which.field) : undefined;
    return text instanceof Y.Text ? text.toString() : '';
  }
}
