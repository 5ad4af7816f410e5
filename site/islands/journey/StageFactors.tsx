/**
 * What helped and what got in the way at a stage: each enabler and barrier listed under its
 * own heading, its words editable where they are (typed together) and removable, and a box to
 * add another. The words are the family's, so they read in whichever direction they were typed.
 */
import { memo, useId, useState } from 'react';
import { addFactor, FACTOR_TEXT_LIMIT, removeFactor, typeFactorText } from '../../../src/doc/index.ts';
import type { Factor, FactorKind } from '../../../src/model/index.ts';
import { attempt, refusal } from '../common/attempt.ts';
import { Problem } from '../common/Problem.tsx';
import { SharedText } from '../common/SharedText.tsx';
import type { StageContext } from './CostEvents.tsx';
import './stage-panel-parts.css';
import { usePanelWords } from './voice.ts';

type Props = Pick<StageContext, 'session' | 'journey' | 'stage' | 'readOnly'>;

/** Each kind as the panel says it: the words on its box and button (its heading is in voice.ts). */
const KIND_WORDS: Record<FactorKind, { one: string; none: string }> = {
  enabler: { one: 'It helped', none: 'Nothing yet.' },
  barrier: { one: 'It got in the way', none: 'Nothing yet.' },
};

function StageFactorsView({ session, journey, stage, readOnly }: Props) {
  const { doc, origin } = session;
  const ids = { box: useId(), add: useId(), addError: useId() };
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const factors = journey.factors.filter((f) => f.stageId === stage.id);
  const words = usePanelWords();
  const headings: Record<FactorKind, string> = { enabler: words.helped, barrier: words.hindered };
  const tooLong = text.length > FACTOR_TEXT_LIMIT;

  const item = (factor: Factor) => (
    <li key={factor.id} className={`factor ${factor.kind}`}>
      <label htmlFor={`${ids.box}-${factor.id}`} className="visually-hidden">
        {KIND_WORDS[factor.kind].one}
      </label>
      <div className="row">
        <SharedText
          id={`${ids.box}-${factor.id}`}
          text={() => session.factorText(factor.id)}
          readOnly={readOnly || !session.hasDocument()}
          // Two wrapping lines: the family's words are read whole, not cut at the box's edge.
          rows={2}
          maxLength={FACTOR_TEXT_LIMIT}
          onType={(typed) =>
            session.write(() => setProblem(refusal(() => typeFactorText(doc, factor.id, typed, origin))))
          }
        />
        {!readOnly && (
          <button
            type="button"
            className="quiet"
            aria-label={`Remove “${factor.text}”`}
            onClick={() => setProblem(attempt(session, () => removeFactor(doc, factor.id, origin)))}
          >
            Remove
          </button>
        )}
      </div>
    </li>
  );

  return (
    <div className="stage-factors">
      {(['enabler', 'barrier'] as const).map((kind) => {
        const ofKind = factors.filter((f) => f.kind === kind);
        return (
          <section key={kind} className={`factor-group ${kind}`} aria-label={headings[kind]}>
            <h3>{headings[kind]}</h3>
            {ofKind.length === 0 ? <p className="meta">{KIND_WORDS[kind].none}</p> : <ul>{ofKind.map(item)}</ul>}
          </section>
        );
      })}
      <Problem text={problem} />
      {!readOnly && (
        <>
          <label htmlFor={ids.add}>Something that helped, or got in the way</label>
          <div className="row">
            <input
              id={ids.add}
              dir="auto"
              value={text}
              aria-invalid={tooLong || undefined}
              aria-describedby={tooLong ? ids.addError : undefined}
              onChange={(event) => setText(event.currentTarget.value)}
            />
            {(['enabler', 'barrier'] as const).map((kind) => (
              <button
                key={kind}
                type="button"
                disabled={!text.trim() || tooLong}
                onClick={() => {
                  const refused = attempt(session, () =>
                    addFactor(doc, { stageId: stage.id, kind, text: text.trim() }, origin),
                  );
                  setProblem(refused);
                  if (!refused) setText('');
                }}
              >
                {KIND_WORDS[kind].one}
              </button>
            ))}
          </div>
          {tooLong && (
            <p id={ids.addError} className="field-error" role="alert">
              This can be at most {FACTOR_TEXT_LIMIT} characters, and it has {text.length}. Shorten it to add it.
            </p>
          )}
        </>
      )}
    </div>
  );
}

export const StageFactors = memo(StageFactorsView);
