/** React Flow changes → domain commands: plain arrays in, commands out (docs/architecture.md, "The editors"). */
import { describe, expect, it } from 'vitest';
import {
  commandForConnection,
  commandsForEdgeChanges,
  commandsForNodeChanges,
} from '../../site/islands/journey/flow-changes.ts';
import { CARD_GAP, CARD_WIDTH, flowEdges, flowNodes } from '../../site/islands/journey/flow-elements.ts';
import { smallJourney } from '../fixtures/small-journey.ts';

const journey = smallJourney();
const step = CARD_WIDTH + CARD_GAP;

describe('commandsForNodeChanges', () => {
  it('never moves a stage for a position change: a drag pans the map, and stages move through “Move to…”', () => {
    expect(
      commandsForNodeChanges(
        [
          { type: 'position', id: 's1', position: { x: 2 * step, y: 0 }, dragging: true },
          { type: 'position', id: 's1', position: { x: 2 * step + 20, y: 0 }, dragging: false },
          { type: 'position', id: 's3', position: { x: -50, y: 0 }, dragging: false },
          { type: 'select', id: 's2', selected: true },
          { type: 'dimensions', id: 's2', dimensions: { width: 260, height: 200 } },
        ],
        journey,
      ),
    ).toEqual([]);
  });

  it('turns a removal into removeStage, for stages that exist', () => {
    expect(
      commandsForNodeChanges(
        [
          { type: 'remove', id: 's2' },
          { type: 'remove', id: 'ghost' },
        ],
        journey,
      ),
    ).toEqual([{ kind: 'removeStage', stageId: 's2' }]);
  });
});

describe('edges and connections', () => {
  it('unlinks removed edges and links new connections once', () => {
    expect(
      commandsForEdgeChanges(
        [
          { type: 'remove', id: 'l1' },
          { type: 'select', id: 'l1', selected: true },
        ],
        journey,
      ),
    ).toEqual([{ kind: 'unlinkStages', linkId: 'l1' }]);
    expect(
      commandForConnection({ source: 's2', target: 's3', sourceHandle: null, targetHandle: null }, journey),
    ).toEqual({ kind: 'linkStages', from: 's2', to: 's3' });
    expect(
      commandForConnection({ source: 's1', target: 's2', sourceHandle: null, targetHandle: null }, journey),
    ).toBeUndefined();
    expect(
      commandForConnection({ source: 's1', target: 's1', sourceHandle: null, targetHandle: null }, journey),
    ).toBeUndefined();
  });
});

describe('derived elements', () => {
  it('lays stages out left to right in order, with accessible names, and links as edges', () => {
    const nodes = flowNodes(journey, 'none', 's2');
    expect(nodes.map((n) => n.position.x)).toEqual([0, step, 2 * step]);
    expect(nodes[1]).toMatchObject({ selected: true, ariaLabel: 'Stage 2 of 3: Met the worker' });
    expect(nodes[1]?.data.enablers).toEqual(['A worker who did not give up']);
    expect(nodes[0]?.data.level?.label).toBe('Stuck');
    expect(flowEdges(journey)).toEqual([
      expect.objectContaining({ id: 'l1', source: 's1', target: 's2', label: 'because we were desperate' }),
    ]);
  });

  it('leaves a link’s words off the map in rows (a shared screen), where the gaps cut them off', () => {
    const [edge] = flowEdges(journey, true);
    expect(edge).toMatchObject({
      id: 'l1',
      type: 'smoothstep',
      ariaLabel: expect.stringMatching(/^Led to: from .+ to Met the worker$/),
    });
    expect(edge).not.toHaveProperty('label');
  });

  it('declares a long journey’s dots and a first height, so the map draws only the cards in view', () => {
    const long = {
      ...journey,
      stages: Array.from({ length: 61 }, (_, i) => ({ ...journey.stages[0]!, id: `s${i}` as never })),
    };
    const [card] = flowNodes(long, 'none', undefined);
    expect(card).toMatchObject({ initialHeight: expect.any(Number), handles: expect.any(Array) });
    expect(flowNodes(journey, 'none', undefined)[0]).not.toHaveProperty('handles');
  });

  it('puts stages in lanes per speaker when asked', () => {
    const [first, second] = flowNodes(journey, 'member', undefined);
    expect(first!.position.y).not.toBe(second!.position.y);
  });
});
