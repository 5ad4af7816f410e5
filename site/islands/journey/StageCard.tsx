/**
 * A stage on the canvas: its number, headline and level, then its detail: the family's words,
 * feeling, what helped and hindered, services and costs. The detail is hidden by a class on the
 * map (editor.css) when it is zoomed out or on a shared screen, so zooming renders no card again.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { FEELING_WORDS, sayings } from '../../lib/format.ts';
import type { StageNode, StageNodeData } from './flow-elements.ts';
import { LevelChip } from '../common/LevelChip.tsx';
import { pounds } from '../../../src/costs/index.ts';
import { QuoteBy } from './QuoteBy.tsx';

/** What a card says, without the map's connection dots: the live card's and the printed map's (MapPrint). */
export function StageCardContent({ data }: { data: StageNodeData }) {
  const { stage, level, levelCount, speaker, enablers, barriers, costCount } = data;
  return (
    <>
      <p className="stage-number">Stage {data.index + 1}</p>
      {data.editors.length > 0 && (
        <ul className="editors" aria-label="Working on this stage now">
          {data.editors.map((editor) => (
            <li key={editor.name} style={{ '--who': editor.colour } as React.CSSProperties}>
              <span aria-hidden="true">✎ </span>
              {editor.name}
            </li>
          ))}
        </ul>
      )}
      <h3 dir="auto">{stage.title}</h3>
      <LevelChip level={level} of={levelCount} />
      <div className="detail">
        {stage.feeling && <p className="feeling">Feeling: {FEELING_WORDS[stage.feeling]}</p>}
        {stage.words && (
          <blockquote>
            <p dir="auto">{stage.words}</p>
            <footer>
              <QuoteBy by={speaker} />
            </footer>
          </blockquote>
        )}
        {enablers.length > 0 && <p className="factor enabler">Helped: {sayings(enablers)}</p>}
        {barriers.length > 0 && <p className="factor barrier">Got in the way: {sayings(barriers)}</p>}
        {data.services.length > 0 && <p className="services">Services: {data.services.join(', ')}</p>}
        {costCount > 0 && (
          <div className="costs">
            <p>
              {costCount === 1 ? '1 cost event' : `${costCount} cost events`}: {pounds(data.costTotal)}
            </p>
            <ul>
              {data.costLabels.map((label, i) => (
                <li key={i}>{label}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </>
  );
}

function StageCardView({ data, selected }: NodeProps<StageNode>) {
  return (
    <div className={`stage-card${selected ? ' selected' : ''}`}>
      <Handle type="target" position={Position.Left} />
      <StageCardContent data={data} />
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const StageCard = memo(StageCardView);

/** The map's node kinds, for React Flow's `nodeTypes`: one object, so it never re-registers them. */
export const NODE_TYPES = { stage: StageCard };
