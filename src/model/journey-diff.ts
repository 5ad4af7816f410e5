/**
 * What changed between two versions of a journey, stage by stage (matched by id, never by
 * title): stages added and removed, stages whose words, title or other fields changed, and
 * stages whose level on the progress scale moved, with the level before and after.
 */
import type { Journey } from './journey.ts';
import { levelOf } from './progress-scale.ts';
import type { Stage } from './stage.ts';

export interface LevelMove {
  stageId: string;
  title: string;
  /** The level's label before and after ("Stuck"), or undefined where the stage had none. */
  before: string | undefined;
  after: string | undefined;
  /** Up the scale (towards independence), down it, or placed or taken off it. */
  direction: 'up' | 'down' | 'placed' | 'removed';
}

export interface JourneyDiff {
  added: { stageId: string; title: string }[];
  removed: { stageId: string; title: string }[];
  /** Stages in both whose content changed, with the names of the fields that did ("words"). */
  changed: { stageId: string; title: string; fields: string[] }[];
  levels: LevelMove[];
}

/** What people call each field of a stage, in the order a stage's panel shows them. */
const FIELD_NAMES: Partial<Record<keyof Stage, string>> = {
  title: 'headline',
  words: 'words',
  speakerId: 'who said it',
  voice: 'whose voice',
  when: 'when it happened',
  feeling: 'feeling',
  services: 'services',
  order: 'place in the story',
  codes: 'codes',
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function compareJourneys(before: Journey, after: Journey): JourneyDiff {
  const old = new Map(before.stages.map((stage) => [stage.id, stage]));
  const now = new Map(after.stages.map((stage) => [stage.id, stage]));
  const added = after.stages.filter((s) => !old.has(s.id)).map((s) => ({ stageId: s.id, title: s.title }));
  const removed = before.stages.filter((s) => !now.has(s.id)).map((s) => ({ stageId: s.id, title: s.title }));
  const changed: JourneyDiff['changed'] = [];
  const levels: LevelMove[] = [];
  for (const stage of after.stages) {
    const was = old.get(stage.id);
    if (!was) continue;
    const fields = Object.entries(FIELD_NAMES)
      .filter(([field]) => !same(was[field as keyof Stage], stage[field as keyof Stage]))
      .map(([, name]) => name as string);
    if (fields.length > 0) changed.push({ stageId: stage.id, title: stage.title, fields });
    const [from, to] = [was.progress?.level, stage.progress?.level];
    if (from === to) continue;
    levels.push({
      stageId: stage.id,
      title: stage.title,
      before: from === undefined ? undefined : (levelOf(before.scale, from)?.label ?? String(from)),
      after: to === undefined ? undefined : (levelOf(after.scale, to)?.label ?? String(to)),
      direction: from === undefined ? 'placed' : to === undefined ? 'removed' : to > from ? 'up' : 'down',
    });
  }
  return { added, removed, changed, levels };
}
