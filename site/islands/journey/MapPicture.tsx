/**
 * The journey map as a still picture, drawn by the server into the page itself: a family sees
 * their first stages as soon as the page arrives, while the map's code is still on its way
 * (seconds on a tablet on a slow line) and being run (most of a second on a fast one). The live
 * map takes its place once its code runs (JourneyEditor, the island's fallback in the page).
 *
 * The same cards, laid out as the live map opens on its first stages (editor.css moves and sizes
 * them as map-view.tsx does: a map drawn on the server has no viewport of its own), in the same
 * frame, with every stage named in the Stages list. Nothing in it can be used: it is inert and
 * hidden from assistive technology, which hears the title and "Opening the map…" instead. It shows
 * no costs, whoever is looking: they arrive with the live map, for those who see them.
 */
import { Background, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import '../common/editor-shell.css';
import './editor.css';
import type { ReactNode } from 'react';
import type { Journey } from '../../../src/model/index.ts';
import { FeelingCurveDrawing } from './FeelingCurve.tsx';
import { declaredSize, flowEdges, flowNodes, LINE_LAYOUT } from './flow-elements.ts';
import { NODE_TYPES } from './StageCard.tsx';
import { StageList } from './StageList.tsx';

/** As many cards as the widest screen shows at the map's opening size (4.6 at 1920 px): the rest come with the live map, and each costs a family's tablet on a slow line 2–3 KB more to fetch before its map. */
const PICTURED_STAGES = 5;

/** `children`: what the page says meanwhile ("Opening the map…"), in the toolbar, heard by all. */
export function MapPicture({ journey, children }: { journey: Journey; children?: ReactNode }) {
  const pictured = { ...journey, costEvents: [] };
  const nodes = flowNodes(pictured, 'none', undefined)
    .slice(0, PICTURED_STAGES)
    .map((node) => ({ ...node, ...declaredSize(LINE_LAYOUT) }));
  const shown = new Set(nodes.map((node) => node.id));
  const edges = flowEdges(pictured).filter((edge) => shown.has(edge.source) && shown.has(edge.target));
  return (
    <div className="editor map-picture">
      <div className="toolbar">
        <h1>{journey.title}</h1>
        {children}
      </div>
      <div className="workspace" aria-hidden="true" inert>
        <div className="canvas">
          {/* Drawn on the server from the provider's first nodes: the props' are taken up by an effect. */}
          <ReactFlowProvider initialNodes={nodes} initialEdges={edges}>
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              nodesDraggable={false}
              nodesConnectable={false}
              elementsSelectable={false}
              attributionPosition="bottom-left"
            >
              <Background />
            </ReactFlow>
            {/* The live map draws it in its viewport, which a map drawn on a server has none of. */}
            <div className="picture-curve">
              <FeelingCurveDrawing journey={pictured} cardWidth={LINE_LAYOUT.cardWidth} />
            </div>
          </ReactFlowProvider>
        </div>
        <aside className="side">
          <StageList stages={journey.stages} />
        </aside>
      </div>
    </div>
  );
}
