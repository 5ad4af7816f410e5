/** The shapes drafting works in before the theory of change is assembled and parsed. */
import type { CostEventType } from '../../model/cost-event-types.ts';
import type { TocNodeKind } from '../../model/theory-of-change.ts';
import type { IndicatorInput } from '../../model/toc-indicator.ts';
import type { Item } from './evidence.ts';

export interface DraftNode {
  id: string;
  kind: TocNodeKind;
  title: string;
  description: string;
  /** Every pointer found; capped only when the theory of change is assembled. */
  evidence: Item[];
  progress?: { scaleId: string; from?: number; to: number };
  reduces?: CostEventType[];
  codes?: string[];
}

export interface DraftLink {
  from: string;
  to: string;
  rationale: string;
  evidence: Item[];
}

export interface Drafted {
  nodes: DraftNode[];
  indicators: IndicatorInput[];
}
