/**
 * The names of the map's lanes (a family member's name, or a service's), at the left edge of the
 * map beside each lane. They stay there, at a readable size, as the map is panned and zoomed:
 * on a tablet a lane's name must not scroll away with its first card.
 */
import { useStore } from '@xyflow/react';
import type { Journey } from '../../../src/model/index.ts';
import { CARDS_TOP, LANE_HEIGHT } from './flow-elements.ts';
import { lanesOf, type LaneMode } from './lanes.ts';
import './family-members.css';

export function LaneLabels({ journey, lanes }: { journey: Journey; lanes: LaneMode }) {
  const [, y, zoom] = useStore((state) => state.transform);
  if (lanes === 'none') return null;
  const { names, laneOf } = lanesOf(journey, lanes);
  // The first lane (nobody, no service) is named only when some stage is in it.
  const shown = names.flatMap((name, lane) =>
    lane > 0 || journey.stages.some((s) => laneOf(s) === 0) ? [{ name, lane }] : [],
  );
  return (
    <ul className="lane-labels" aria-label={lanes === 'member' ? 'Lanes, one per person' : 'Lanes, one per service'}>
      {shown.map(({ name, lane }) => (
        <li key={lane} style={{ top: `${y + (CARDS_TOP + lane * LANE_HEIGHT) * zoom}px` }}>
          <span dir="auto">{name}</span>
        </li>
      ))}
    </ul>
  );
}
