/**
 * Everything about the selected stage, editable by keyboard and by tap, in the order a
 * conversation with the family goes: the headline and their words, the level, how it felt,
 * what helped and what got in the way, when it was; then the services involved, what it led to
 * and came from, its costs, "move to…", and delete (undoable). The headline, the words and each
 * enabler or barrier are shared text, typed together; who else has the stage open is said at
 * the top.
 */
import { memo, Suspense, useId, useState } from 'react';
import {
  addStage,
  editStage,
  moveStage,
  removeStage,
  setFeeling,
  setProgressLevel,
  STAGE_TEXT_LIMITS,
  typeStageText,
} from '../../../src/doc/index.ts';
import { FEELINGS, SERVICE_KEYS, SERVICE_KINDS, type Feeling, type StageId } from '../../../src/model/index.ts';
import { FEELING_WORDS } from '../../lib/format.ts';
import { attempt, refusal } from '../common/attempt.ts';
import { lazyPart } from '../common/lazy-part.ts';
import { Problem } from '../common/Problem.tsx';
import { SharedText } from '../common/SharedText.tsx';
import type { Peer } from '../session/doc-session.ts';
import type { CostMarks, StageContext } from './CostEvents.tsx';
import type { CostsSession } from './costs-session.ts';
import { LevelPicker } from './LevelPicker.tsx';
import { StageSpeaker } from './StageSpeaker.tsx';
import { NEW_STAGE_TITLE } from './new-stage.ts';
import { usePanelWords } from './voice.ts';

/**
 * The stage's cost events, only for someone who sees costs: loaded when such a person first
 * opens a stage, so a family member's map (and every map as it opens) carries none of its code.
 */
/**
 * When it happened, and what it led to: their pickers load when the first stage is opened, not
 * with the map, which keeps the map's code within its budget (docs/architecture.md).
 */
const StageWhen = lazyPart(() => import('./StageWhen.tsx').then((module) => module.StageWhen));
const StageFactors = lazyPart(() => import('./StageFactors.tsx').then((module) => module.StageFactors));
const StageLinks = lazyPart(() => import('./StageLinks.tsx').then((module) => module.StageLinks));

const CostEvents = lazyPart(() => import('./CostEvents.tsx').then((module) => module.CostEvents));

interface Props extends StageContext {
  /** The costs companion's session; without one (costs are not shown to this person) there is no cost section. */
  costsSession: CostsSession | undefined;
  onSelect: (id: string | undefined) => void;
  /** Others who have this stage open right now. */
  alsoHere: Peer[];
  /** Which cost events are marked sensitive, and whether this person may mark them (a facilitator). */
  costMarks: CostMarks;
  /**
   * Marked sensitive (server/SPEC.md SEAL): the document holds only its stub, so its words are
   * shown from `stage` (the server's record laid over it, for those who may read it), read-only.
   */
  sealed: boolean;
}

function StagePanelView({
  session,
  costsSession,
  journey,
  stage,
  costs,
  tableId,
  priceYear,
  readOnly,
  onSelect,
  alsoHere,
  costMarks,
  sealed,
}: Props) {
  const { doc, origin } = session;
  const id = stage.id;
  const ids = { title: useId(), words: useId(), move: useId() };
  const index = journey.stages.findIndex((s) => s.id === id);
  const others = journey.stages.filter((s) => s.id !== id);
  const parts = { session, journey, stage, readOnly };
  // A refused command (what it refers to was just removed by someone else, say) is said here,
  // as the theory-of-change panels say theirs, instead of escaping the handler.
  const [problem, setProblem] = useState<string | undefined>();
  const run = (action: () => void) => setProblem(attempt(session, action));
  const words = usePanelWords();

  return (
    <section className="stage-panel panel" aria-label={`Stage ${index + 1}: ${stage.title}`}>
      <h2>Stage {index + 1}</h2>
      <Problem text={problem} />
      {alsoHere.length > 0 && (
        <p className="also-here" role="status">
          <span aria-hidden="true">✎ </span>
          Also working on this stage:{' '}
          {alsoHere.map((peer, i) => (
            <span key={peer.clientId}>
              {i > 0 && ', '}
              <span dir="auto">{peer.name}</span>
            </span>
          ))}
        </p>
      )}
      <label htmlFor={ids.title}>Headline</label>
      {/* Typed in once the document itself is here, not only the page's copy (DocSession.hasDocument). */}
      <SharedText
        id={ids.title}
        text={() => (sealed ? stage.title : session.stageText(id, 'title'))}
        readOnly={readOnly || !session.hasDocument()}
        maxLength={STAGE_TEXT_LIMITS.title}
        selectOnFocus={stage.title === NEW_STAGE_TITLE}
        onType={(title) =>
          session.write(() => setProblem(refusal(() => typeStageText(doc, id, 'title', title, origin))))
        }
      />
      <label htmlFor={ids.words}>{words.ownWords}</label>
      <SharedText
        id={ids.words}
        text={() => (sealed ? stage.words : session.stageText(id, 'words'))}
        readOnly={readOnly || !session.hasDocument()}
        rows={5}
        maxLength={STAGE_TEXT_LIMITS.words}
        onType={(words) =>
          session.write(() => setProblem(refusal(() => typeStageText(doc, id, 'words', words, origin))))
        }
      />
      <StageSpeaker {...parts} />
      <LevelPicker
        scale={journey.scale}
        current={stage.progress?.level}
        disabled={readOnly}
        onPick={(level) =>
          run(() => setProgressLevel(doc, id, { level, ratedBy: stage.progress?.ratedBy ?? 'together' }, origin))
        }
      />
      <fieldset className="feeling-picker">
        <legend>How did it feel?</legend>
        {FEELINGS.map((feeling: Feeling) => (
          <button
            key={feeling}
            type="button"
            aria-pressed={stage.feeling === feeling}
            disabled={readOnly}
            onClick={() => run(() => setFeeling(doc, id, feeling, origin))}
          >
            {FEELING_WORDS[feeling]}
          </button>
        ))}
      </fieldset>
      <Suspense fallback={<p>Opening what helped and what got in the way…</p>}>
        <StageFactors {...parts} />
      </Suspense>
      <Suspense fallback={<p>Opening when it happened…</p>}>
        <StageWhen {...parts} />
      </Suspense>
      <fieldset className="services-picker">
        <legend>Services involved</legend>
        {SERVICE_KEYS.map((key) => (
          <label key={key} className="check">
            <input
              type="checkbox"
              checked={stage.services.includes(key)}
              disabled={readOnly}
              onChange={(event) => {
                const on = event.currentTarget.checked;
                const services = on ? [...stage.services, key] : stage.services.filter((s) => s !== key);
                run(() => editStage(doc, id, { services }, origin));
              }}
            />
            {SERVICE_KINDS[key].label}
          </label>
        ))}
      </fieldset>
      <Suspense fallback={<p>Opening what this led to…</p>}>
        <StageLinks {...parts} />
      </Suspense>
      {costsSession && (
        <Suspense fallback={<p>Opening the costs…</p>}>
          <CostEvents
            session={session}
            costsSession={costsSession}
            journey={journey}
            stage={stage}
            costs={costs}
            tableId={tableId}
            priceYear={priceYear}
            readOnly={readOnly}
            marks={costMarks}
          />
        </Suspense>
      )}
      {!readOnly && (
        <>
          <label htmlFor={ids.move}>Move to…</label>
          <select
            id={ids.move}
            value=""
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (value) run(() => moveStage(doc, id, value === 'start' ? null : (value as StageId), origin));
            }}
          >
            <option value="">Choose where this stage goes</option>
            <option value="start">At the start</option>
            {others.map((other) => (
              <option key={other.id} value={other.id} dir="auto">
                After “{other.title}”
              </option>
            ))}
          </select>
          <div className="row">
            <button
              type="button"
              onClick={() => run(() => onSelect(addStage(doc, { title: NEW_STAGE_TITLE, after: id }, origin)))}
            >
              Add a stage after this one
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                run(() => removeStage(doc, id, origin));
                onSelect(undefined);
              }}
            >
              Delete this stage
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** Memoised: while a card is dragged the editor re-renders every frame; the panel need not. */
export const StagePanel = memo(StagePanelView);
