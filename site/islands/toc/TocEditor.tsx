/**
 * The theory-of-change editor: the live canvas of one theory of change, steps in tiers from
 * impact down to activities with the ceiling of accountability between them, and the selected
 * step's or link's panel beside it, with the families' words behind it. One client-only island;
 * all syncing lives in TocSession.
 */
import { MarkerType, ReactFlowProvider, type FitViewOptions, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import '../common/editor-shell.css';
import './toc.css';
import { useCallback, useMemo, useState } from 'react';
import type { ProgressScale } from '../../../src/model/index.ts';
import { LiveEditor, LiveFlow } from '../common/LiveEditor.tsx';
import { closeToMap, useEditorKeys } from '../common/editor-keys.ts';
import { RefusalFrame } from '../common/Refused.tsx';
import { useDraggedNodes } from '../common/use-dragged-nodes.ts';
import { savedName, UndoRedo } from '../session/SessionTools.tsx';
import { collabUrl, useDocSession } from '../session/use-doc-session.ts';
import { applyTocCommand } from './apply-toc-command.ts';
import { refusal } from '../common/attempt.ts';
import { LinkPanel } from './LinkPanel.tsx';
import { NodePanel } from './NodePanel.tsx';
import { ADD_STEP_INPUT, OverviewPanel } from './OverviewPanel.tsx';
import { StepCard } from './StepCard.tsx';
import { TierGuides } from './TierGuides.tsx';
import { FocusOnChosen, type FocusRequest } from './FocusOnChosen.tsx';
import { commandForConnection, commandsForDeletion, commandsForNodeChanges, type TocCommand } from './toc-changes.ts';
import { tocEdges, tocNodes, type Selection, type TocFlowNode } from './toc-elements.ts';
import { layoutByTier } from './toc-layout.ts';
import { TocSession } from './toc-session.ts';
import { useSources } from './use-sources.ts';
import { familiesInSources } from './evidence.ts';

export interface TocEditorProps {
  docId: string;
  /** When this person's access ends, ms since the epoch. */
  expiresAt: number;
  canWrite: boolean;
  listHref: string;
  sourcesUrl: string;
  scale: ProgressScale;
}

const NODE_TYPES = { step: StepCard };
/** The whole theory of change in view, with room on the left for the tiers' names. */
const FIT_VIEW: FitViewOptions = {
  maxZoom: 1,
  minZoom: 0.2,
  padding: { top: '48px', bottom: '24px', left: '200px', right: '24px' },
};
const EDGE_DEFAULTS = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };

function Editor({ docId, expiresAt, canWrite, listHref, sourcesUrl, scale }: TocEditorProps) {
  const { session, snapshot, refused, dismissRefused } = useDocSession(
    () => new TocSession({ serverUrl: collabUrl(), docId, expiresAt, name: savedName(), canWrite }),
  );
  const toc = snapshot.model;
  // A document a newer version wrote is shown, never changed (see SessionSnapshot.newer).
  const writable = canWrite && !snapshot.newer;
  const sources = useSources(sourcesUrl);
  const [selection, setSelection] = useState<Selection | undefined>();
  const [focus, setFocus] = useState<FocusRequest | undefined>();

  const positions = useMemo(() => layoutByTier(toc?.nodes ?? []), [toc]);
  const derived = useMemo(
    () =>
      toc
        ? tocNodes(
            toc,
            scale,
            selection,
            positions,
            sources.state === 'ready' ? (evidence) => familiesInSources(evidence, sources.journeys) : undefined,
          )
        : [],
    [toc, scale, selection, positions, sources],
  );
  const { nodes, track } = useDraggedNodes(derived);
  const edges = useMemo(() => (toc ? tocEdges(toc, selection) : []), [toc, selection]);

  // Everything one gesture does is one undo step; a command someone else's edit made moot is skipped.
  const perform = useCallback(
    (commands: TocCommand[]) => {
      if (commands.length > 0 && writable)
        session.step(() => {
          for (const command of commands) refusal(() => applyTocCommand(session, command));
        });
    },
    [writable, session],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<TocFlowNode>[]) => {
      for (const change of changes)
        if (change.type === 'select' && change.selected) setSelection({ kind: 'node', id: change.id });
      if (toc) perform(commandsForNodeChanges(changes, toc, positions));
      // After the move is written, so the card never flashes back to where it was.
      track(changes);
    },
    [toc, positions, perform, track],
  );

  /** A choice made in a panel: select it and bring it into view on the canvas. */
  const choose = (chosen: Selection | undefined) => {
    setSelection(chosen);
    const chosenLink = chosen?.kind === 'link' ? toc?.links.find((l) => l.id === chosen.id) : undefined;
    const nodeIds = chosen?.kind === 'node' ? [chosen.id] : chosenLink ? [chosenLink.from, chosenLink.to] : [];
    if (nodeIds.length > 0) setFocus((last) => ({ nodeIds, serial: (last?.serial ?? 0) + 1 }));
  };

  // Escape closes a step's or link's panel and gives the focus back to it on the map.
  useEditorKeys(session, selection ? () => closeToMap(() => setSelection(undefined), selection.id) : undefined);

  // REFUSE1: what the server refused is said around the editor (common/Refused.tsx).
  if (!toc)
    return (
      <RefusalFrame
        refused={refused}
        thing="theory of change"
        onDismiss={dismissRefused}
        loading="Opening the theory of change…"
      />
    );
  const readOnly = !writable;
  const node = selection?.kind === 'node' ? toc.nodes.find((n) => n.id === selection.id) : undefined;
  const link = selection?.kind === 'link' ? toc.links.find((l) => l.id === selection.id) : undefined;

  return (
    <RefusalFrame
      refused={refused}
      thing="theory of change"
      onDismiss={dismissRefused}
      loading="Opening the theory of change…"
    >
      <LiveEditor
        title={toc.title}
        toolsLabel="Theory of change tools"
        session={session}
        snapshot={snapshot}
        tools={
          <>
            {!readOnly && (
              <button
                type="button"
                onClick={() => {
                  setSelection(undefined);
                  requestAnimationFrame(() => document.getElementById(ADD_STEP_INPUT)?.focus());
                }}
              >
                Add a step
              </button>
            )}
            <UndoRedo session={session} snapshot={snapshot} />
          </>
        }
        links={
          <>
            <a href={listHref}>List and print view</a>
            {!canWrite && <p className="meta">You can look, not change: this link is for viewing.</p>}
          </>
        }
        canvas={
          <LiveFlow<TocFlowNode>
            session={session}
            snapshot={snapshot}
            readOnly={readOnly}
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            defaultEdgeOptions={EDGE_DEFAULTS}
            onNodesChange={onNodesChange}
            onEdgesChange={(changes) => {
              for (const change of changes)
                if (change.type === 'select' && change.selected) setSelection({ kind: 'link', id: change.id });
            }}
            onDelete={(deleted) => {
              perform(commandsForDeletion(deleted, toc));
              setSelection(undefined);
            }}
            onConnect={(connection) => {
              const command = commandForConnection(connection, toc);
              if (command) perform([command]);
            }}
            onPaneClick={() => setSelection(undefined)}
            fitViewOptions={FIT_VIEW}
          >
            <TierGuides ceiling={toc.ceiling.highestAccountableKind} />
            <FocusOnChosen request={focus} />
          </LiveFlow>
        }
        side={
          node ? (
            <NodePanel
              key={node.id}
              session={session}
              toc={toc}
              node={node}
              scale={scale}
              sources={sources}
              readOnly={readOnly}
              onSelect={choose}
            />
          ) : link ? (
            <LinkPanel
              key={link.id}
              session={session}
              toc={toc}
              link={link}
              sources={sources}
              readOnly={readOnly}
              onSelect={choose}
            />
          ) : (
            <OverviewPanel session={session} toc={toc} readOnly={readOnly} onSelect={choose} />
          )
        }
      />
    </RefusalFrame>
  );
}

export default function TocEditor(props: TocEditorProps) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}
