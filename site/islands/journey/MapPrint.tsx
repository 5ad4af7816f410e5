/**
 * The map as it prints: what the PDF download draws (server/outputs/map-pdf.ts), every stage in
 * order and whole, in rows of cards with page numbers, not the screen's viewport with its zoom
 * buttons. Hidden on screen; the print styles (editor.css) show it in place of the live map.
 * Made from the map's own cards as they are now, so a print taken during a workshop holds what
 * everyone sees, and nothing the printer may not see (costs only for those who see costs).
 */
import type { Edge } from '@xyflow/react';
import type { StageNode } from './flow-elements.ts';
import { StageCardContent } from './StageCard.tsx';

export function MapPrint({ title, nodes, edges }: { title: string; nodes: StageNode[]; edges: Edge[] }) {
  const numberOf = new Map(nodes.map((node) => [node.id, node.data.index + 1]));
  const leadsTo = new Map<string, number[]>();
  for (const edge of edges) {
    const to = numberOf.get(edge.target);
    if (to !== undefined) leadsTo.set(edge.source, [...(leadsTo.get(edge.source) ?? []), to]);
  }
  return (
    <section className="map-print">
      <h1 dir="auto">{title}</h1>
      <ol>
        {nodes.map((node) => {
          const next = leadsTo.get(node.id);
          return (
            <li key={node.id} className="print-card">
              <StageCardContent data={node.data} />
              {next && <p className="leads-to">Led to: {next.map((n) => `Stage ${n}`).join(', ')}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
