/**
 * The names of the map's lanes (a family member's name, or a service's), level with the top of
 * each lane. Where there is room they stand just left of the story's first card; once the map
 * is panned along they stay at its left edge, at a readable size whatever the zoom: on a tablet
 * a lane's name must not scroll away with its first card.
 */
import { useStore } from '@xyflow/react';
import { useLayoutEffect, useRef, useState } from 'react';
import type { Journey } from '../../../src/model/index.ts';
import { CARDS_TOP } from './flow-elements.ts';
import { lanesOf, type LaneMode } from './lanes.ts';
import './family-members.css';

/** Space between a label and the first card, and between a label and the map's edge, in pixels. */
const GAP = 8;

/** `laneHeight` is the map's own (taller with Large type), so each name stays level with its lane. */
export function LaneLabels({ journey, lanes, laneHeight }: { journey: Journey; lanes: LaneMode; laneHeight: number }) {
  const [x, y, zoom] = useStore((state) => state.transform);
  const list = useRef<HTMLUListElement>(null);
  // The widest label, measured once drawn, so that the labels' right edges line up before the first card.
  const [widest, setWidest] = useState(0);
  useLayoutEffect(() => {
    const widths = [...(list.current?.children ?? [])].map((item) => (item as HTMLElement).offsetWidth);
    const measured = Math.max(0, ...widths);
    if (measured !== widest) setWidest(measured);
    // Measured again when the names can have changed.
  }, [journey, lanes, widest]);
  if (lanes === 'none') return null;
  const { names, laneOf } = lanesOf(journey, lanes);
  // The first lane (nobody, no service) is named only when some stage is in it.
  const shown = names.flatMap((name, lane) =>
    lane > 0 || journey.stages.some((s) => laneOf(s) === 0) ? [{ name, lane }] : [],
  );
  const left = Math.max(GAP, x - GAP - widest);
  return (
    <ul
      ref={list}
      className="lane-labels"
      aria-label={lanes === 'member' ? 'Lanes, one per person' : 'Lanes, one per service'}
    >
      {shown.map(({ name, lane }) => (
        <li key={lane} style={{ left: `${left}px`, top: `${y + (CARDS_TOP + lane * laneHeight) * zoom}px` }}>
          <span dir="auto">{name}</span>
        </li>
      ))}
    </ul>
  );
}
