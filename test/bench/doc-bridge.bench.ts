/**
 * The journey document bridge on a large map: a 300-stage journey with links, factors and cost
 * events. Each of our operations is set beside the plain Yjs operation it builds on, so the
 * ratio shows what validation and canonical ordering cost on top of Yjs itself.
 */
import * as Y from 'yjs';
import { addStage, fromJourney, readJourney, setWords, userOrigin } from '../../src/doc/index.ts';
import { parseJourneyText, serialiseJourney } from '../../src/migrations/journey-file.ts';
import type { StageId } from '../../src/model/index.ts';
import { report, time } from './measure.ts';
import { largeJourney } from '../fixtures/large-journey.ts';

export function run(): void {
  const journey = largeJourney(300);
  const doc = fromJourney(journey);
  const update = Y.encodeStateAsUpdate(doc);
  const text = serialiseJourney(journey);
  process.stdout.write(
    `300-stage journey: Yjs update ${(update.byteLength / 1024).toFixed(1)} KiB, JSON file ${(text.length / 1024).toFixed(1)} KiB\n`,
  );

  report(
    'readJourney (validated, canonical)',
    time(() => readJourney(doc)),
    { name: 'Y.Doc.toJSON (raw)', timing: time(() => doc.toJSON()) },
  );
  report(
    'fromJourney (build the Y.Doc)',
    time(() => fromJourney(journey), { runs: 100 }),
    {
      name: 'Y.applyUpdate (same state)',
      timing: time(() => Y.applyUpdate(new Y.Doc(), update), { runs: 100 }),
    },
  );
  report(
    'parseJourneyText (JSON → migrate → zod)',
    time(() => parseJourneyText(text)),
    { name: 'JSON.parse', timing: time(() => JSON.parse(text)) },
  );

  const me = userOrigin('bench');
  const editDoc = fromJourney(journey);
  let n = 0;
  const rawStages = new Y.Doc().getMap('stages');
  report(
    'addStage command (between two stages)',
    time(() => addStage(editDoc, { title: `New ${n++}`, after: 's150' }, me), { runs: 500 }),
    {
      name: 'Y.Map.set of a new Y.Map',
      timing: time(() => rawStages.set(`k${n++}`, new Y.Map()), { runs: 500 }),
    },
  );
  report(
    'setWords command (one word changed)',
    time(() => setWords(editDoc, 's10' as StageId, `We were moved ${n++} times`, me), { runs: 500 }),
    {
      name: 'Y.Text.insert',
      timing: time(() => (editDoc.getMap('stages').get('s11') as Y.Map<Y.Text>).get('words')?.insert(0, 'x'), {
        runs: 500,
      }),
    },
  );
}
