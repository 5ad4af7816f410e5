/** The journey as a kind of live document (../kind-spec.ts). */
import { CURRENT_SCHEMA_VERSION, type Journey } from '../../model/journey.ts';
import type { DocumentKindSpec } from '../kind-spec.ts';
import { journeyMaps } from './layout.ts';
import { readJourney } from './read.ts';

export const journeyKind: DocumentKindSpec<Journey> = {
  name: 'journey',
  schemaVersion: CURRENT_SCHEMA_VERSION,
  // Not meta, agencies or codes: undo is for what people change on the map.
  undoScope: (doc) => {
    const { stages, records } = journeyMaps(doc);
    return [stages, records.links, records.factors, records.costEvents, records.members];
  },
  read(doc) {
    const { journey, quarantined, docSchemaVersion } = readJourney(doc);
    return { model: journey, quarantined, docSchemaVersion };
  },
  isEmpty: (doc) => journeyMaps(doc).stages.size === 0,
};
