/**
 * "Run the workshop": the facilitator's controls of everyone else's screens (server/SPEC.md
 * CONTROL). Loaded only when a facilitator opens it. Every button shows the state the room holds
 * (what the others see), not what was asked: a command the server has not taken shows nothing.
 */
import { useOnViewportChange, useReactFlow, useStore, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Stage } from '../../../src/model/index.ts';
import type { ControlCommand, ControlState } from '../../../src/protocol/index.ts';
import { useRoomControls, type RoomControls } from './room-controls.ts';
import { postMark } from './sensitive-marks.ts';

/** The facilitator's view goes out at most this often while they lead. */
const VIEW_INTERVAL_MS = 100;
const TIMER_MINUTES = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60];
const MINUTE = 60_000;

interface FacilitatorControlsProps {
  controls: RoomControls;
  /** The journey's id, for marking what is sensitive (a server record, changed through its page). */
  docId: string;
  /** The stage open in the side panel, for the controls of one stage. */
  selected: Stage | undefined;
}

export function FacilitatorControls({ controls, selected, docId }: FacilitatorControlsProps) {
  const { state } = useRoomControls(controls);
  const [minutes, setMinutes] = useState(5);
  const [offline, setOffline] = useState(false);
  const [ended, setEnded] = useState(false);
  const send = (command: ControlCommand) => setOffline(!controls.command(command));
  const leading = useLead(controls, state.follow !== null, selected?.id);
  const pressed = (on: boolean) => (on ? 'true' : 'false');
  const stageLocked = selected !== undefined && state.lock.stages.includes(selected.id);
  const stagePaused = selected !== undefined && state.pause.stages.includes(selected.id);
  const timer = state.timer;

  return (
    <section className="facilitate" aria-labelledby="facilitate-heading">
      <h2 id="facilitate-heading">Run the workshop</h2>
      <p className="hint">What you set here changes everyone else’s screen at once.</p>
      {offline && (
        <p className="problem" role="alert">
          Not connected: that was not sent. Try again when the map says it is saved.
        </p>
      )}

      <div className="facilitate-group">
        <button type="button" aria-pressed={pressed(state.follow !== null)} onClick={() => leading.toggle(send)}>
          {state.follow ? 'Stop leading' : 'Bring everyone here'}
        </button>
        <span className="hint">
          {state.follow ? 'Everyone’s map follows yours until they move it.' : 'Their maps follow yours.'}
        </span>
      </div>

      <div className="facilitate-group">
        {selected && state.spotlight !== selected.id && (
          <button type="button" onClick={() => send({ kind: 'spotlight', stageId: selected.id })}>
            Spotlight this stage
          </button>
        )}
        {state.spotlight && (
          <button type="button" onClick={() => send({ kind: 'spotlight', stageId: null })}>
            End the spotlight
          </button>
        )}
        {!selected && !state.spotlight && <span className="hint">Open a stage to spotlight it.</span>}
      </div>

      <fieldset className="facilitate-group">
        <legend>Timer</legend>
        {!timer ? (
          <>
            <label>
              Minutes{' '}
              <select value={minutes} onChange={(event) => setMinutes(Number(event.target.value))}>
                {TIMER_MINUTES.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => send({ kind: 'timer-start', ms: minutes * MINUTE })}>
              Start the timer
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={() => send({ kind: timer.running ? 'timer-pause' : 'timer-resume' })}>
              {timer.running ? 'Pause the timer' : 'Carry on'}
            </button>
            <button type="button" onClick={() => send({ kind: 'timer-add', ms: MINUTE })}>
              Add a minute
            </button>
            <button type="button" onClick={() => send({ kind: 'timer-clear' })}>
              Stop the timer
            </button>
          </>
        )}
      </fieldset>

      <fieldset className="facilitate-group">
        <legend>Lock, so only facilitators can change</legend>
        <button
          type="button"
          aria-pressed={pressed(state.lock.map)}
          onClick={() => send({ kind: 'lock-map', on: !state.lock.map })}
        >
          Lock the map
        </button>
        {selected && (
          <button
            type="button"
            aria-pressed={pressed(stageLocked)}
            onClick={() => send({ kind: 'lock-stage', stageId: selected.id, on: !stageLocked })}
          >
            Lock this stage
          </button>
        )}
      </fieldset>

      <fieldset className="facilitate-group">
        <legend>Pause this topic: hide it from everyone else’s screen</legend>
        <button
          type="button"
          aria-pressed={pressed(state.pause.map)}
          onClick={() => send({ kind: 'pause-map', on: !state.pause.map })}
        >
          Pause the map
        </button>
        {selected && (
          <button
            type="button"
            aria-pressed={pressed(stagePaused)}
            onClick={() => send({ kind: 'pause-stage', stageId: selected.id, on: !stagePaused })}
          >
            Pause this stage
          </button>
        )}
      </fieldset>

      {selected && <SensitiveMarks docId={docId} stageId={selected.id} sealed={state.sealed} />}

      <div className="facilitate-group">
        <button
          type="button"
          onClick={() => {
            send({ kind: 'end-session' });
            setEnded(true);
          }}
        >
          End session
        </button>
        <span role="status">{ended && !offline ? 'Session ended: a version of the map was kept.' : ''}</span>
        <span className="hint">
          Keeps a version of the map as it is now, and ends the timer, the lead and the spotlight.
        </span>
      </div>

      <details>
        <summary>What these do, and what they do not</summary>
        <ul>
          <li>
            <strong>Lock</strong> is kept by the server: a change anyone but a facilitator makes to what is locked is
            undone on every screen, whatever device or program they use.
          </li>
          <li>
            <strong>Sensitive</strong> is kept by the server: what was said moves off the map into a record of its own,
            so people invited only to view are never sent it, on the map, the list, a download or the take-home print.
            Staff and people invited to take part still read it, and nobody can change it while it is marked. On a
            shared screen it only looks hidden: that device still has it.
          </li>
          <li>
            <strong>Pause</strong> only hides: a paused stage or map is taken off participants’ and viewers’ screens,
            but their device still has it. For something they must never receive, ask whether it belongs in the map at
            all.
          </li>
          <li>
            <strong>Bring everyone here</strong> moves their maps with yours; anyone can move their own map to look
            around, and a button takes them back to yours.
          </li>
          <li>
            <strong>End session</strong> keeps a version, as does everyone leaving after a change; staff find versions
            under “Versions” below the map. Locks and pauses stay until you lift them.
          </li>
          <li>
            Facilitators’ screens are never locked, paused or moved. These settings are kept when the server restarts.
          </li>
        </ul>
      </details>
    </section>
  );
}

/**
 * Leading: while this facilitator leads, their view (the middle of their map and its zoom) and
 * the stage they have open go to the room as they change, at most every `VIEW_INTERVAL_MS`.
 */
function useLead(controls: RoomControls, someoneLeads: boolean, selectedId: string | undefined) {
  const [leadingHere, setLeadingHere] = useState(false);
  const leading = leadingHere && someoneLeads;
  const { getViewport } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const followCommand = useCallback(
    (v: Viewport): ControlCommand => ({
      kind: 'follow',
      view: {
        x: (width / 2 - v.x) / v.zoom,
        y: (height / 2 - v.y) / v.zoom,
        zoom: Math.min(4, Math.max(0.05, v.zoom)),
      },
      ...(selectedId ? { stageId: selectedId } : {}),
    }),
    [width, height, selectedId],
  );
  const sendView = useCallback(
    (v: Viewport) => {
      clearTimeout(pending.current);
      const go = () => {
        last.current = performance.now();
        controls.command(followCommand(v));
      };
      const wait = last.current + VIEW_INTERVAL_MS - performance.now();
      if (wait <= 0) go();
      else pending.current = setTimeout(go, wait);
    },
    [controls, followCommand],
  );
  useOnViewportChange({ onChange: (v) => leading && sendView(v) });
  // The stage opened or closed while leading goes out too.
  useEffect(() => {
    if (leading) sendView(getViewport());
  }, [leading, sendView, getViewport]);
  useEffect(() => () => clearTimeout(pending.current), []);
  return {
    toggle(send: (command: ControlCommand) => void) {
      setLeadingHere(!someoneLeads);
      send(someoneLeads ? { kind: 'unfollow' } : followCommand(getViewport()));
    },
  };
}

/** Mark the open stage, or its words, as sensitive, or take the mark off: a request to the server's page, which checks who asks. */
function SensitiveMarks({
  docId,
  stageId,
  sealed,
}: {
  docId: string;
  stageId: string;
  sealed: ControlState['sealed'];
}) {
  const [problem, setProblem] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const marked = sealed.stages.includes(stageId) ? 'stage' : sealed.words.includes(stageId) ? 'words' : undefined;
  const mark = async (kind: 'stage' | 'words', on: boolean) => {
    setSending(true);
    setProblem(await postMark(docId, { item: stageId, kind, on }));
    setSending(false);
  };
  return (
    <fieldset className="facilitate-group">
      <legend>Sensitive: never sent to people invited only to view</legend>
      {marked ? (
        <button type="button" disabled={sending} onClick={() => void mark(marked, false)}>
          {marked === 'stage' ? 'Stop keeping this stage from viewers' : 'Stop keeping its words from viewers'}
        </button>
      ) : (
        <>
          <button type="button" disabled={sending} onClick={() => void mark('stage', true)}>
            Keep this stage from viewers
          </button>
          <button type="button" disabled={sending} onClick={() => void mark('words', true)}>
            Keep only its words from viewers
          </button>
        </>
      )}
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
