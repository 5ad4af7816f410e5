/**
 * A live session on a journey: the shared session (connection, STORED save state, presence,
 * undo) over a journey document, read through the doc bridge.
 */
import { readJourney } from '../../../src/doc/index.ts';
import { CURRENT_SCHEMA_VERSION, type Journey } from '../../../src/model/index.ts';
import { DocSession, type DocKind, type SessionOptions } from '../session/doc-session.ts';

const JOURNEY_DOC: DocKind<Journey> = {
  undoScope: (doc) => ['stages', 'links', 'factors', 'costEvents', 'members'].map((name) => doc.getMap(name)),
  read(doc) {
    const { journey, quarantined, docSchemaVersion } = readJourney(doc);
    return {
      model: journey,
      quarantined: quarantined.filter((q) => q.action === 'dropped').length,
      empty: journey.stages.length === 0,
      newer: typeof docSchemaVersion === 'number' && docSchemaVersion > CURRENT_SCHEMA_VERSION,
    };
  },
};

export class JourneySession extends DocSession<Journey> {
  constructor(options: SessionOptions) {
    super(options, JOURNEY_DOC);
  }
}
