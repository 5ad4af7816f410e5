/**
 * What the facilitator's controls put over the map on every screen: the timer, and on a
 * participant's or viewer's screen whether it follows the facilitator's map (with the way back
 * after looking around) and whether the map is locked. Loaded only once a control is in use, so
 * a map nobody runs a workshop on loads none of it.
 */
import { Panel } from '@xyflow/react';
import type { HeldControls } from './room-controls.ts';
import { useFollowView } from './use-follow-view.ts';
import { WorkshopTimer } from './WorkshopTimer.tsx';

interface WorkshopOverlayProps {
  held: HeldControls;
  /** A participant's or viewer's screen, which the controls steer (a facilitator's is never steered). */
  steered: boolean;
  onStage: (stageId: string | undefined) => void;
}

export function WorkshopOverlay({ held, steered, onStage }: WorkshopOverlayProps) {
  const { state } = held;
  const follow = useFollowView(steered ? state.follow : null, onStage);
  const locked = steered && state.lock.map;
  // On a facilitator's screen, what everyone else's is under, so it is not forgotten.
  const lockedForOthers = !steered && state.lock.map;
  const pausedForOthers = !steered && state.pause.map;
  if (!state.timer && !follow.following && !follow.lookingAround && !locked && !lockedForOthers && !pausedForOthers)
    return null;
  return (
    <Panel position="top-center" className="workshop-overlay">
      <WorkshopTimer held={held} />
      {follow.following && <p className="workshop-note">Following the facilitator’s map</p>}
      {follow.lookingAround && (
        <button type="button" onClick={follow.followAgain}>
          Back to the facilitator’s map
        </button>
      )}
      {locked && <p className="workshop-note">The facilitator has locked the map</p>}
      {lockedForOthers && <p className="workshop-note">Locked for everyone but facilitators</p>}
      {pausedForOthers && <p className="workshop-note">Paused on everyone else’s screen</p>}
    </Panel>
  );
}
