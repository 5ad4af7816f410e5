/**
 * Everything about the selected stage, editable by keyboard and by tap: words, title, level,
 * feeling, "move to…", "led to…", what helped and what got in the way, and delete (undoable).
 */
import { memo, useId, useState } from 'react';
import type { JourneyCosts } from '../../../src/costs/index.ts';
import {
  addFactor,
  addStage,
  editStage,
  linkStages,
  moveStage,
  removeStage,
  setFeeling,
  setProgressLevel,
  setWords,
} from '../../../src/doc/index.ts';
import {
  FEELINGS,
  SERVICE_KEYS,
  SERVICE_KINDS,
  type Feeling,
  type Journey,
  type Stage,
  type StageId,
} from '../../../src/model/index.ts';
import { FEELING_WORDS } from '../../lib/format.ts';
import { CommitInput } from '../common/CommitInput.tsx';
import type { JourneySession } from './journey-session.ts';
import { CostEvents } from './CostEvents.tsx';
import { LevelPicker } from './LevelPicker.tsx';

interface Props {
  session: JourneySession;
  journey: Journey;
  stage: Stage;
  costs: JourneyCosts | undefined;
  tableId: string;
  priceYear: string;
  readOnly: boolean;
  onSelect: (id: string | undefined) => void;
}

function StagePanelView({ session, journey, stage, costs, tableId, priceYear, readOnly, onSelect }: Props) {
  const { doc, origin } = session;
  const id = stage.id as StageId;
  const ids = { title: useId(), words: useId(), move: useId(), link: useId(), factor: useId() };
  const [factorText, setFactorText] = useState('');
  const index = journey.stages.findIndex((s) => s.id === id);
  const others = journey.stages.filter((s) => s.id !== id);

  return (
    <section className="stage-panel panel" aria-label={`Stage ${index + 1}: ${stage.title}`}>
      <h2>Stage {index + 1}</h2>
      <label htmlFor={ids.title}>Headline</label>
      <CommitInput
        id={ids.title}
        value={stage.title}
        readOnly={readOnly}
        maxLength={120}
        onCommit={(title) => session.step(() => editStage(doc, id, { title }, origin))}
      />
      <label htmlFor={ids.words}>In their own words</label>
      <textarea
        id={ids.words}
        value={stage.words}
        readOnly={readOnly}
        rows={5}
        maxLength={4000}
        onChange={(event) => setWords(doc, id, event.currentTarget.value, origin)}
      />
      <LevelPicker
        scale={journey.scale}
        current={stage.progress?.level}
        disabled={readOnly}
        onPick={(level) =>
          session.step(() =>
            setProgressLevel(doc, id, { level, ratedBy: stage.progress?.ratedBy ?? 'together' }, origin),
          )
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
            onClick={() => session.step(() => setFeeling(doc, id, feeling, origin))}
          >
            {FEELING_WORDS[feeling]}
          </button>
        ))}
      </fieldset>
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
                session.step(() => editStage(doc, id, { services }, origin));
              }}
            />
            {SERVICE_KINDS[key].label}
          </label>
        ))}
      </fieldset>
      <CostEvents
        session={session}
        journey={journey}
        stage={stage}
        costs={costs}
        tableId={tableId}
        priceYear={priceYear}
        readOnly={readOnly}
      />
      {!readOnly && (
        <>
          <label htmlFor={ids.factor}>Something that helped, or got in the way</label>
          <div className="row">
            <input
              id={ids.factor}
              value={factorText}
              maxLength={500}
              onChange={(event) => setFactorText(event.currentTarget.value)}
            />
            {(['enabler', 'barrier'] as const).map((kind) => (
              <button
                key={kind}
                type="button"
                disabled={!factorText.trim()}
                onClick={() => {
                  session.step(() => addFactor(doc, { stageId: id, kind, text: factorText.trim() }, origin));
                  setFactorText('');
                }}
              >
                {kind === 'enabler' ? 'It helped' : 'It got in the way'}
              </button>
            ))}
          </div>
          <label htmlFor={ids.move}>Move to…</label>
          <select
            id={ids.move}
            value=""
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (value) session.step(() => moveStage(doc, id, value === 'start' ? null : (value as StageId), origin));
            }}
          >
            <option value="">Choose where this stage goes</option>
            <option value="start">At the start</option>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                After “{other.title}”
              </option>
            ))}
          </select>
          <label htmlFor={ids.link}>This led to…</label>
          <select
            id={ids.link}
            value=""
            onChange={(event) => {
              const to = event.currentTarget.value;
              if (to) session.step(() => linkStages(doc, { from: id, to }, origin));
            }}
          >
            <option value="">Choose the stage it led to</option>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                {other.title}
              </option>
            ))}
          </select>
          <div className="row">
            <button
              type="button"
              onClick={() => onSelect(session.step(() => addStage(doc, { title: 'A new stage', after: id }, origin)))}
            >
              Add a stage after this one
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                session.step(() => removeStage(doc, id, origin));
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
