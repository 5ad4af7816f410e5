/**
 * `compareJourneys` (src/model/journey-diff.ts), worked by hand on an example journey: stages
 * matched by id, so a renamed stage is changed (not removed and added), and levels that moved
 * say which way, with the labels before and after.
 */
import { expect, test } from 'vitest';
import { compareJourneys, type Journey, type StageId } from '../../../src/model/index.ts';
import { exampleJourneys } from '../../fixtures/example-journeys.ts';

const base = exampleJourneys()[0]!;

test('the same journey twice: nothing changed', () => {
  expect(compareJourneys(base, structuredClone(base))).toEqual({ added: [], removed: [], changed: [], levels: [] });
});

test('added, removed, renamed and re-levelled stages are each named once, by what they are called now', () => {
  const [first, second, third] = base.stages;
  const was = second!.progress?.level;
  // Down the scale when it was high, up it otherwise: either way a move.
  const now = (was ?? 0) >= 3 ? 1 : 5;
  const after: Journey = structuredClone(base);
  after.stages = after.stages
    .filter((stage) => stage.id !== third!.id)
    .map((stage) =>
      stage.id === first!.id
        ? { ...stage, title: 'A new headline', words: `${stage.words ?? ''} More.` }
        : stage.id === second!.id
          ? { ...stage, progress: { level: now, ratedBy: 'together' as const } }
          : stage,
    );
  const added = { ...structuredClone(first!), id: 'st_added' as StageId, title: 'Added later', order: 99 };
  after.stages.push(added);

  const diff = compareJourneys(base, after);
  expect(diff.added).toEqual([{ stageId: 'st_added', title: 'Added later' }]);
  expect(diff.removed).toEqual([{ stageId: third!.id, title: third!.title }]);
  expect(diff.changed).toEqual([{ stageId: first!.id, title: 'A new headline', fields: ['headline', 'words'] }]);
  const label = (value: number | undefined) => base.scale.levels.find((level) => level.value === value)?.label;
  expect(diff.levels).toEqual([
    {
      stageId: second!.id,
      title: second!.title,
      before: label(was),
      after: label(now),
      direction: was === undefined ? 'placed' : now > was ? 'up' : 'down',
    },
  ]);
});
