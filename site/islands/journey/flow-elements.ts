/**
 * React Flow nodes and edges, derived from the journey (never stored): stages left to right
 * in their order, optionally in one lane per family member who speaks, and links as edges.
 * Positions are layout, not data: cards are not dragged, and a stage's place is its order.
 */
import type { Edge, Node } from '@xyflow/react';
import { costEventLabel } from '../../../src/costs/index.ts';
import { levelOf, SERVICE_KINDS, type Journey, type ProgressLevel, type Stage } from '../../../src/model/index.ts';
import { quoteAttribution } from '../../lib/member-words.ts';
import { lanesOf, type LaneMode } from './lanes.ts';

export const CARD_WIDTH = 260;
export const CARD_GAP = 60;
export const LANE_HEIGHT = 360;
/** Where the top of the cards sits below the feeling curve. */
export const CARDS_TOP = 200;

export type { LaneMode } from './lanes.ts';

export interface StageNodeData extends Record<string, unknown> {
  stage: Stage;
  index: number;
  level: ProgressLevel | undefined;
  levelCount: number;
  /** Whose words the stage's are ("Kerry, mother", "the family"). */
  speaker: ReturnType<typeof quoteAttribution>;
  services: string[];
  enablers: string[];
  barriers: string[];
  costCount: number;
  /** Fiscal total of the stage's events in the editor's price year. */
  costTotal: number;
  /** "Police call-out × 4", one per event. */
  costLabels: string[];
  /** Others who have this stage open to edit right now, with their presence colours. */
  editors: { name: string; colour: string }[];
}

export type StageNode = Node<StageNodeData, 'stage'>;

export function stageX(index: number): number {
  return index * (CARD_WIDTH + CARD_GAP);
}

export function flowNodes(
  journey: Journey,
  lanes: LaneMode,
  selectedId: string | undefined,
  costByStage: Readonly<Record<string, number>> = {},
  editorsByStage: ReadonlyMap<string, { name: string; colour: string }[]> = new Map(),
): StageNode[] {
  const { laneOf } = lanesOf(journey, lanes);
  return journey.stages.map((stage, index) => ({
    id: stage.id,
    type: 'stage',
    position: { x: stageX(index), y: CARDS_TOP + laneOf(stage) * LANE_HEIGHT },
    data: {
      stage,
      index,
      level: stage.progress ? levelOf(journey.scale, stage.progress.level) : undefined,
      levelCount: journey.scale.levels.length,
      speaker: quoteAttribution(stage, journey.family.members),
      services: stage.services.map((key) => SERVICE_KINDS[key].label),
      enablers: journey.factors.filter((f) => f.stageId === stage.id && f.kind === 'enabler').map((f) => f.text),
      barriers: journey.factors.filter((f) => f.stageId === stage.id && f.kind === 'barrier').map((f) => f.text),
      costCount: journey.costEvents.filter((e) => e.stageId === stage.id).length,
      costTotal: costByStage[stage.id] ?? 0,
      costLabels: journey.costEvents
        .filter((e) => e.stageId === stage.id)
        .map((e) => `${costEventLabel(e)} (${e.period})`),
      editors: editorsByStage.get(stage.id) ?? [],
    },
    selected: stage.id === selectedId,
    ariaLabel: `Stage ${index + 1} of ${journey.stages.length}: ${stage.title}`,
    width: CARD_WIDTH,
  }));
}

export function flowEdges(journey: Journey): Edge[] {
  return journey.links.map((link) => ({
    id: link.id,
    source: link.from,
    target: link.to,
    ...(link.label ? { label: link.label } : {}),
    ariaLabel: `Led to: from ${journey.stages.find((s) => s.id === link.from)?.title ?? ''} to ${journey.stages.find((s) => s.id === link.to)?.title ?? ''}`,
  }));
}
