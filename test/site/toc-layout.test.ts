/** Where the steps of a theory of change sit: tiers from impact down to activities, placed steps kept. */
import { describe, expect, it } from 'vitest';
import { TOC_NODE_KINDS, type TocNodeKind } from '../../src/model/index.ts';
import {
  ceilingY,
  layoutByTier,
  NODE_GAP,
  NODE_WIDTH,
  TIER_HEIGHT,
  TIER_SPACING,
  tierTop,
} from '../../site/islands/toc/toc-layout.ts';
import { smallToc } from '../fixtures/small-toc.ts';

const step = NODE_WIDTH + NODE_GAP;
const node = (id: string, kind: TocNodeKind, position?: { x: number; y: number }) => ({ id, kind, position });

describe('layoutByTier', () => {
  it('puts impact at the top and activities at the bottom, one tier per kind', () => {
    const positions = layoutByTier(smallToc().nodes);
    const yOf = (id: string) => positions.get(id)!.y;
    expect(yOf('thriving-families')).toBe(0);
    expect(yOf('fewer-crises')).toBe(TIER_HEIGHT);
    expect(yOf('trusts-worker')).toBe(2 * TIER_HEIGHT);
    expect(yOf('family-says-yes')).toBe(3 * TIER_HEIGHT);
    expect(yOf('plan-together')).toBe(4 * TIER_HEIGHT);
    expect(yOf('keep-coming-back')).toBe(5 * TIER_HEIGHT);
    expect(TOC_NODE_KINDS.map(tierTop)).toEqual([0, 1, 2, 3, 4, 5].map((row) => row * TIER_HEIGHT));
  });

  it('centres each tier and never overlaps two steps of a tier', () => {
    const nodes = ['a', 'b', 'c', 'd'].map((id) => node(id, 'output'));
    const xs = nodes.map((n) => layoutByTier(nodes).get(n.id)!.x).sort((p, q) => p - q);
    expect(xs).toEqual([-1, 0, 1, 2].map((i) => i * step - NODE_WIDTH / 2));
    // One alone sits in the middle.
    expect(layoutByTier([node('only', 'impact')]).get('only')).toEqual({ x: -NODE_WIDTH / 2, y: 0 });
  });

  it('keeps a placed step where it was put and fills the tier around it', () => {
    const placed = { x: -NODE_WIDTH / 2 + 10, y: tierTop('activity') + 5 };
    const positions = layoutByTier([node('a', 'activity'), node('p', 'activity', placed), node('b', 'activity')]);
    expect(positions.get('p')).toEqual(placed);
    for (const id of ['a', 'b']) {
      const { x, y } = positions.get(id)!;
      expect(y).toBe(tierTop('activity'));
      expect(Math.abs(x - placed.x)).toBeGreaterThanOrEqual(NODE_WIDTH);
    }
    // A step placed in another tier's band does not push this tier's steps aside.
    const elsewhere = layoutByTier([node('a', 'activity'), node('q', 'impact', { x: -NODE_WIDTH / 2, y: 0 })]);
    expect(elsewhere.get('a')).toEqual({ x: -NODE_WIDTH / 2, y: tierTop('activity') });
  });

  it('is the same for everyone: it depends only on the model', () => {
    const toc = smallToc();
    expect([...layoutByTier(toc.nodes)]).toEqual([...layoutByTier(structuredClone(toc.nodes))]);
  });
});

describe('ceilingY', () => {
  it('draws the ceiling in the gap above the highest tier the programme answers for', () => {
    expect(ceilingY('intermediate-outcome')).toBe(2 * TIER_HEIGHT - TIER_SPACING / 2);
    expect(ceilingY('intermediate-outcome')).toBeLessThan(tierTop('intermediate-outcome'));
    expect(ceilingY('intermediate-outcome')).toBeGreaterThan(tierTop('long-term-outcome'));
    expect(ceilingY('impact')).toBeLessThan(0);
  });
});
