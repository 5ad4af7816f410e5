/**
 * The frame every live editor shares: a toolbar (the document's title, the editor's own tools,
 * large type, links to other views, the session's status and who is here), the canvas with
 * everyone's pointers, and the side panel beside it (laid over the map's lower part on a narrow
 * screen, when it holds one thing opened from the map, so what was opened is seen at once).
 */
import {
  Background,
  Controls,
  ReactFlow,
  useReactFlow,
  useStore,
  type Edge,
  type Node,
  type ReactFlowProps,
} from '@xyflow/react';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { DocSession, SessionSnapshot } from '../session/doc-session.ts';
import { Cursors } from '../session/Cursors.tsx';
import { NamePrompt, SessionStatus } from '../session/SessionTools.tsx';
import { Icon } from './Icon.tsx';
import { SIDE_PANEL_ID, SkipToPanel } from './SkipToPanel.tsx';

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
  /**
   * When the side panel shows one thing opened from the map: how to close it. On a narrow
   * screen the panel is then a sheet over the map's lower part, with this close button.
   */
  closeSide?: { label: string; onClose: () => void };
  /** What just happened on the map ("Moved …"), said at the top of the side panel; empty for nothing. */
  news?: string;
  /** "Large type", held by the editor when its map must follow it (wider cards); else kept here. */
  largeType?: { on: boolean; onChange: (on: boolean) => void };
  /** The editor's own ways of being shown, as classes on it ("shared-screen"). */
  className?: string;
}

export function LiveEditor({
  title,
  toolsLabel,
  session,
  snapshot,
  tools,
  links,
  canvas,
  side,
  closeSide,
  news = '',
  largeType,
  className,
}: LiveEditorProps) {
  const [ownWorkshop, setOwnWorkshop] = useState(false);
  const workshop = largeType?.on ?? ownWorkshop;
  const setWorkshop = largeType?.onChange ?? setOwnWorkshop;
  return (
    <div className={['editor', workshop && 'workshop', className].filter(Boolean).join(' ')}>
      <div className="toolbar" role="toolbar" aria-label={toolsLabel}>
        <h1>{title}</h1>
        {tools}
        <button type="button" aria-pressed={workshop} onClick={() => setWorkshop(!workshop)}>
          <Icon name="large-type" />
          Large type
        </button>
        {links}
        <SessionStatus session={session} snapshot={snapshot} />
        <SkipToPanel />
      </div>
      <div className="workspace">
        {canvas}
        {/* Focused by the toolbar's skip link, so the next Tab is the panel's first control. */}
        <aside id={SIDE_PANEL_ID} tabIndex={-1} className={closeSide ? 'side sheet' : 'side'}>
          <div className="side-head">
            {/* Always there, so that what is put in it is read out. */}
            <p role="status">{news}</p>
            {closeSide && (
              <button type="button" onClick={closeSide.onClose}>
                <Icon name="close" />
                {closeSide.label}
              </button>
            )}
          </div>
          {side}
        </aside>
      </div>
      <NamePrompt session={session} snapshot={snapshot} />
    </div>
  );
}

type LiveFlowProps<N extends Node> = ReactFlowProps<N, Edge> & {
  session: DocSession<unknown>;
  snapshot: SessionSnapshot<unknown>;
  readOnly: boolean;
};

/**
 * The card or link that has the keyboard focus, if the focus is on one: Delete acts on that
 * alone, never on whatever else happens to be selected (React Flow's own Delete key removes
 * every selected element, so a stage went with a link when the focus was on the link).
 */
function focusedElement(target: EventTarget): { kind: 'node' | 'edge'; id: string } | undefined {
  if (!(target instanceof Element)) return undefined;
  const id = target.getAttribute('data-id');
  if (!id) return undefined;
  if (target.classList.contains('react-flow__node')) return { kind: 'node', id };
  if (target.classList.contains('react-flow__edge')) return { kind: 'edge', id };
  return undefined;
}

/**
 * The map's zoom as the CSS variable `--map-zoom` on the canvas, so that what must keep a
 * finger's size on screen (the dots links are drawn from) can. Re-renders on zoom only, not pans.
 */
function ZoomVariable({ canvas }: { canvas: RefObject<HTMLDivElement | null> }) {
  const zoom = useStore((state) => state.transform[2]);
  useEffect(() => canvas.current?.style.setProperty('--map-zoom', String(zoom)), [canvas, zoom]);
  return null;
}

/**
 * React Flow as every live editor uses it: this person's pointer shared with the others (at most
 * 20 times a second, by the session), theirs drawn on top, Delete acting only on the card or
 * link that has the focus, and nothing to drag, connect or delete for someone who may only look.
 */
export function LiveFlow<N extends Node>({ session, snapshot, readOnly, children, ...flow }: LiveFlowProps<N>) {
  const { screenToFlowPosition } = useReactFlow();
  const canvas = useRef<HTMLDivElement>(null);
  const { onNodesChange, onEdgesChange } = flow;
  // Listened for on the canvas, as the key goes to whichever card or link has the focus.
  useEffect(() => {
    const element = canvas.current;
    if (!element || readOnly) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Delete' && event.key !== 'Backspace') return;
      const focused = event.target ? focusedElement(event.target) : undefined;
      if (!focused) return;
      event.preventDefault();
      if (focused.kind === 'node') onNodesChange?.([{ type: 'remove', id: focused.id }]);
      else onEdgesChange?.([{ type: 'remove', id: focused.id }]);
    };
    element.addEventListener('keydown', onKeyDown);
    return () => element.removeEventListener('keydown', onKeyDown);
  }, [readOnly, onNodesChange, onEdgesChange]);
  return (
    <div ref={canvas} className="canvas" onPointerLeave={() => session.moveCursor(undefined)}>
      <ReactFlow<N>
        {...flow}
        onPointerMove={(event) => session.moveCursor(screenToFlowPosition({ x: event.clientX, y: event.clientY }))}
        // An editor may turn dragging off (the journey map pans instead); nobody who may only look drags.
        nodesDraggable={!readOnly && (flow.nodesDraggable ?? true)}
        nodesConnectable={!readOnly}
        deleteKeyCode={null}
        // An editor that sets its own opening view says so with fitView={false}.
        fitView={flow.fitView ?? true}
        minZoom={0.1}
        // The controls take the bottom right; two targets that close are too small to tap.
        attributionPosition="bottom-left"
      >
        {children}
        <ZoomVariable canvas={canvas} />
        <Cursors peers={snapshot.peers} selfId={session.doc.clientID} />
        <Background />
        {/* Bottom right: the left edge is where the theory of change names its tiers. */}
        <Controls position="bottom-right" />
      </ReactFlow>
    </div>
  );
}
