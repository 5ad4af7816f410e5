/** A journey's costs companion as a kind of live document (../kind-spec.ts). */
import type { DocumentKindSpec } from '../kind-spec.ts';
import { costEventsMap, readCosts, type JourneyCosts } from './companion.ts';

/** A journey's cost events, kept apart from its shared document (src/doc/costs/companion.ts). */
export const costsKind: DocumentKindSpec<JourneyCosts> = {
  name: 'costs',
  schemaVersion: 1,
  undoScope: (doc) => [costEventsMap(doc)],
  read(doc) {
    const { model, quarantined } = readCosts(doc);
    return { model, quarantined, docSchemaVersion: 1 };
  },
  // A journey with no cost events has an empty companion: that is its whole content, not a wait.
  isEmpty: () => false,
};
