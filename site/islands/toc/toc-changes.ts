/**
 * The one place React Flow's change objects become theory-of-change commands (see
 * docs/architecture.md, "The editors"). Pure: arrays in, command descriptions out, testable
 * without a DOM. Only finished gestures count: a step is placed when its drag ends; selection
 * and measuring stay local. Deleting is taken whole from React Flow's `onDelete` (nodes and
 * edges together), so one press of Delete is one undo step and links that go with their node
 * are not removed twice.
 */
import type { Connection, NodeChange } from '@xyflow/react';
import type { TheoryOfChange } from '../../../src/model/index.ts';
import type { Point } from './toc-layout.ts';

export type TocCommand =
  | { kind: 'placeNode'; nodeId: string; position: Point }
  | { kind: 'removeNode'; nodeId: string }
  | { kind: 'addLink'; from: string; to: string }
  | { kind: 'removeLink'; linkId: string };

/** Closer than this to where it was, a drop is a click, not a move. */
const STILL = 2;

export function commandsForNodeChanges(
  changes: readonly NodeChange[],
  toc: Pick<TheoryOfChange, 'nodes'>,
  positions: ReadonlyMap<string, Point>,
): TocCommand[] {
  const commands: TocCommand[] = [];
  for (const change of changes) {
    if (change.type !== 'position' || change.dragging !== false || !change.position) continue;
    if (!toc.nodes.some((n) => n.id === change.id)) continue;
    const was = positions.get(change.id);
    const { x, y } = change.position;
    if (was && Math.abs(was.x - x) < STILL && Math.abs(was.y - y) < STILL) continue;
    commands.push({ kind: 'placeNode', nodeId: change.id, position: { x: Math.round(x), y: Math.round(y) } });
  }
  return commands;
}

/** What deleting these from the canvas means: links that go with a removed step are not removed again. */
export function commandsForDeletion(
  deleted: { nodes: readonly { id: string }[]; edges: readonly { id: string }[] },
  toc: Pick<TheoryOfChange, 'nodes' | 'links'>,
): TocCommand[] {
  const nodeIds = new Set(deleted.nodes.map((n) => n.id).filter((id) => toc.nodes.some((n) => n.id === id)));
  const links = deleted.edges.flatMap((edge) => {
    const link = toc.links.find((l) => l.id === edge.id);
    return link && !nodeIds.has(link.from) && !nodeIds.has(link.to) ? [link.id] : [];
  });
  return [
    ...links.map((linkId): TocCommand => ({ kind: 'removeLink', linkId })),
    ...[...nodeIds].map((nodeId): TocCommand => ({ kind: 'removeNode', nodeId })),
  ];
}

/** A new link from a drawn connection; none for a loop, a duplicate or a step that is gone. */
export function commandForConnection(
  connection: Pick<Connection, 'source' | 'target'>,
  toc: Pick<TheoryOfChange, 'nodes' | 'links'>,
): TocCommand | undefined {
  const { source, target } = connection;
  if (!source || !target || source === target) return undefined;
  if (!toc.nodes.some((n) => n.id === source) || !toc.nodes.some((n) => n.id === target)) return undefined;
  if (toc.links.some((l) => l.from === source && l.to === target)) return undefined;
  return { kind: 'addLink', from: source, to: target };
}
