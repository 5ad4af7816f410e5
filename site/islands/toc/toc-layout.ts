/**
 * Where the steps of a theory of change sit on the canvas: one horizontal tier per kind, impact
 * at the top and activities at the bottom, each tier centred. A step someone has placed keeps
 * its stored position; the others fill the free places of their tier. Pure: no React, no DOM.
 */
import { TOC_NODE_KINDS, type TocNodeKind } from '../../../src/model/index.ts';

export const NODE_WIDTH = 250;
export const NODE_GAP = 40;
export const TIER_HEIGHT = 280;
/** Room between the bottom of one tier's cards and the next tier's top; the ceiling line sits in it. */
export const TIER_SPACING = 80;

export interface Point {
  x: number;
  y: number;
}

/** The top of a kind's tier: impact is row 0. */
export function tierTop(kind: TocNodeKind): number {
  return TOC_NODE_KINDS.indexOf(kind) * TIER_HEIGHT;
}

/** Slot i of a tier, counted outwards from the centre: 0, 1, -1, 2, -2… */
function slotX(i: number): number {
  const side = i % 2 === 1 ? 1 : -1;
  return side * Math.ceil(i / 2) * (NODE_WIDTH + NODE_GAP) - NODE_WIDTH / 2;
}

const overlaps = (x: number, y: number, placed: readonly Point[]) =>
  placed.some((p) => Math.abs(p.x - x) < NODE_WIDTH + NODE_GAP / 2 && Math.abs(p.y - y) < TIER_HEIGHT - TIER_SPACING);

/**
 * Every node's position: its own where it has one, otherwise the next free slot of its tier, in
 * the order the nodes come (so the layout is the same for everyone looking at the same model).
 */
export function layoutByTier(
  nodes: readonly { id: string; kind: TocNodeKind; position?: Point | undefined }[],
): Map<string, Point> {
  const positions = new Map<string, Point>();
  const placed: Point[] = [];
  for (const node of nodes)
    if (node.position) {
      positions.set(node.id, node.position);
      placed.push(node.position);
    }
  const nextSlot = new Map<TocNodeKind, number>();
  for (const node of nodes) {
    if (node.position) continue;
    const y = tierTop(node.kind);
    let slot = nextSlot.get(node.kind) ?? 0;
    while (overlaps(slotX(slot), y, placed)) slot++;
    const point = { x: slotX(slot), y };
    nextSlot.set(node.kind, slot + 1);
    positions.set(node.id, point);
    placed.push(point);
  }
  return positions;
}

/**
 * Where the ceiling of accountability is drawn: in the gap above the highest tier the programme
 * answers for, so that tier and all below it are under the line.
 */
export function ceilingY(highestAccountableKind: TocNodeKind): number {
  return tierTop(highestAccountableKind) - TIER_SPACING / 2;
}
