/**
 * Keep node objects whose content did not change, so React Flow skips them. Every read of the
 * document makes new objects; without this, selecting one card or one person's edit on a
 * 300-stage map would make React Flow re-process all three hundred.
 */
import type { Node } from '@xyflow/react';
import { useRef } from 'react';

export function useStableNodes<N extends Node>(nodes: N[]): N[] {
  const previous = useRef(new Map<string, { key: string; node: N }>());
  const next = new Map<string, { key: string; node: N }>();
  const stable = nodes.map((node) => {
    // Everything that is shown or read out: the card's label says "Stage 4 of 6", so a new stage
    // elsewhere changes it even when nothing else about the card did.
    // Its width too: "Large type" and a shared screen make the cards wider; and its classes (a
    // spotlit or locked card, say).
    const key = JSON.stringify([node.position, node.width, node.selected, node.ariaLabel, node.className, node.data]);
    const kept = previous.current.get(node.id);
    const chosen = kept && kept.key === key ? kept.node : node;
    next.set(node.id, { key, node: chosen });
    return chosen;
  });
  previous.current = next;
  return stable;
}
