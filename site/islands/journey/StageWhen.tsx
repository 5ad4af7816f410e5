/**
 * When a stage happened, as precisely as the family remembers it: a day, a month, a year, how
 * old one of them was, or a phrase of their own ("the winter Jade was excluded"). Shows what is
 * set; a small form sets or clears it. Each box is checked before anything is written, and a
 * box at fault says why beside it. A stage's year also places its costs on the cost-over-time
 * view when the cost itself has no date.
 */
import { memo, useId, useRef, useState } from 'react';
import { editStage } from '../../../src/doc/index.ts';
import type { When } from '../../../src/model/index.ts';
import { describeWhen } from '../../lib/format.ts';
import { attempt } from '../common/attempt.ts';
import { Problem } from '../common/Problem.tsx';
import type { StageContext } from './CostEvents.tsx';
import { checkWhen, MONTH_NAMES, WHEN_KINDS, type WhenDraft, type WhenField } from './when-draft.ts';
import './stage-panel-parts.css';

type Props = Pick<StageContext, 'session' | 'journey' | 'stage' | 'readOnly'>;

/** The form's boxes, filled from what is set now (or empty). */
function draftOf(when: When | undefined): WhenDraft {
  const empty: WhenDraft = { kind: 'month', date: '', month: '', year: '', memberId: '', years: '', phrase: '' };
  switch (when?.kind) {
    case undefined:
      return empty;
    case 'date':
      return { ...empty, kind: 'date', date: when.date };
    case 'month':
      return { ...empty, kind: 'month', month: when.month.slice(5), year: when.month.slice(0, 4) };
    case 'year':
      return { ...empty, kind: 'year', year: String(when.year) };
    case 'age':
      return { ...empty, kind: 'age', memberId: when.memberId, years: String(when.years) };
    case 'phrase':
      return { ...empty, kind: 'phrase', phrase: when.text };
  }
}

function StageWhenView({ session, journey, stage, readOnly }: Props) {
  const { doc, origin } = session;
  const base = useId();
  const idOf = (field: WhenField | 'kind') => `${base}-${field}`;
  const [draft, setDraft] = useState(() => draftOf(stage.when));
  const [errors, setErrors] = useState<Partial<Record<WhenField, string>>>({});
  const [problem, setProblem] = useState<string | undefined>();
  const form = useRef<HTMLDivElement>(null);
  const members = journey.family.members;
  const shown = describeWhen(stage.when, journey);

  const change = (field: keyof WhenDraft) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setDraft((d) => ({ ...d, [field]: value }));
  };

  const save = () => {
    const checked = checkWhen(draft);
    setErrors(checked.errors);
    if (!checked.when) {
      // Take the person to the first box at fault, where its reason is said.
      const first = Object.keys(checked.errors)[0] as WhenField | undefined;
      if (first) form.current?.querySelector<HTMLElement>(`#${CSS.escape(idOf(first))}`)?.focus();
      return;
    }
    const when = checked.when;
    setProblem(attempt(session, () => editStage(doc, stage.id, { when }, origin)));
  };

  /** A box's label, its error (if any) and the box, tied together for a screen reader. */
  const field = (name: WhenField, label: string, box: (a11y: object) => React.ReactNode) => {
    const error = errors[name];
    return (
      <div className="when-field">
        <label htmlFor={idOf(name)}>{label}</label>
        {error && (
          <p id={`${idOf(name)}-error`} className="field-error">
            <span className="visually-hidden">Error: </span>
            {error}
          </p>
        )}
        {box({
          id: idOf(name),
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${idOf(name)}-error` : undefined,
        })}
      </div>
    );
  };

  return (
    <section className="stage-when" aria-label="When">
      <h3>When</h3>
      <p className="when-now" role="status">
        {shown ? (
          <>
            Set to: <strong dir="auto">{shown}</strong>
          </>
        ) : (
          'Not set yet.'
        )}
      </p>
      {!readOnly && (
        <div className="when-form" ref={form}>
          <label htmlFor={idOf('kind')}>How they remember it</label>
          <select id={idOf('kind')} value={draft.kind} onChange={change('kind')}>
            {WHEN_KINDS.map(({ kind, label }) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
          {draft.kind === 'date' &&
            field('date', 'Day', (a11y) => (
              <input {...a11y} type="date" value={draft.date} onChange={change('date')} />
            ))}
          {draft.kind === 'month' && (
            <>
              {field('month', 'Month', (a11y) => (
                <select {...a11y} value={draft.month} onChange={change('month')}>
                  <option value="">Choose a month</option>
                  {MONTH_NAMES.map((name, i) => (
                    <option key={name} value={String(i + 1).padStart(2, '0')}>
                      {name}
                    </option>
                  ))}
                </select>
              ))}
              {field('year', 'Year', (a11y) => (
                <input {...a11y} inputMode="numeric" className="year" value={draft.year} onChange={change('year')} />
              ))}
            </>
          )}
          {draft.kind === 'year' &&
            field('year', 'Year', (a11y) => (
              <input {...a11y} inputMode="numeric" className="year" value={draft.year} onChange={change('year')} />
            ))}
          {draft.kind === 'age' &&
            (members.length === 0 ? (
              <p className="meta">
                This journey lists no family members yet, so there is nobody whose age to give. Choose another way.
              </p>
            ) : (
              <>
                {field('memberId', 'Who', (a11y) => (
                  <select {...a11y} value={draft.memberId} onChange={change('memberId')}>
                    <option value="">Choose who</option>
                    {members.map((member) => (
                      <option key={member.id} value={member.id} dir="auto">
                        {member.pseudonym}
                      </option>
                    ))}
                  </select>
                ))}
                {field('years', 'How old they were', (a11y) => (
                  <input
                    {...a11y}
                    inputMode="numeric"
                    className="year"
                    value={draft.years}
                    onChange={change('years')}
                  />
                ))}
              </>
            ))}
          {draft.kind === 'phrase' &&
            field('phrase', 'In their words (for example, “the winter Jade was excluded”)', (a11y) => (
              <input {...a11y} dir="auto" value={draft.phrase} onChange={change('phrase')} />
            ))}
          <div className="row">
            <button type="button" onClick={save}>
              Set when
            </button>
            {stage.when && (
              <button
                type="button"
                className="quiet"
                onClick={() => setProblem(attempt(session, () => editStage(doc, stage.id, { when: null }, origin)))}
              >
                Clear when
              </button>
            )}
          </div>
          <Problem text={problem} />
        </div>
      )}
    </section>
  );
}

export const StageWhen = memo(StageWhenView);
