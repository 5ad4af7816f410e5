/**
 * A step of the theory of change on the canvas: its kind (colour, glyph and words), title, how
 * many families' stages it rests on, its indicators, where it stands on the progress scale and
 * the costs it should make rarer. Links leave from the top (towards impact) and arrive below.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { KindChip } from './KindChip.tsx';
import { KIND_LOOKS } from './node-kinds.ts';
import { ProgressChips } from './ProgressPicker.tsx';
import type { TocFlowNode } from './toc-elements.ts';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function StepCardView({ data, selected }: NodeProps<TocFlowNode>) {
  const { kind, title, families, indicators, reduces, progressFrom, progressTo, levelCount } = data;
  return (
    <div
      className={`step-card${selected ? ' selected' : ''}`}
      style={{ '--kind': KIND_LOOKS[kind].colour } as React.CSSProperties}
    >
      <Handle type="target" position={Position.Bottom} />
      <KindChip kind={kind} />
      <h3>{title}</h3>
      <p className="counts">
        {families === 0 ? 'No families cited yet' : count(families, 'family', 'families')} ·{' '}
        {count(indicators, 'indicator', 'indicators')}
      </p>
      <ProgressChips from={progressFrom} to={progressTo} of={levelCount} />
      {reduces.length > 0 && <p className="reduces">Reduces: {reduces.join(', ')}</p>}
      <Handle type="source" position={Position.Top} />
    </div>
  );
}

export const StepCard = memo(StepCardView);
