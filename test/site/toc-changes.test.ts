/** React Flow changes → theory-of-change commands, and the nodes and edges drawn from the model. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRESS_SCALE } from '../../src/model/index.ts';
import {
  commandForConnection,
  commandsForDeletion,
  commandsForNodeChanges,
} from '../../site/islands/toc/toc-changes.ts';
import { tocEdges, tocNodes } from '../../site/islands/toc/toc-elements.ts';
import { layoutByTier } from '../../site/islands/toc/toc-layout.ts';
import { smallToc } from '../fixtures/small-toc.ts';

const toc = smallToc();
const positions = layoutByTier(toc.nodes);
const at = (id: string) => positions.get(id)!;

describe('commandsForNodeChanges', () => {
  it('places a step only when its drag ends, at whole pixels', () => {
    const { x, y } = at('in-school');
    expect(
      commandsForNodeChanges(
        [{ type: 'position', id: 'in-school', position: { x: x + 100, y }, dragging: true }],
        toc,
        positions,
      ),
    ).toEqual([]);
    expect(
      commandsForNodeChanges(
        [{ type: 'position', id: 'in-school', position: { x: x + 100.4, y: y - 20.6 }, dragging: false }],
        toc,
        positions,
      ),
    ).toEqual([
      { kind: 'placeNode', nodeId: 'in-school', position: { x: Math.round(x + 100.4), y: Math.round(y - 20.6) } },
    ]);
  });

  it('ignores a click that did not move the step, selection, measuring, removal and unknown steps', () => {
    const { x, y } = at('in-school');
    expect(
      commandsForNodeChanges(
        [
          { type: 'position', id: 'in-school', position: { x: x + 1, y }, dragging: false },
          { type: 'select', id: 'in-school', selected: true },
          { type: 'dimensions', id: 'in-school', dimensions: { width: 250, height: 120 } },
          { type: 'remove', id: 'in-school' },
          { type: 'position', id: 'gone', position: { x: 5, y: 5 }, dragging: false },
        ],
        toc,
        positions,
      ),
    ).toEqual([]);
  });
});

describe('commandsForDeletion', () => {
  it('removes the steps, and only those links that do not go with them', () => {
    const commands = commandsForDeletion(
      { nodes: [{ id: 'fewer-crises' }], edges: [{ id: 'l6' }, { id: 'l7' }, { id: 'l1' }, { id: 'nope' }] },
      toc,
    );
    // l6 and l7 end at fewer-crises: removing the step removes them.
    expect(commands).toEqual([
      { kind: 'removeLink', linkId: 'l1' },
      { kind: 'removeNode', nodeId: 'fewer-crises' },
    ]);
  });

  it('removes a link on its own', () => {
    expect(commandsForDeletion({ nodes: [], edges: [{ id: 'l3' }] }, toc)).toEqual([
      { kind: 'removeLink', linkId: 'l3' },
    ]);
  });
});

describe('commandForConnection', () => {
  it('links two steps, from the source handle to the target', () => {
    expect(commandForConnection({ source: 'go-with-them', target: 'in-school' }, toc)).toEqual({
      kind: 'addLink',
      from: 'go-with-them',
      to: 'in-school',
    });
  });

  it('refuses a loop, a link that exists and a step that is gone', () => {
    expect(commandForConnection({ source: 'in-school', target: 'in-school' }, toc)).toBeUndefined();
    expect(commandForConnection({ source: 'trusts-worker', target: 'in-school' }, toc)).toBeUndefined();
    expect(commandForConnection({ source: 'gone', target: 'in-school' }, toc)).toBeUndefined();
  });
});

describe('tocNodes and tocEdges', () => {
  it('derive cards with plain data: kind, families from evidence, indicators, levels, costs it reduces', () => {
    const nodes = tocNodes(toc, DEFAULT_PROGRESS_SCALE, { kind: 'node', id: 'in-school' }, positions);
    const inSchool = nodes.find((n) => n.id === 'in-school')!;
    expect(inSchool.position).toEqual(at('in-school'));
    expect(inSchool.selected).toBe(true);
    expect(inSchool.ariaLabel).toBe('Intermediate outcome: Children in school most days');
    expect(inSchool.data).toMatchObject({
      kind: 'intermediate-outcome',
      families: 3,
      indicators: 1,
      reduces: ['permanent school exclusion', 'persistent absence from school'],
    });
    expect(inSchool.data.progressFrom?.label).toBe('Opening up');
    expect(inSchool.data.progressTo?.label).toBe('Making it work');
    // No callbacks in node data: it is plain data, compared and tested as JSON; handlers stay
    // with the editor.
    for (const n of nodes) expect(JSON.parse(JSON.stringify(n.data))).toEqual(n.data);
    expect(nodes.filter((n) => n.selected)).toHaveLength(1);
  });

  it('label every link with its confidence in words', () => {
    const edges = tocEdges(toc, { kind: 'link', id: 'l1' });
    const l1 = edges.find((e) => e.id === 'l1')!;
    expect(l1).toMatchObject({ source: 'keep-coming-back', target: 'family-says-yes', label: 'High confidence' });
    expect(l1.selected).toBe(true);
    expect(edges.find((e) => e.id === 'l7')!.label).toBe('Confidence not set');
    expect(edges.find((e) => e.id === 'l3')!.ariaLabel).toBe(
      'Leads to: from Going with the family to the first appointment to The family trusts a worker enough to say what is really going on, low confidence',
    );
  });
});
