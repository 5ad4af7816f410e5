/**
 * The one place React Flow's change objects become domain commands (docs/architecture.md, "The editors"). Pure:
 * arrays in, command descriptions out, testable without a DOM. Cards are not dragged (a drag
 * pans the map), so a position change is never a command: stages move through the panel's
 * "Move to…"; selection and measuring stay local.
 */
import type { Connection, EdgeChange, NodeChange } from '@xyflow/react';
import type { Journey } from '../../../src/model/index.ts';

export type JourneyCommand =
  | { kind: 'removeStage'; stageId: string }
  | { kind: 'linkStages'; from: string; to: string }
  | { kind: 'unlinkStages'; linkId: string };

export function commandsForNodeChanges(changes: readonly NodeChange[], journey: Journey): JourneyCommand[] {
  const commands: JourneyCommand[] = [];
  for (const change of changes) {
    if (change.type === 'remove' && journey.stages.some((s) => s.id === change.id)) {
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
