/**
 * Drawn behind the cards and kept in step with panning and zooming: the name of each tier at the
 * canvas's left edge, and the ceiling of accountability as a labelled dashed line across the
 * whole canvas, between the highest tier the programme answers for and the one above it. Drawn
 * in screen space so the names and the line stay in view however the canvas is panned.
 */
import { useViewport } from '@xyflow/react';
import { TOC_NODE_KINDS, type TocNodeKind } from '../../../src/model/index.ts';
import { KIND_LOOKS } from './node-kinds.ts';
import { ceilingY, tierTop } from './toc-layout.ts';

export function TierGuides({ ceiling }: { ceiling: TocNodeKind }) {
  const { y, zoom } = useViewport();
  const screenY = (flowY: number) => flowY * zoom + y;
  return (
    <div className="tier-guides">
      {TOC_NODE_KINDS.map((kind) => (
        <p
          key={kind}
          className="tier-label"
          aria-hidden="true"
          style={{ transform: `translateY(${screenY(tierTop(kind))}px)` }}
        >
          <span>{KIND_LOOKS[kind].glyph}</span> {KIND_LOOKS[kind].plural}
        </p>
      ))}
      <div className="ceiling-line" style={{ transform: `translateY(${screenY(ceilingY(ceiling))}px)` }}>
        {/* Short, to fit the names' column; the overview panel says what it means. */}
        <span>Ceiling of accountability</span>
      </div>
    </div>
  );
}
