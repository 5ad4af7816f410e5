/**
 * React Flow nodes and edges, derived from the journey (never stored): stages left to right
 * in their order, optionally in one lane per family member who speaks, and links as edges.
 * On a shared screen the stages wrap into rows instead, read like a page. Positions are
 * layout, not data: cards are not dragged, and a stage's place is its order.
 */
import { Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
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

/** Up to this many stages every card is drawn (and reachable by Tab); beyond, only those in view. */
export const ALL_CARDS_DRAWN_UP_TO = 60;

/**
 * Where links meet a card: the dots sit this far below its top (editor-shell.css), at a size set
 * there too. On a long journey's line they are declared rather than measured, with a first
 * guess at each card's height, so that React Flow need not draw every card once to find its
 * dots: the map leaves out the cards off screen from its first drawing.
 */
export const HANDLE_TOP = 44;
const HANDLE_SIZE = 14;

function cardHandles(cardWidth: number): NodeHandle[] {
  const dot = { width: HANDLE_SIZE, height: HANDLE_SIZE, y: HANDLE_TOP - HANDLE_SIZE / 2 };
  return [
    { ...dot, type: 'target', position: Position.Left, x: -HANDLE_SIZE / 2 },
    { ...dot, type: 'source', position: Position.Right, x: cardWidth - HANDLE_SIZE / 2 },
  ];
}

/** How the cards are spaced: their width and the height of a lane (or a row, on a shared screen). */
export interface MapLayout {
  cardWidth: number;
  laneHeight: number;
  /** Stages per row on a shared screen; left out, the story is one line. */
  columns?: number;
}

export const LINE_LAYOUT: MapLayout = { cardWidth: CARD_WIDTH, laneHeight: LANE_HEIGHT };
/** "Large type": cards a third wider, lanes taller, so the bigger words do not crowd or overlap. */
export const LARGE_TYPE_LAYOUT: MapLayout = { cardWidth: 340, laneHeight: 470 };
/** A shared screen's cards (headline, number, level only; editor.css gives them this size). */
export const SHARED_CARD = { width: 300, height: 250, rowGap: 70 } as const;

/**
 * How many stages per row make the largest cards on a shared screen of this size: more columns
 * make the rows wider, fewer make more rows. The pane is in screen pixels.
 */
export function sharedColumns(stageCount: number, pane: { width: number; height: number }): number {
  let best = { columns: 1, zoom: 0 };
  for (let columns = 1; columns <= Math.max(1, stageCount); columns++) {
    const rows = Math.ceil(stageCount / columns);
    const width = columns * SHARED_CARD.width + (columns - 1) * CARD_GAP;
    const height = rows * SHARED_CARD.height + (rows - 1) * SHARED_CARD.rowGap;
    const zoom = Math.min(pane.width / width, pane.height / height);
    if (zoom > best.zoom) best = { columns, zoom };
  }
  return best.columns;
}

export function sharedLayout(columns: number): MapLayout {
  return { cardWidth: SHARED_CARD.width, laneHeight: SHARED_CARD.height + SHARED_CARD.rowGap, columns };
}

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

export function stageX(index: number, cardWidth = CARD_WIDTH): number {
  return index * (cardWidth + CARD_GAP);
}

/** Where a stage's card goes: along its lane, or on a shared screen in reading order, row after row. */
function placeOf(index: number, lane: number, layout: MapLayout): { x: number; y: number } {
  if (layout.columns)
    return {
      x: stageX(index % layout.columns, layout.cardWidth),
      y: Math.floor(index / layout.columns) * layout.laneHeight,
    };
  return { x: stageX(index, layout.cardWidth), y: CARDS_TOP + lane * layout.laneHeight };
}

export function flowNodes(
  journey: Journey,
  lanes: LaneMode,
  selectedId: string | undefined,
  costByStage: Readonly<Record<string, number>> = {},
  editorsByStage: ReadonlyMap<string, { name: string; colour: string }[]> = new Map(),
  layout: MapLayout = LINE_LAYOUT,
): StageNode[] {
  const { laneOf } = lanesOf(journey, lanes);
  // Rows on a shared screen are fitted to the screen once every card is measured: not guessed.
  const declared = !layout.columns && journey.stages.length > ALL_CARDS_DRAWN_UP_TO;
  return journey.stages.map((stage, index) => ({
    id: stage.id,
    type: 'stage',
    position: placeOf(index, laneOf(stage), layout),
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
    width: layout.cardWidth,
    ...(declared ? declaredSize(layout) : {}),
  }));
}

/**
 * A card's size and dots as declared before it is drawn: until it is measured, the map takes it
 * to fill its lane (to know whether it is in view), with its dots where editor-shell.css puts them.
 */
export function declaredSize(layout: MapLayout): Pick<StageNode, 'initialHeight' | 'handles'> {
  return { initialHeight: layout.laneHeight - CARD_GAP, handles: cardHandles(layout.cardWidth) };
}

/**
 * Links as edges. In rows (`stepped`) a link from the end of one row to the start of the next is
 * drawn along the gap between the rows, not as a curve across the cards; its words are left to
 * the stage's panel and the list view there, as the narrow gaps between cards cut them off.
 */
export function flowEdges(journey: Journey, stepped = false): Edge[] {
  return journey.links.map((link) => ({
    id: link.id,
    ...(stepped ? { type: 'smoothstep' } : {}),
    source: link.from,
    target: link.to,
    ...(link.label && !stepped ? { label: link.label } : {}),
    ariaLabel: `Led to: from ${journey.stages.find((s) => s.id === link.from)?.title ?? ''} to ${journey.stages.find((s) => s.id === link.to)?.title ?? ''}`,
  }));
}
