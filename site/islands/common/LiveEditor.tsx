/**
 * The frame every live editor shares: a toolbar (the document's title, the editor's own tools,
 * large type, links to other views, the session's status and who is here), the canvas with
 * everyone's pointers, and the side panel beside it.
 */
import {
  Background,
  Controls,
  ReactFlow,
  useReactFlow,
  type Edge,
  type Node,
  type ReactFlowProps,
} from '@xyflow/react';
import { useState, type ReactNode } from 'react';
import type { DocSession, SessionSnapshot } from '../session/doc-session.ts';
import { Cursors } from '../session/Cursors.tsx';
import { SessionStatus } from '../session/SessionTools.tsx';

interface LiveEditorProps {
  title: string;
  /** The toolbar's name for assistive technology ("Journey tools"). */
  toolsLabel: string;
  session: DocSession<unknown>;
  snapshot: SessionSnapshot<unknown>;
  /** The editor's own tools, after the title. */
  tools: ReactNode;
  /** Links to other views of the document, after "Large type". */
  links: ReactNode;
  canvas: ReactNode;
  side: ReactNode;
}

export function LiveEditor({ title, toolsLabel, session, snapshot, tools, links, canvas, side }: LiveEditorProps) {
  const [workshop, setWorkshop] = useState(false);
  return (
    <div className={`editor${workshop ? ' workshop' : ''}`}>
      <div className="toolbar" role="toolbar" aria-label={toolsLabel}>
        <h1>{title}</h1>
        {tools}
        <button type="button" aria-pressed={workshop} onClick={() => setWorkshop(!workshop)}>
          Large type
        </button>
        {links}
        <SessionStatus session={session} snapshot={snapshot} />
      </div>
      <div className="workspace">
        {canvas}
        <aside className="side">{side}</aside>
      </div>
    </div>
  );
}

type LiveFlowProps<N extends Node> = ReactFlowProps<N, Edge> & {
  session: DocSession<unknown>;
  snapshot: SessionSnapshot<unknown>;
  readOnly: boolean;
};

/**
 * React Flow as every live editor uses it: this person's pointer shared with the others (at most
 * 20 times a second, by the session), theirs drawn on top, and nothing to drag, connect or
 * delete for someone who may only look.
 */
export function LiveFlow<N extends Node>({ session, snapshot, readOnly, children, ...flow }: LiveFlowProps<N>) {
  const { screenToFlowPosition } = useReactFlow();
  return (
    <div className="canvas" onPointerLeave={() => session.moveCursor(undefined)}>
      <ReactFlow<N>
        {...flow}
        onPointerMove={(event) => session.moveCursor(screenToFlowPosition({ x: event.clientX, y: event.clientY }))}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        fitView
        minZoom={0.1}
        // The controls take the bottom right; two targets that close are too small to tap.
        attributionPosition="bottom-left"
      >
        {children}
        <Cursors peers={snapshot.peers} selfId={session.doc.clientID} />
        <Background />
        {/* Bottom right: the left edge is where the theory of change names its tiers. */}
        <Controls position="bottom-right" />
      </ReactFlow>
    </div>
  );
}
