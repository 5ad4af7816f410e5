/**
 * The journeys behind a theory of change as its canvas needs them: to show the words behind a
 * node or link, and to pick a stage as new evidence. What each person gets follows the same
 * rule as the list view: only journeys whose family agreed to analysis; the team sees their
 * words; others see a family's words and stage titles only where that family agreed to share them.
 */
import { allows, compareStages, levelOf, type ConsentOf, type Journey } from '../../src/model/index.ts';

export interface SourceStage {
  id: string;
  order: number;
  title?: string;
  words?: string;
  /** The level's label on the journey's scale. */
  level?: string;
}

export interface SourceFactor {
  id: string;
  stageId: string;
  kind: 'enabler' | 'barrier';
  text?: string;
}

export interface SourceJourney {
  id: string;
  family: string;
  /** The family's record id: two journeys of one family count as one family. */
  familyId?: string;
  /** False when the family has not agreed to share its words: titles and words are left out. */
  wordsShared: boolean;
  stages: SourceStage[];
  factors: SourceFactor[];
}

/**
 * The journeys whose family agreed to analysis (no other journey contributes to a theory of
 * change, for anyone), each with its family's words where this person may read them.
 */
export function tocSources(
  journeys: readonly Journey[],
  team: boolean,
  consentOf: ConsentOf,
  familyOf: (journeyId: string) => string = (id) => id,
): SourceJourney[] {
  return journeys
    .filter((journey) => allows(consentOf(journey.id), 'analysis'))
    .map((journey) => {
      const shared = team || allows(consentOf(journey.id), 'share-words');
      return {
        id: journey.id,
        family: journey.family.pseudonym,
        familyId: familyOf(journey.id),
        wordsShared: shared,
        stages: [...journey.stages].sort(compareStages).map((stage) => ({
          id: stage.id,
          order: stage.order,
          ...(shared ? { title: stage.title } : {}),
          ...(shared && stage.words ? { words: stage.words } : {}),
          ...(stage.progress ? { level: levelOf(journey.scale, stage.progress.level)?.label } : {}),
        })),
        factors: journey.factors.map((factor) => ({
          id: factor.id,
          stageId: factor.stageId,
          kind: factor.kind,
          ...(shared ? { text: factor.text } : {}),
        })),
      };
    });
}
