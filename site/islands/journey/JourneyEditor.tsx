/**
 * The journey editor: the live canvas of one family's journey, with the selected stage's panel
 * beside it. One client-only island; all syncing lives in JourneySession.
 */
import { ReactFlowProvider, type EdgeChange, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import '../common/editor-shell.css';
import './editor.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { addStage } from '../../../src/doc/index.ts';
import { attempt } from '../common/attempt.ts';
import { LiveEditor, LiveFlow } from '../common/LiveEditor.tsx';
import { RefusalFrame } from '../common/Refused.tsx';
import { Problem } from '../common/Problem.tsx';
import { useDraggedNodes } from '../common/use-dragged-nodes.ts';
import type { Peer } from '../session/doc-session.ts';
import { savedName, UndoRedo } from '../session/SessionTools.tsx';
import { collabUrl, useDocSession } from '../session/use-doc-session.ts';
import { applyCommand } from './apply-command.ts';
import { FeelingCurve } from './FeelingCurve.tsx';
import { commandForConnection, commandsForEdgeChanges, commandsForNodeChanges } from './flow-changes.ts';
import { flowEdges, flowNodes, type LaneMode, type StageNode } from './flow-elements.ts';
import { StageCard } from './StageCard.tsx';
import { NEW_STAGE_TITLE, StagePanel } from './StagePanel.tsx';
import { JourneySession } from './journey-session.ts';
import { OverwriteNotices } from './OverwriteNotices.tsx';
import { priceJourney, pricingModel, type Pricing } from './pricing.ts';

export interface JourneyEditorProps {
  docId: string;
  /** When this person's access ends, ms since the epoch. */
  expiresAt: number;
  canWrite: boolean;
  listHref: string;
  pricing: Pricing;
}

const NODE_TYPES = { stage: StageCard };

/** Who else edits which stage, as a string that changes only when that does. */
function editingKeyOf(peers: readonly Peer[], selfId: number): string {
  return peers
    .filter((peer) => peer.clientId !== selfId && peer.editing)
    .map((peer) => `${peer.editing}\u0000${peer.name}\u0000${peer.colour}`)
    .join('\u0001');
}

/** Who edits which stage, from `editingKeyOf`. */
function editorsFromKey(key: string): Map<string, { name: string; colour: string }[]> {
  const byStage = new Map<string, { name: string; colour: string }[]>();
  for (const entry of key ? key.split('\u0001') : []) {
    const [stageId = '', name = '', colour = ''] = entry.split('\u0000');
    byStage.set(stageId, [...(byStage.get(stageId) ?? []), { name, colour }]);
  }
  return byStage;
}

function Editor({ docId, expiresAt, canWrite, listHref, pricing }: JourneyEditorProps) {
  const model = useMemo(() => pricingModel(pricing), [pricing]);
  const { session, snapshot, refused, dismissRefused } = useDocSession(
    () => new JourneySession({ serverUrl: collabUrl(), docId, expiresAt, name: savedName(), canWrite }),
  );
  const journey = snapshot.model;
  // A document a newer version wrote is shown, never changed (see SessionSnapshot.newer).
  const writable = canWrite && !snapshot.newer;
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [lanes, setLanes] = useState<LaneMode>('none');
  // A gesture on the map that the document refuses (a stage someone just deleted, say) is said.
  const [problem, setProblem] = useState<string | undefined>();
  // Others see which stage this person has open; cards and the panel show who else has.
  useEffect(() => session.setEditing(writable ? selectedId : undefined), [session, writable, selectedId]);
  // Peers change with every pointer move: the cards are rebuilt only when who edits what does.
  const editingKey = editingKeyOf(snapshot.peers, session.doc.clientID);
  const editorsByStage = useMemo(() => editorsFromKey(editingKey), [editingKey]);

  // Derived from the journey once per change; while dragging, only the dragged node is replaced,
  // so the other cards keep their identity and React Flow does not re-render them each frame.
  const costs = useMemo(() => (journey ? priceJourney(journey, model) : undefined), [journey, model]);
  const baseNodes = useMemo<StageNode[]>(
    () => (journey ? flowNodes(journey, lanes, selectedId, costs?.fiscal.byStage, editorsByStage) : []),
    [journey, lanes, selectedId, costs, editorsByStage],
  );
  const { nodes, track } = useDraggedNodes(baseNodes);
  const edges = useMemo(() => (journey ? flowEdges(journey) : []), [journey]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StageNode>[]) => {
      if (!journey) return;
      for (const change of changes) if (change.type === 'select' && change.selected) setSelectedId(change.id);
      if (writable)
        for (const command of commandsForNodeChanges(changes, journey))
          setProblem(attempt(session, () => applyCommand(session, command)));
      // After the move is written, so the card never flashes back to where it was.
      track(changes);
    },
    [journey, writable, session, track],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      if (journey && writable)
        for (const command of commandsForEdgeChanges(changes, journey))
          setProblem(attempt(session, () => applyCommand(session, command)));
    },
    [journey, writable, session],
  );

  // REFUSE1: what the server refused is said around the editor (common/Refused.tsx).
  if (!journey)
    return <RefusalFrame refused={refused} thing="map" onDismiss={dismissRefused} loading="Opening the journey…" />;
  const selected = journey.stages.find((s) => s.id === selectedId);
  const readOnly = !writable;

  return (
    <RefusalFrame refused={refused} thing="map" onDismiss={dismissRefused} loading="Opening the journey…">
      <LiveEditor
        title={journey.title}
        toolsLabel="Journey tools"
        session={session}
        snapshot={snapshot}
        tools={
          <>
            {!readOnly && (
              <button
                type="button"
                onClick={() =>
                  session.step(() => setSelectedId(addStage(session.doc, { title: NEW_STAGE_TITLE }, session.origin)))
                }
              >
                Add a stage
              </button>
            )}
            <UndoRedo session={session} snapshot={snapshot} />
            <button
              type="button"
              aria-pressed={lanes === 'member'}
              onClick={() => setLanes(lanes === 'member' ? 'none' : 'member')}
            >
              Lanes per person
            </button>
            <button
              type="button"
              aria-pressed={lanes === 'service'}
              onClick={() => setLanes(lanes === 'service' ? 'none' : 'service')}
            >
              Lanes per service
            </button>
          </>
        }
        links={
          <>
            <a href={listHref}>List view</a>
            <a href={listHref.replace('/list', '/costs')}>Costs</a>
          </>
        }
        canvas={
          <LiveFlow<StageNode>
            session={session}
            snapshot={snapshot}
            readOnly={readOnly}
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={(connection) => {
              const command = journey && writable ? commandForConnection(connection, journey) : undefined;
              if (command) setProblem(attempt(session, () => applyCommand(session, command)));
            }}
            onPaneClick={() => setSelectedId(undefined)}
            // Start readable: the first few stages at full size; the rest is a scroll away.
            fitViewOptions={{ nodes: journey.stages.slice(0, 4).map((s) => ({ id: s.id })), maxZoom: 1, minZoom: 0.6 }}
          >
            <FeelingCurve journey={journey} />
          </LiveFlow>
        }
        side={
          <>
            <Problem text={problem} />
            <OverwriteNotices session={session} journey={journey} />
            {selected ? (
              <StagePanel
                key={selected.id}
                session={session}
                journey={journey}
                stage={selected}
                costs={costs}
                tableId={pricing.tables[0]?.id ?? ''}
                priceYear={pricing.priceYear}
                readOnly={readOnly}
                onSelect={setSelectedId}
                alsoHere={snapshot.peers.filter(
                  (peer) => peer.clientId !== session.doc.clientID && peer.editing === selected.id,
                )}
              />
            ) : (
              <nav aria-label="Stages">
                <h2>Stages</h2>
                {journey.stages.length === 0 && <p>No stages yet. Add the first one.</p>}
                <ol className="stage-list">
                  {journey.stages.map((stage) => (
                    <li key={stage.id}>
                      <button type="button" onClick={() => setSelectedId(stage.id)}>
                        {stage.title}
                      </button>
                    </li>
                  ))}
                </ol>
              </nav>
            )}
          </>
        }
      />
    </RefusalFrame>
  );
}

export default function JourneyEditor(props: JourneyEditorProps) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}
