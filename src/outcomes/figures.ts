/**
 * The one registry of outcome figure kinds: how each is computed from case-level data. What each
 * kind means, in words, is beside its schema (`FIGURE_KINDS` in src/model/outcome-figure.ts); the
 * registry's type is keyed by the same kinds, so a kind added there and not here does not compile.
 * Adding a kind is one schema, one entry here, and its tests.
 */
import type { CaseRecord, FigureDefinition, FigureKind, FigureOf } from '../model/outcome-figure.ts';
import { countChange, meanOfFamilyChange, medianChange } from './change-figures.ts';
import { progressKOfM } from './progress-figure.ts';
import type { FigureBehaviour, FigureResult } from './result.ts';
import { count, prevalence, shareMeeting } from './share-figures.ts';
import { leftOutWords, tallyLeftOut } from './wording.ts';

export const FIGURE_BEHAVIOUR: { [K in FigureKind]: FigureBehaviour<K> } = {
  'count-change': countChange,
  'share-meeting': shareMeeting,
  'median-change': medianChange,
  'mean-of-family-change': meanOfFamilyChange,
  'progress-k-of-m': progressKOfM,
  prevalence,
  count,
};

function behaviourOf<K extends FigureKind>(definition: FigureOf<K>): FigureBehaviour<K> {
  return FIGURE_BEHAVIOUR[definition.kind as K];
}

/**
 * A figure computed from the cases, with the families left out and why. Cases are
 * counted as given: leaving out families whose consent does not allow analysis is the caller's
 * job, as it is for every cohort analysis.
 */
export function computeFigure(definition: FigureDefinition, cases: readonly CaseRecord[]): FigureResult {
  const computed = behaviourOf(definition).compute(definition, cases);
  return {
    id: definition.id,
    kind: definition.kind,
    label: definition.label,
    ...computed,
    leftOutSentence: leftOutWords(tallyLeftOut(computed.leftOut)),
  };
}

/** Every figure of a cohort, in the order given. */
export function computeFigures(definitions: readonly FigureDefinition[], cases: readonly CaseRecord[]): FigureResult[] {
  return definitions.map((definition) => computeFigure(definition, cases));
}
