/**
 * How an evaluator will know the selected step has been reached: its indicators, each with what
 * is counted, the measure, whether higher is better, for whom, the target, what counts as
 * success for one family, and by when. Add, edit and remove; an edit replaces the indicator
 * whole and keeps what this form does not show (baseline, periods…).
 */
import { useId, useState } from 'react';
import { removeIndicator, upsertIndicator } from '../../../src/doc/index.ts';
import { MEASURES, type Indicator, type ResultValue, type TocNodeId } from '../../../src/model/index.ts';
import { attempt } from '../common/attempt.ts';
import type { TocSession } from './toc-session.ts';
import { Problem } from '../common/Problem.tsx';
import { LimitedInput } from '../common/LimitedInput.tsx';

interface Props {
  session: TocSession;
  nodeId: TocNodeId;
  indicators: readonly Indicator[];
  readOnly: boolean;
}

const valueWords = (v: ResultValue | undefined) =>
  v === undefined ? undefined : [v.value, v.comment].filter((part) => part !== undefined).join(' ');

export function Indicators({ session, nodeId, indicators, readOnly }: Props) {
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const heading = useId();
  const save = (indicator: Parameters<typeof upsertIndicator>[1]) => {
    const refused = attempt(session, () => upsertIndicator(session.doc, indicator, session.origin));
    setProblem(refused);
    if (!refused) setEditing(undefined);
  };
  return (
    <section className="indicators" aria-labelledby={heading}>
      <h3 id={heading}>Indicators</h3>
      {indicators.length === 0 && <p className="meta">None yet: how will anyone know this has happened?</p>}
      <ul>
        {indicators.map((indicator) =>
          editing === indicator.id ? (
            <li key={indicator.id}>
              <IndicatorForm
                nodeId={nodeId}
                indicator={indicator}
                onSave={save}
                onCancel={() => setEditing(undefined)}
              />
            </li>
          ) : (
            <li key={indicator.id}>
              <strong>{indicator.title}</strong> ({MEASURES[indicator.measure].label.toLowerCase()},{' '}
              {indicator.ascending ? 'higher is better' : 'lower is better'})
              {indicator.population && <> · for {indicator.population}</>}
              {indicator.target && <> · target: {valueWords(indicator.target)}</>}
              {indicator.threshold && <> · success for one family: {valueWords(indicator.threshold)}</>}
              {indicator.timeline && <> · {indicator.timeline}</>}
              {!readOnly && (
                <span className="row">
                  <button type="button" className="quiet" onClick={() => setEditing(indicator.id)}>
                    Edit <span className="visually-hidden">{indicator.title}</span>
                  </button>
                  <button
                    type="button"
                    className="quiet"
                    onClick={() =>
                      setProblem(attempt(session, () => removeIndicator(session.doc, indicator.id, session.origin)))
                    }
                  >
                    Remove <span className="visually-hidden">{indicator.title}</span>
                  </button>
                </span>
              )}
            </li>
          ),
        )}
      </ul>
      {!readOnly &&
        (editing === 'new' ? (
          <IndicatorForm nodeId={nodeId} onSave={save} onCancel={() => setEditing(undefined)} />
        ) : (
          <button type="button" onClick={() => setEditing('new')}>
            Add an indicator
          </button>
        ))}
      <Problem text={problem} />
    </section>
  );
}

/** A value as typed: a number, words, or both; nothing when both are empty. */
function resultValue(number: string, words: string): ResultValue | undefined {
  const value = number.trim() === '' ? undefined : Number(number);
  const comment = words.trim() || undefined;
  if (value === undefined && comment === undefined) return undefined;
  return { ...(value !== undefined ? { value } : {}), ...(comment ? { comment } : {}) };
}

function IndicatorForm({
  nodeId,
  indicator,
  onSave,
  onCancel,
}: {
  nodeId: TocNodeId;
  indicator?: Indicator;
  onSave: (indicator: Parameters<typeof upsertIndicator>[1]) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [fields, setFields] = useState({
    title: indicator?.title ?? '',
    measure: indicator?.measure ?? 'unit',
    ascending: indicator?.ascending ?? true,
    population: indicator?.population ?? '',
    targetValue: indicator?.target?.value?.toString() ?? '',
    targetWords: indicator?.target?.comment ?? '',
    thresholdValue: indicator?.threshold?.value?.toString() ?? '',
    thresholdWords: indicator?.threshold?.comment ?? '',
    timeline: indicator?.timeline ?? '',
  });
  const set = (key: keyof typeof fields) => (event: { currentTarget: { value: string } }) =>
    setFields({ ...fields, [key]: event.currentTarget.value });
  const text = (key: keyof typeof fields, label: string, type = 'text') => (
    <>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <LimitedInput
        id={`${id}-${key}`}
        type={type}
        value={String(fields[key])}
        limit={300}
        onValue={(value) => set(key)({ currentTarget: { value } })}
      />
    </>
  );
  const submit = () => {
    const target = resultValue(fields.targetValue, fields.targetWords);
    const threshold = resultValue(fields.thresholdValue, fields.thresholdWords);
    // What this form does not show is kept; what it shows is replaced, empty meaning gone.
    const kept: Partial<Indicator> = { ...indicator };
    delete kept.target;
    delete kept.threshold;
    delete kept.population;
    delete kept.timeline;
    onSave({
      ...kept,
      nodeId,
      title: fields.title.trim(),
      measure: fields.measure,
      ascending: fields.ascending,
      ...(fields.population.trim() ? { population: fields.population.trim() } : {}),
      ...(target ? { target } : {}),
      ...(threshold ? { threshold } : {}),
      ...(fields.timeline.trim() ? { timeline: fields.timeline.trim() } : {}),
    });
  };
  return (
    <fieldset className="indicator-form">
      <legend>{indicator ? `Edit “${indicator.title}”` : 'A new indicator'}</legend>
      {text('title', 'What is counted')}
      <label htmlFor={`${id}-measure`}>Measure</label>
      <select id={`${id}-measure`} value={fields.measure} onChange={set('measure')}>
        {Object.entries(MEASURES).map(([key, measure]) => (
          <option key={key} value={key}>
            {measure.label}
          </option>
        ))}
      </select>
      <label className="check">
        <input
          type="checkbox"
          checked={fields.ascending}
          onChange={(event) => setFields({ ...fields, ascending: event.currentTarget.checked })}
        />
        Higher is better
      </label>
      {text('population', 'For whom')}
      {text('targetValue', 'Target (a number)', 'number')}
      {text('targetWords', 'Target (in words)')}
      {text('thresholdValue', 'Success for one family (a number)', 'number')}
      {text('thresholdWords', 'Success for one family (in words)')}
      {text('timeline', 'By when')}
      <div className="row">
        <button type="button" disabled={!fields.title.trim()} onClick={submit}>
          Save the indicator
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
