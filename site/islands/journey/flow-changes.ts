/**
 * The one place React Flow's change objects become domain commands (docs/architecture.md, "The editors"). Pure:
 * arrays in, command descriptions out, testable without a DOM. Only finished gestures count:
 * a drag is a move when it ends; selection and measuring stay local.
 */
import type { Connection, EdgeChange, NodeChange } from '@xyflow/react';
import type { Journey } from '../../../src/model/index.ts';
import { indexAtX } from './flow-elements.ts';

export type JourneyCommand =
  | { kind: 'moveStage'; stageId: string; after: string | null }
  | { kind: 'removeStage'; stageId: string }
  | { kind: 'linkStages'; from: string; to: string }
  | { kind: 'unlinkStages'; linkId: string };

export function commandsForNodeChanges(changes: readonly NodeChange[], journey: Journey): JourneyCommand[] {
  const commands: JourneyCommand[] = [];
  for (const change of changes) {
    if (change.type === 'position' && change.dragging === false && change.position) {
      const from = journey.stages.findIndex((s) => s.id === change.id);
      if (from < 0) continue;
      const to = indexAtX(change.position.x, journey.stages.length);
      if (to === from) continue;
      const others = journey.stages.filter((s) => s.id !== change.id);
      commands.push({ kind: 'moveStage', stageId: change.id, after: to === 0 ? null : (others[to - 1]?.id ?? null) });
    } else if (change.type === 'remove' && journey.stages.some((s) => s.id === change.id)) {
      commands.push({ kind: 'removeStage', stageId: change.id });
    }
  }
  return commands;
}

export function commandsForEdgeChanges(changes: readonly EdgeChange[], journey: Journey): JourneyCommand[] {
  return changes.flatMap((change): JourneyCommand[] =>
    change.type === 'remove' && journey.links.some((l) => l.id === change.id)
      ? [{ kind: 'unlinkStages', linkId: change.id }]
      : [],
  );
}

export function commandForConnection(connection: Connection, journey: Journey): JourneyCommand | undefined {
  const { source, target } = connection;
  if (!source || !target || source === target) return undefined;
  if (journey.links.some((l) => l.from === source && l.to === target)) return undefined;
  return { kind: 'linkStages', from: source, to: target };
}
