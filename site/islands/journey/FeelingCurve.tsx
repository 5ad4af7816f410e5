/** High and low points drawn as one curve above the stages, in canvas coordinates. */
import { ViewportPortal } from '@xyflow/react';
import { memo } from 'react';
import type { Feeling, Journey } from '../../../src/model/index.ts';
import { stageX } from './flow-elements.ts';

const HEIGHT: Record<Feeling, number> = { 'very-high': 20, high: 55, mixed: 90, low: 125, 'very-low': 160 };

interface CurveProps {
  journey: Journey;
  /** The cards' width now (wider in large type), so each point stays above its card. */
  cardWidth: number;
}

/** Drawn in the map's own coordinates, moving and zooming with it. */
function FeelingCurveView(props: CurveProps) {
  return (
    <ViewportPortal>
      <FeelingCurveDrawing {...props} />
    </ViewportPortal>
  );
}

/** The curve itself, in canvas coordinates: the server's picture of the map places it as editor.css says. */
export function FeelingCurveDrawing({ journey, cardWidth }: CurveProps) {
  const points = journey.stages.flatMap((stage, index) =>
    stage.feeling ? [{ x: stageX(index, cardWidth) + cardWidth / 2, y: HEIGHT[stage.feeling] }] : [],
  );
  if (points.length < 2) return null;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ');
  const width = stageX(journey.stages.length, cardWidth);
  return (
    <svg
      className="feeling-curve"
      width={width}
      height={180}
      style={{ position: 'absolute', left: 0, top: 0, overflow: 'visible' }}
      aria-hidden="true"
    >
      <text x={-8} y={HEIGHT['very-high'] + 5} textAnchor="end">
        High
      </text>
      <text x={-8} y={HEIGHT['very-low'] + 5} textAnchor="end">
        Low
      </text>
      <path d={path} fill="none" strokeWidth={4} />
      {points.map((p) => (
        <circle key={`${p.x}`} cx={p.x} cy={p.y} r={7} />
      ))}
    </svg>
  );
}

export const FeelingCurve = memo(FeelingCurveView);
