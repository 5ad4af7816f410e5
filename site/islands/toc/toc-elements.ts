/**
 * React Flow nodes and edges, derived from the theory of change (never stored): steps laid out
 * by tier unless placed, cards carrying only plain data (no callbacks), links as edges labelled
 * with their confidence in words.
 */
import type { Edge, Node } from '@xyflow/react';
import {
  COST_EVENT_KINDS,
  familiesIn,
  levelOf,
  type ProgressLevel,
  type ProgressScale,
  type TheoryOfChange,
  type TocNodeKind,
} from '../../../src/model/index.ts';
import { CONFIDENCE_WORDS, KIND_LOOKS } from './node-kinds.ts';
import { layoutByTier, NODE_WIDTH, type Point } from './toc-layout.ts';

export interface TocNodeData extends Record<string, unknown> {
  kind: TocNodeKind;
  title: string;
  /** Distinct families whose stages are cited as evidence (see `tocNodes`' `countFamilies`). */
  families: number;
  indicators: number;
  /** "police call-outs", one per cost-event type the step should make rarer. */
  reduces: string[];
  progressFrom: ProgressLevel | undefined;
  progressTo: ProgressLevel | undefined;
  levelCount: number;
}

export type TocFlowNode = Node<TocNodeData, 'step'>;

export interface Selection {
  kind: 'node' | 'link';
  id: string;
}

export function tocNodes(
  toc: TheoryOfChange,
  scale: ProgressScale,
  selection: Selection | undefined,
  positions: ReadonlyMap<string, Point> = layoutByTier(toc.nodes),
  /** How families are counted once the sources are in (analysis consent, one family once); distinct journeys until then. */
  countFamilies: (evidence: TheoryOfChange['nodes'][number]['evidence']) => number = familiesIn,
): TocFlowNode[] {
  return toc.nodes.map((node) => ({
    id: node.id,
    type: 'step',
    position: positions.get(node.id) ?? { x: 0, y: 0 },
    data: {
      kind: node.kind,
      title: node.title,
      families: countFamilies(node.evidence),
      indicators: toc.indicators.filter((i) => i.nodeId === node.id).length,
      reduces: node.reduces.map((type) => COST_EVENT_KINDS[type].label.toLowerCase()),
      progressFrom: node.progress?.from === undefined ? undefined : levelOf(scale, node.progress.from),
      progressTo: node.progress ? levelOf(scale, node.progress.to) : undefined,
      levelCount: scale.levels.length,
    },
    selected: selection?.kind === 'node' && selection.id === node.id,
    ariaLabel: `${KIND_LOOKS[node.kind].label}: ${node.title}`,
    width: NODE_WIDTH,
  }));
}

export function tocEdges(toc: TheoryOfChange, selection: Selection | undefined): Edge[] {
  const title = (id: string) => toc.nodes.find((n) => n.id === id)?.title ?? '';
  return toc.links.map((link) => {
    const confidence = link.confidence ? CONFIDENCE_WORDS[link.confidence] : 'Confidence not set';
    return {
      id: link.id,
      source: link.from,
      target: link.to,
      label: confidence,
      className: `confidence-${link.confidence ?? 'unset'}`,
      selected: selection?.kind === 'link' && selection.id === link.id,
      ariaLabel: `Leads to: from ${title(link.from)} to ${title(link.to)}, ${confidence.toLowerCase()}`,
    };
  });
}
