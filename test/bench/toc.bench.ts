/**
 * Theories of change at cohort scale: drafting from 4, 40 and 400 journeys (the four examples
 * copied under new ids), then the live document and every export of the 400-journey draft.
 * References, run beside each: validating the same journeys with the journey schema (what
 * loading them costs anyway), plain Yjs, and JSON.stringify of the same model.
 */
import * as Y from 'yjs';
import { consentAsFiled } from '../../src/model/index.ts';
import { fromToc, readToc } from '../../src/doc/index.ts';
import { JourneySchema, type Journey, type TheoryOfChange } from '../../src/model/index.ts';
import {
  draftToc,
  exportView,
  linksCsv,
  tocToDot,
  tocToJson,
  tocToMarkdown,
  tocToMermaid,
} from '../../src/toc/index.ts';
import { exampleJourneys } from '../fixtures/example-journeys.ts';
import { report, time } from './measure.ts';

/** `count` journeys: the examples again and again, each copy its own family. */
function cohort(count: number): Journey[] {
  const base = exampleJourneys();
  return Array.from({ length: count }, (_, i) => {
    const journey = base[i % base.length]!;
    return { ...journey, id: `${journey.id}-${i}` as Journey['id'] };
  });
}

const draft = (journeys: Journey[]): TheoryOfChange =>
  draftToc(journeys, { consentOf: consentAsFiled(journeys), id: 'bench', title: 'Bench', draftedOn: '2026-01-01' });

export function run(): void {
  for (const count of [4, 40, 400]) {
    const journeys = cohort(count);
    const runs = count >= 400 ? 7 : 50;
    const ours = time(() => draft(journeys), { warmup: 2, runs });
    const reference = time(() => journeys.forEach((j) => JourneySchema.parse(j)), { warmup: 2, runs });
    report(`draftToc, ${count} journeys`, ours, { name: 'JourneySchema.parse each', timing: reference });
  }

  const small = fromToc(draft(cohort(4)));
  report(
    'readToc, the 4-journey draft',
    time(() => readToc(small)),
    {
      name: 'Y.Doc.toJSON',
      timing: time(() => small.toJSON()),
    },
  );

  const journeys = cohort(400);
  const toc = draft(journeys);
  process.stdout.write(
    `  (the 400-journey draft: ${toc.nodes.length} nodes, ${toc.links.length} links, minFamilies ${toc.provenance?.minFamilies})\n`,
  );
  const doc = fromToc(toc);
  const update = Y.encodeStateAsUpdate(doc);
  report(
    'readToc, the 400-journey draft',
    time(() => readToc(doc)),
    { name: 'Y.Doc.toJSON', timing: time(() => doc.toJSON()) },
  );
  report(
    'fromToc',
    time(() => fromToc(toc), { runs: 50 }),
    {
      name: 'Y.applyUpdate (same state)',
      timing: time(
        () => {
          const fresh = new Y.Doc();
          Y.applyUpdate(fresh, update);
        },
        { runs: 50 },
      ),
    },
  );

  const view = exportView(toc, journeys, {
    audience: 'evaluator',
    minFamilies: 3,
    consentOf: consentAsFiled(journeys),
  });
  const stringify = { name: 'JSON.stringify', timing: time(() => JSON.stringify(view)) };
  report(
    'exportView (evaluator)',
    time(() =>
      exportView(toc, journeys, { audience: 'evaluator', minFamilies: 3, consentOf: consentAsFiled(journeys) }),
    ),
    stringify,
  );
  report(
    'tocToJson',
    time(() => tocToJson(view)),
    stringify,
  );
  report(
    'tocToMarkdown',
    time(() => tocToMarkdown(view)),
    stringify,
  );
  report(
    'tocToMermaid',
    time(() => tocToMermaid(view)),
    stringify,
  );
  report(
    'tocToDot',
    time(() => tocToDot(view)),
    stringify,
  );
  report(
    'linksCsv',
    time(() => linksCsv(view)),
    stringify,
  );
}
