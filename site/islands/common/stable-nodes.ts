/**
 * Keep node objects whose content did not change, so React Flow skips them. Every read of the
 * journey makes new objects; without this, selecting one card or one person's edit on a
 * 300-stage map would make React Flow re-process all three hundred.
 */
import { useRef } from 'react';
import type { StageNode } from './flow-elements.ts';

export function useStableNodes(nodes: StageNode[]): StageNode[] {
  const previous = useRef(new Map<string, { key: string; node: StageNode }>());
  const next = new Map<string, { key: string; node: StageNode }>();
  const stable = nodes.map((node) => {
    const key = JSON.stringify([node.position, node.selected, node.data]);
    const kept = previous.current.get(node.id);
    const chosen = kept && kept.key === key ? kept.node : node;
    next.set(node.id, { key, node: chosen });
    return chosen;
  });
  previous.current = next;
  return stable;
}
