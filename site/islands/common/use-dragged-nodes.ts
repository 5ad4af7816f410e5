/**
 * Nodes as React Flow should draw them while a card is being dragged: the derived nodes, with
 * only the dragged ones moved, and every unchanged node object kept (so React Flow does not
 * re-render the others each frame). Where a card lands is written to the document by the
 * editor when the drag ends, never on every frame.
 */
import type { Node, NodeChange } from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import { useStableNodes } from './stable-nodes.ts';

export function useDraggedNodes<N extends Node>(
  derived: N[],
): { nodes: N[]; track: (changes: NodeChange<N>[]) => void } {
  const [dragging, setDragging] = useState<Record<string, { x: number; y: number }>>({});
  const moved = useMemo<N[]>(
    () =>
      Object.keys(dragging).length === 0
        ? derived
        : derived.map((node) => {
            const position = dragging[node.id];
            return position ? { ...node, position } : node;
          }),
    [derived, dragging],
  );
  const track = useCallback((changes: NodeChange<N>[]) => {
    for (const change of changes) {
      if (change.type !== 'position') continue;
      const position = change.position;
      if (change.dragging && position) setDragging((current) => ({ ...current, [change.id]: position }));
      else if (change.dragging === false) setDragging({});
    }
  }, []);
  return { nodes: useStableNodes(moved), track };
}
