/**
 * Stage order numbers. A new or moved stage takes the midpoint of its neighbours' orders, so
 * nobody else's stage is renumbered; only when doubles run out of room between two neighbours
 * is the whole journey renumbered (1, 2, 3…).
 */
import * as Y from 'yjs';
import { compareStages } from '../../model/stage.ts';
import { journeyMaps } from './layout.ts';

interface Placed {
  id: string;
  order: number;
}

/** The stages in journey order, skipping entries that are not well-formed stages. */
export function placedStages(doc: Y.Doc): Placed[] {
  const out: Placed[] = [];
  journeyMaps(doc).stages.forEach((value, id) => {
    const order = value instanceof Y.Map ? value.get('order') : undefined;
    if (typeof order === 'number' && Number.isFinite(order)) out.push({ id, order });
  });
  return out.sort(compareStages);
}

/**
 * The order for a stage placed right after `afterId` (`null`: first; `undefined`: last),
 * ignoring the stage `movingId` itself. Renumbers in place when there is no room (call inside
 * a transaction).
 */
export function orderAfter(doc: Y.Doc, afterId: string | null | undefined, movingId?: string): number {
  const stages = placedStages(doc).filter((s) => s.id !== movingId);
  if (stages.length === 0) return 1;
  const index =
    afterId === undefined ? stages.length - 1 : afterId === null ? -1 : stages.findIndex((s) => s.id === afterId);
  const before = index >= 0 ? stages[index]?.order : undefined;
  const after = stages[index + 1]?.order;
  if (before === undefined) return (after ?? 2) - 1;
  if (after === undefined) return before + 1;
  const middle = before + (after - before) / 2;
  if (middle > before && middle < after) return middle;
  renumber(doc, stages);
  return index + 1.5;
}

function renumber(doc: Y.Doc, stages: Placed[]): void {
  const map = journeyMaps(doc).stages;
  stages.forEach((stage, i) => (map.get(stage.id) as Y.Map<unknown>).set('order', i + 1));
}
