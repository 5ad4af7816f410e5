/** Carry out a JourneyCommand on the session's document, with the session's origin. */
import { linkStages, removeStage, unlinkStages } from '../../../src/doc/index.ts';
import type { LinkId, StageId } from '../../../src/model/index.ts';
import type { JourneyCommand } from './flow-changes.ts';
import type { JourneySession } from './journey-session.ts';

export function applyCommand(session: JourneySession, command: JourneyCommand): void {
  const { doc, origin } = session;
  switch (command.kind) {
    case 'removeStage':
      return removeStage(doc, command.stageId as StageId, origin);
    case 'linkStages':
      linkStages(doc, { from: command.from, to: command.to }, origin);
      return;
    case 'unlinkStages':
      return unlinkStages(doc, command.linkId as LinkId, origin);
  }
}
