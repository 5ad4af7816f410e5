/**
 * Brings what someone chose from a panel (a step in the list of steps, a link's ends) into view
 * at a readable size. A drafted theory of change is wide: the whole of it fits the canvas only
 * at a zoom where cards cannot be read, so choosing from the list is how a tablet or a shared
 * screen gets close. Choices made on the canvas itself leave the view alone.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';

export interface FocusRequest {
  /** The flow nodes to bring into view. */
  nodeIds: readonly string[];
  /** Counts requests, so choosing the same step again brings it back into view. */
  serial: number;
}

const READABLE = { minZoom: 0.75, maxZoom: 1, duration: 250, padding: 0.3 } as const;

export function FocusOnChosen({ request }: { request: FocusRequest | undefined }) {
  const { fitView } = useReactFlow();
  // Only a new request moves the view; a re-render with the same one leaves it where the person put it.
  const handled = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!request || request.serial === handled.current) return;
    handled.current = request.serial;
    if (request.nodeIds.length > 0) void fitView({ ...READABLE, nodes: request.nodeIds.map((id) => ({ id })) });
  }, [request, fitView]);
  return null;
}
