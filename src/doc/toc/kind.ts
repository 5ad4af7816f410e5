/** The theory of change as a kind of live document (../kind-spec.ts). */
import { TOC_SCHEMA_VERSION, type TheoryOfChange } from '../../model/theory-of-change.ts';
import type { DocumentKindSpec } from '../kind-spec.ts';
import { isTocDoc, tocMaps } from './layout.ts';
import { readToc } from './read.ts';

export const tocKind: DocumentKindSpec<TheoryOfChange> = {
  name: 'toc',
  schemaVersion: TOC_SCHEMA_VERSION,
  undoScope: (doc) => Object.values(tocMaps(doc)),
  read(doc) {
    const { toc, quarantined, docSchemaVersion } = readToc(doc);
    return { model: toc, quarantined, docSchemaVersion };
  },
  isEmpty: (doc) => !isTocDoc(doc),
};
