/**
 * The journey editor: the live canvas of one family's journey, with the selected stage's panel
 * beside it. One client-only island; all syncing lives in JourneySession.
 *
 * A drag on the map pans it, wherever it starts, cards included: on a tablet a swipe across
 * the story must never reorder it for everyone. Stages move through the panel's "Move to…",
 * and every move is said at the top of the side panel.
 *
 * Readable from across a room: the map opens on the first stages at a size a person can read
 * (map-view.tsx), "Large type" enlarges the cards and spaces them wider, a zoomed-out map shows
 * only each card's number, headline and level, and "Shared screen" wraps the whole story into
 * rows fitted to the screen, for a family and a worker reading it together.
 */
import { ReactFlowProvider, useStore, type EdgeChange, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import '../common/editor-shell.css';
import './editor.css';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { addStage, withCostEvents, type JourneyCosts } from '../../../src/doc/index.ts';
import { attempt } from '../common/attempt.ts';
import { lazyPart, warmParts } from '../common/lazy-part.ts';
import { closeToMap, useEditorKeys } from '../common/editor-keys.ts';
import { LiveEditor, LiveFlow } from '../common/LiveEditor.tsx';
import { RefusalFrame } from '../common/Refused.tsx';
import { Problem } from '../common/Problem.tsx';
import { useRevealNode } from '../common/use-reveal-node.ts';
import { useStableNodes } from '../common/stable-nodes.ts';
import type { Peer } from '../session/doc-session.ts';
import { savedName, UndoRedo } from '../session/SessionTools.tsx';
import { afterFirstPaint, collabUrl, useDocSession } from '../session/use-doc-session.ts';
import { applyCommand } from './apply-command.ts';
import { FeelingCurve } from './FeelingCurve.tsx';
import { commandForConnection, commandsForEdgeChanges, commandsForNodeChanges } from './flow-changes.ts';
import {
  ALL_CARDS_DRAWN_UP_TO,
  flowEdges,
  flowNodes,
  LARGE_TYPE_LAYOUT,
  LINE_LAYOUT,
  sharedColumns,
  sharedLayout,
  type LaneMode,
  type StageNode,
} from './flow-elements.ts';
import { Icon } from '../common/Icon.tsx';
import { DETAIL_ZOOM, MapView } from './map-view.tsx';
import { VoiceContext, type Voice } from './voice.ts';
import { LaneLabels } from './LaneLabels.tsx';
import { NODE_TYPES } from './StageCard.tsx';
import { StageList } from './StageList.tsx';
import { NEW_STAGE_TITLE } from './new-stage.ts';
import { StagePanel } from './StagePanel.tsx';
import { CostsSession } from './costs-session.ts';
import { MapPrint } from './MapPrint.tsx';
import { JourneySession } from './journey-session.ts';
import { readOpening } from './opening.ts';
import { stageMoveWords } from './stage-moves.ts';
import { priceJourney, pricingModel, type Pricing } from './pricing.ts';
import { ExitThisPage } from './ExitThisPage.tsx';
import { withoutPaused } from './paused-stages.ts';
import { marksKeyOf, marksOf, useSealedContents, withoutMarkedCosts, withSealed } from './sealed-content.ts';
import { useRoomControls } from './room-controls.ts';

export interface JourneyEditorProps {
  docId: string;
  /** When this person's access ends, ms since the epoch. */
  expiresAt: number;
  canWrite: boolean;
  listHref: string;
  /** The unit cost tables the map prices events with: only for someone who sees costs (COSTS2). */
  pricing?: Pricing;
  /** The costs companion's id, given only to someone the server lets see costs (COSTS2). */
  costsDocId?: string;
  /** Whom the panel speaks to: a family member from an invite ("your"), or staff ("their"). */
  voice: Voice;
  /** A facilitator (staff, or a facilitator's invite): runs the workshop, and is never steered by its controls. */
  facilitator: boolean;
  /** Opened from an invite, not by signed-in staff: offered "Exit this page". */
  invited: boolean;
  /** Where what was marked sensitive is read from: given only to someone who may read it (SEAL3). */
  sensitiveHref?: string;
  /** The family's take-home print, once staff have offered it for this journey (server/outputs/take-home-choice.ts). */
  takeHomeHref?: string;
}

/** Opened from its own button, so its code (the members' form and commands) loads only then. */
const FamilyMembers = lazyPart(() => import('./FamilyMembers.tsx').then((module) => module.FamilyMembers));

/** Said only when someone's change met this person's, which is rare: its code loads then. */
const OverwriteNotices = lazyPart(() => import('./OverwriteNotices.tsx').then((module) => module.OverwriteNotices));

/** The facilitator's panel, loaded only when a facilitator opens it. */
const FacilitatorControls = lazyPart(() =>
  import('./FacilitatorControls.tsx').then((module) => module.FacilitatorControls),
);

/** The timer and the follow and lock notes over the map, loaded once a control is in use. */
const WorkshopOverlay = lazyPart(() => import('./WorkshopOverlay.tsx').then((module) => module.WorkshopOverlay));

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

function Editor({
  docId,
  expiresAt,
  canWrite,
  listHref,
  pricing,
  costsDocId,
  facilitator,
  invited,
  sensitiveHref,
  takeHomeHref,
}: JourneyEditorProps) {
  const model = useMemo(() => pricing && pricingModel(pricing), [pricing]);
  const [opening] = useState(() => readOpening(docId));
  // The page's copy opens the first session only: one started after a refusal loads the
  // document afresh, as the page then shows.
  const openingTaken = useRef(false);
  const { session, snapshot, refused, dismissRefused } = useDocSession(() => {
    const first = !openingTaken.current;
    openingTaken.current = true;
    return new JourneySession({
      serverUrl: collabUrl(),
      docId,
      expiresAt,
      name: savedName(),
      canWrite,
      opening: first ? opening?.journey : undefined,
    });
  });
  const costsSession = useCostsSession(costsDocId, expiresAt, canWrite, opening?.costs);
  const costEvents = costsSession?.snapshot.model?.costEvents;
  // The facilitator's controls steer everyone else's screen (server/SPEC.md CONTROL).
  const held = useRoomControls(session.controls);
  const controls = held.state;
  const steered = !facilitator;
  // Stages paused for this screen, as a key that changes only when they do (not with every message).
  const pausedKey = steered ? controls.pause.stages.join(' ') : '';
  const paused = useMemo(() => new Set(pausedKey.split(' ').filter(Boolean)), [pausedKey]);
  const controlsInUse = controls.timer !== null || controls.follow !== null || controls.lock.map || controls.pause.map;
  // Cost events come from the companion only; without it the map shows none (a stale copy in the shared document is ignored).
  const live = useMemo(
    () => snapshot.model && withoutPaused(withCostEvents(snapshot.model, costEvents ?? []), paused),
    [snapshot.model, costEvents, paused],
  );
  // What was marked sensitive, laid over its stubs for someone who may read it (sealed-content.ts).
  const marksKey = marksKeyOf(controls.sealed);
  const sealedContents = useSealedContents(sensitiveHref, marksKey);
  // Cost events marked sensitive, said in the costs panel; a facilitator marks them there.
  const costMarks = useMemo(
    () => ({ docId, marked: marksOf(marksKey).costEvents, canMark: facilitator }),
    [docId, marksKey, facilitator],
  );
  // A document a newer version wrote is shown, never changed (see SessionSnapshot.newer); a
  // locked map is shown, never changed, by anyone but a facilitator (the server undoes it anyway).
  const mapLocked = steered && controls.lock.map;
  // A paused map is neither shown nor changed on the screens it is paused for.
  const mapPaused = steered && controls.pause.map;
  const writable = canWrite && !snapshot.newer && !mapLocked && !mapPaused;
  const [chosenId, setSelectedId] = useState<string | undefined>();
  // The stage the facilitator's lead opened here: shown, but this person is not editing it.
  const [ledTo, setLedTo] = useState<string | undefined>();
  // A paused stage's panel would show what the pause hides: it is never opened, and closes when paused.
  const select = useCallback(
    (id: string | undefined) => setSelectedId(id && paused.has(id) ? undefined : id),
    [paused],
  );
  const selectedId = chosenId && paused.has(chosenId) ? undefined : chosenId;
  const [lanes, setLanes] = useState<LaneMode>('none');
  // "Who is in your family?" in the side panel, when no stage is open there.
  const [membersOpen, setMembersOpen] = useState(false);
  const [largeType, setLargeType] = useState(false);
  const [shared, setShared] = useState(false);
  const [facilitating, setFacilitating] = useState(false);
  // On a shared screen what is marked sensitive shows as its stub, whoever is signed in.
  const journey = useMemo(
    () => live && (shared ? withoutMarkedCosts(live, marksKey) : withSealed(live, marksKey, sealedContents)),
    [live, shared, marksKey, sealedContents],
  );
  // One subscription for the whole map: it changes only when the zoom crosses the line, and the
  // cards then show or hide their detail by a class (editor.css), without being rendered again.
  const far = useStore((state) => state.transform[2] < DETAIL_ZOOM);
  const pane = useStore((state) => (shared ? `${state.width}x${state.height}` : ''));
  // A gesture on the map that the document refuses (a stage someone just deleted, say) is said.
  const [problem, setProblem] = useState<string | undefined>();
  // Every part loaded later is loaded in the background once the map is open, for going offline.
  useEffect(() => warmParts(), []);
  // Others see which stage this person has open; cards and the panel show who else has.
  useEffect(
    () => session.setEditing(writable && selectedId !== ledTo ? selectedId : undefined),
    [session, writable, selectedId, ledTo],
  );
  // Peers change with every pointer move: the cards are rebuilt only when who edits what does.
  const editingKey = editingKeyOf(snapshot.peers, session.doc.clientID);
  const editorsByStage = useMemo(() => editorsFromKey(editingKey), [editingKey]);

  // Derived from the journey once per change; unchanged cards keep their identity, so React Flow
  // does not re-render them.
  const costs = useMemo(() => (journey && model ? priceJourney(journey, model) : undefined), [journey, model]);
  const stageCount = journey?.stages.length ?? 0;
  const layout = useMemo(() => {
    if (!shared) return largeType ? LARGE_TYPE_LAYOUT : LINE_LAYOUT;
    const [width = 0, height = 0] = pane.split('x').map(Number);
    return sharedLayout(sharedColumns(stageCount, { width, height }));
  }, [shared, largeType, pane, stageCount]);
  const baseNodes = useMemo<StageNode[]>(
    () =>
      journey
        ? flowNodes(journey, shared ? 'none' : lanes, selectedId, costs?.fiscal.byStage, editorsByStage, layout)
        : [],
    [journey, shared, lanes, selectedId, costs, editorsByStage, layout],
  );
  // The spotlit stage stands out on every screen; a facilitator also sees what is locked or paused for the others.
  const markedKey = [
    controls.spotlight ?? '',
    facilitator ? controls.lock.stages.join(' ') : '',
    facilitator ? controls.pause.stages.join(' ') : '',
    sensitiveHref ? [...controls.sealed.stages, ...controls.sealed.words].join(' ') : '',
    sensitiveHref ? '' : controls.sealed.stages.join(' '),
  ].join('|');
  const markedNodes = useMemo(() => markNodes(baseNodes, markedKey), [baseNodes, markedKey]);
  const nodes = useStableNodes(markedNodes);
  const edges = useMemo(() => (journey ? flowEdges(journey, shared) : []), [journey, shared]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StageNode>[]) => {
      if (!journey) return;
      for (const change of changes) if (change.type === 'select' && change.selected) select(change.id);
      if (writable)
        for (const command of commandsForNodeChanges(changes, journey))
          setProblem(attempt(session, () => applyCommand(session, command)));
    },
    [journey, writable, session, select],
  );
  // A chosen or new stage is brought into view, above the panel where that covers the map, and
  // again where it lands when it moves in the story.
  const selectedPlace = journey?.stages.findIndex((s) => s.id === selectedId);
  useRevealNode(selectedId, selectedPlace);
  useRevealNode(controls.spotlight ?? undefined);
  const moveNews = useMoveNews(journey?.stages, selectedId);
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      if (journey && writable)
        for (const command of commandsForEdgeChanges(changes, journey))
          setProblem(attempt(session, () => applyCommand(session, command)));
    },
    [journey, writable, session],
  );

  // Closing the stage's panel (Escape, or its Close button) gives the focus back to its card.
  // Escape closes the family members' panel too (there is no card to go back to).
  const closePanel = selectedId
    ? () =>
        closeToMap(() => {
          setSelectedId(undefined);
          setMembersOpen(false);
        }, selectedId)
    : undefined;
  useEditorKeys(session, closePanel ?? (membersOpen ? () => setMembersOpen(false) : undefined));

  // REFUSE1: what the server refused is said around the editor (common/Refused.tsx).
  if (!journey)
    return <RefusalFrame refused={refused} thing="map" onDismiss={dismissRefused} loading="Opening the journey…" />;
  const selected = journey.stages.find((s) => s.id === selectedId);
  const readOnly = !writable;
  const selectedLocked = steered && selected !== undefined && controls.lock.stages.includes(selected.id);
  // What is marked sensitive is kept on the server while marked: read here, changed by no one (SEAL2).
  const selectedSealed =
    selected !== undefined &&
    (controls.sealed.stages.includes(selected.id) || controls.sealed.words.includes(selected.id));
  const spotlit = journey.stages.find((s) => s.id === controls.spotlight);
  const showMembers = membersOpen && !selected;
  const closeStage = () => {
    setSelectedId(undefined);
    setMembersOpen(false);
  };

  return (
    <RefusalFrame refused={refused} thing="map" onDismiss={dismissRefused} loading="Opening the journey…">
      <LiveEditor
        className={shared ? 'shared-screen' : undefined}
        largeType={{ on: largeType, onChange: setLargeType }}
        title={journey.title}
        toolsLabel="Journey tools"
        session={session}
        snapshot={snapshot}
        closeSide={
          selected && closePanel
            ? { label: 'Close', onClose: closePanel }
            : showMembers
              ? { label: 'Close', onClose: () => setMembersOpen(false) }
              : undefined
        }
        news={[spotlit ? `In the spotlight: ${spotlit.title}.` : '', moveNews].filter(Boolean).join(' ')}
        tools={
          <>
            {invited && <ExitThisPage docId={docId} />}
            {facilitator && (
              <button type="button" aria-expanded={facilitating} onClick={() => setFacilitating(!facilitating)}>
                Run the workshop
              </button>
            )}
            {!readOnly && (
              <button
                type="button"
                onClick={() =>
                  session.step(() => setSelectedId(addStage(session.doc, { title: NEW_STAGE_TITLE }, session.origin)))
                }
              >
                <Icon name="add" />
                Add a stage
              </button>
            )}
            <UndoRedo session={session} snapshot={snapshot} />
            <button type="button" aria-pressed={shared} onClick={() => setShared(!shared)}>
              <Icon name="screen" />
              Shared screen
            </button>
            <button
              type="button"
              disabled={shared}
              aria-pressed={lanes === 'member'}
              onClick={() => setLanes(lanes === 'member' ? 'none' : 'member')}
            >
              Lanes per person
            </button>
            <button
              type="button"
              disabled={shared}
              aria-pressed={lanes === 'service'}
              onClick={() => setLanes(lanes === 'service' ? 'none' : 'service')}
            >
              Lanes per service
            </button>
            <button
              type="button"
              aria-expanded={showMembers}
              onClick={() => {
                setSelectedId(undefined);
                setMembersOpen(!showMembers);
              }}
            >
              Family members
            </button>
          </>
        }
        links={
          !mapPaused && (
            <>
              <a href={listHref}>List view</a>
              {costsDocId && <a href={listHref.replace('/list', '/costs')}>Costs</a>}
              {takeHomeHref && (
                <a href={takeHomeHref} download>
                  Take your story home (a print)
                </a>
              )}
            </>
          )
        }
        canvas={
          mapPaused ? (
            <div className="canvas paused-cover">
              <p role="status">The facilitator has paused the map for a moment.</p>
              <p>It will come back when they are ready.</p>
            </div>
          ) : (
            <LiveFlow<StageNode>
              session={session}
              snapshot={snapshot}
              readOnly={readOnly}
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              nodesDraggable={false}
              // A long journey draws only the cards in view: 300 cards drawn and measured at once
              // kept a tablet waiting seconds for the first. The Stages list still names them all.
              onlyRenderVisibleElements={journey.stages.length > ALL_CARDS_DRAWN_UP_TO}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={(connection) => {
                const command = journey && writable ? commandForConnection(connection, journey) : undefined;
                if (command) setProblem(attempt(session, () => applyCommand(session, command)));
              }}
              onPaneClick={closeStage}
              className={far ? 'far' : undefined}
              // MapView opens the map on its first stages, readable, not on the whole map shrunk.
              fitView={false}
            >
              {!shared && <FeelingCurve journey={journey} cardWidth={layout.cardWidth} />}
              <MapView shared={shared} layout={layout} />
              <LaneLabels journey={journey} lanes={lanes} laneHeight={layout.laneHeight} />
              {controlsInUse && (
                <Suspense fallback={null}>
                  <WorkshopOverlay
                    held={held}
                    steered={steered}
                    onStage={(id) => {
                      setLedTo(id);
                      select(id);
                    }}
                  />
                </Suspense>
              )}
            </LiveFlow>
          )
        }
        side={
          mapPaused ? null : (
            <>
              {facilitator && facilitating && (
                <Suspense fallback={<p>Opening the workshop controls…</p>}>
                  <FacilitatorControls controls={session.controls} selected={selected} docId={docId} />
                </Suspense>
              )}
              {selectedLocked && <p className="workshop-note">The facilitator has locked this stage.</p>}
              {selectedSealed && (
                <p className="workshop-note">
                  {sensitiveHref
                    ? 'Marked sensitive: never shown to people invited only to view. It cannot be changed while it is marked.'
                    : 'The facilitator keeps this stage private.'}
                </p>
              )}
              <Problem text={problem} />
              {session.overwrites().length > 0 && (
                <Suspense fallback={null}>
                  <OverwriteNotices session={session} journey={journey} />
                </Suspense>
              )}
              {selected ? (
                <StagePanel
                  key={selected.id}
                  session={session}
                  costsSession={costsSession?.session}
                  journey={journey}
                  stage={selected}
                  costs={costs}
                  tableId={pricing?.tables[0]?.id ?? ''}
                  priceYear={pricing?.priceYear ?? ''}
                  readOnly={readOnly || selectedLocked || selectedSealed}
                  costMarks={costMarks}
                  sealed={selectedSealed}
                  onSelect={select}
                  alsoHere={snapshot.peers.filter(
                    (peer) => peer.clientId !== session.doc.clientID && peer.editing === selected.id,
                  )}
                />
              ) : showMembers ? (
                <Suspense fallback={<p>Opening the family’s members…</p>}>
                  <FamilyMembers session={session} journey={journey} readOnly={readOnly} />
                </Suspense>
              ) : (
                <StageList stages={journey.stages} onSelect={select} />
              )}
            </>
          )
        }
      />
      {!mapPaused && <MapPrint title={journey.title} nodes={baseNodes} edges={edges} />}
    </RefusalFrame>
  );
}

/**
 * Each card's marks from the controls, as classes (`markedKey`: spotlit | locked | paused for
 * others | sensitive, for those who read it | kept private, for those who do not).
 */
function markNodes(nodes: StageNode[], markedKey: string): StageNode[] {
  const [spotlight = '', locked = '', paused = '', sensitive = '', keptPrivate = ''] = markedKey.split('|');
  if (!spotlight && !locked && !paused && !sensitive && !keptPrivate) return nodes;
  const lockedIds = new Set(locked.split(' '));
  const pausedIds = new Set(paused.split(' '));
  const sensitiveIds = new Set(sensitive.split(' '));
  const keptPrivateIds = new Set(keptPrivate.split(' '));
  return nodes.map((node) => {
    const marks = [
      node.id === spotlight && 'spotlit',
      lockedIds.has(node.id) && 'locked',
      pausedIds.has(node.id) && 'paused-for-others',
      sensitiveIds.has(node.id) && 'sensitive',
      keptPrivateIds.has(node.id) && 'kept-private',
    ].filter(Boolean);
    return marks.length > 0 ? { ...node, className: marks.join(' ') } : node;
  });
}

/** The costs companion's session and snapshot, when this person sees costs; undefined otherwise. */
function useCostsSession(
  costsDocId: string | undefined,
  expiresAt: number,
  canWrite: boolean,
  opening: JourneyCosts | undefined,
) {
  const [session] = useState(() =>
    costsDocId
      ? new CostsSession({ serverUrl: collabUrl(), docId: costsDocId, expiresAt, name: savedName(), canWrite, opening })
      : undefined,
  );
  useEffect(() => () => session?.destroy(), [session]);
  useEffect(() => (session ? afterFirstPaint(() => session.connect()) : undefined), [session]);
  const snapshot = useSyncExternalStore(session?.subscribe ?? noSubscription, session?.getSnapshot ?? noSnapshot);
  return session && snapshot ? { session, snapshot } : undefined;
}

const noSubscription = () => () => undefined;
const noSnapshot = () => undefined;

/** How long "Moved … after …" stays on the map. */
const MOVE_NEWS_MS = 10_000;

/**
 * The last move of a stage, by anyone, in words ("Moved “X” after “Y”"), for a while after it
 * happened; empty otherwise. The live region it is shown in is always there, so it is read out.
 */
function useMoveNews(stages: readonly { id: string; title: string }[] | undefined, chosen: string | undefined): string {
  const previous = useRef(stages);
  const chosenNow = useRef(chosen);
  useEffect(() => {
    chosenNow.current = chosen;
  }, [chosen]);
  const [news, setNews] = useState({ words: '' });
  useEffect(() => {
    const before = previous.current;
    previous.current = stages;
    const words = before && stages ? stageMoveWords(before, stages, chosenNow.current) : undefined;
    if (words) setNews({ words });
  }, [stages]);
  // Cleared by its own timer, which a later edit (typing, say) does not reset; a new object
  // each time, so the same move made twice starts the timer again.
  useEffect(() => {
    if (!news.words) return;
    const timer = setTimeout(() => setNews({ words: '' }), MOVE_NEWS_MS);
    return () => clearTimeout(timer);
  }, [news]);
  return news.words;
}

export default function JourneyEditor(props: JourneyEditorProps) {
  return (
    <ReactFlowProvider>
      <VoiceContext value={props.voice}>
        <Editor {...props} />
      </VoiceContext>
    </ReactFlowProvider>
  );
}
