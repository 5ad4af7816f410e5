/**
 * "Follow me" on a participant's or viewer's screen: while the facilitator leads, this map
 * shows what theirs does (the same middle, the same zoom, the stage they have open) until the
 * person takes hold of the map themselves (a touch, a click or a scroll on it) to look around;
 * `followAgain` brings them back.
 */
import { useReactFlow, useStore } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ControlState } from '../../../src/protocol/index.ts';

const GLIDE_MS = 200;
const HANDS_ON = ['pointerdown', 'wheel'] as const;

export function useFollowView(follow: ControlState['follow'], onStage: (stageId: string | undefined) => void) {
  const { setCenter } = useReactFlow();
  const map = useStore((state) => state.domNode);
  const [lookingAround, setLookingAround] = useState(false);
  const leading = follow !== null;
  // A new lead starts with everyone following.
  useEffect(() => {
    if (!leading) setLookingAround(false);
  }, [leading]);
  useEffect(() => {
    if (!map || !leading || lookingAround) return;
    const letGo = (event: Event) => {
      // The overlay's own buttons are not the map.
      if (event.target instanceof Element && event.target.closest('.react-flow__panel')) return;
      setLookingAround(true);
    };
    for (const type of HANDS_ON) map.addEventListener(type, letGo, { passive: true, capture: true });
    return () => {
      for (const type of HANDS_ON) map.removeEventListener(type, letGo, { capture: true });
    };
  }, [map, leading, lookingAround]);
  // Only a new view from the room (its seq) or coming back moves the map, not every render.
  const latest = useRef({ follow, onStage });
  useEffect(() => {
    latest.current = { follow, onStage };
  });
  const seq = follow?.seq;
  useEffect(() => {
    const { follow: lead, onStage: open } = latest.current;
    if (!lead || lookingAround) return;
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    void setCenter(lead.view.x, lead.view.y, { zoom: lead.view.zoom, duration: still ? 0 : GLIDE_MS });
    open(lead.stageId);
  }, [seq, lookingAround, setCenter]);
  return {
    following: leading && !lookingAround,
    lookingAround: leading && lookingAround,
    followAgain: useCallback(() => setLookingAround(false), []),
  };
}
