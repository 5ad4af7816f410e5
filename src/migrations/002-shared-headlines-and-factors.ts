/**
 * Version 2 → 3. A journey file's shape does not change; its live document's does: a stage's
 * headline and an enabler's or barrier's words become shared text (Y.Text), typed together and
 * merged character by character, where version 2 kept them as plain values that the last person
 * to leave the box overwrote. Live documents are rewritten in the new layout when this runs on
 * them (`src/doc/journey/migrate-doc.ts`); a file only says it is version 3.
 *
 * Shipped: never edit. Add a new migration instead (see README.md).
 */
import { z } from 'zod/mini';
import type { Migration } from './migration.ts';

const JourneyV2 = z.looseObject({ schemaVersion: z.literal(2) });

export const sharedHeadlinesAndFactors: Migration = {
  name: '002-shared-headlines-and-factors',
  from: 2,
  input: JourneyV2,
  up(document) {
    return { ...document, schemaVersion: 3 };
  },
};
