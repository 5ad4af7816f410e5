/**
 * A step stated as movement on the progress scale: families move from one level (optional) to
 * another. Levels are chosen by name; the chosen ones are shown with colour, glyph and words.
 */
import { useId, useState } from 'react';
import { levelOf, type ProgressLevel, type ProgressReference, type ProgressScale } from '../../../src/model/index.ts';
import { LevelChip } from '../common/LevelChip.tsx';
import { Problem } from '../common/Problem.tsx';

interface Props {
  scale: ProgressScale;
  progress: ProgressReference | undefined;
  readOnly: boolean;
  /** `null` clears the reference. */
  onChange: (progress: ProgressReference | null) => void;
}

export function ProgressPicker({ scale, progress, readOnly, onChange }: Props) {
  const ids = { from: useId(), to: useId() };
  const [problem, setProblem] = useState<string | undefined>();
  const pick = (from: number | undefined, to: number | undefined) => {
    if (to === undefined) return onChange(null);
    if (from !== undefined && from >= to) return setProblem('“From” must be a lower level than “To”.');
    setProblem(undefined);
    onChange({ scaleId: progress?.scaleId ?? scale.id, ...(from !== undefined ? { from } : {}), to });
  };
  const number = (value: string) => (value === '' ? undefined : Number(value));
  const options = scale.levels.map((level) => (
    <option key={level.value} value={level.value}>
      {level.value}. {level.label}
    </option>
  ));
  const from = progress?.from === undefined ? undefined : levelOf(scale, progress.from);
  const to = progress ? levelOf(scale, progress.to) : undefined;
  return (
    <fieldset className="progress-picker">
      <legend>On the progress scale</legend>
      <label htmlFor={ids.from}>From (optional)</label>
      <select
        id={ids.from}
        value={progress?.from ?? ''}
        disabled={readOnly || !progress}
        onChange={(event) => pick(number(event.currentTarget.value), progress?.to)}
      >
        <option value="">Any level</option>
        {options}
      </select>
      <label htmlFor={ids.to}>To</label>
      <select
        id={ids.to}
        value={progress?.to ?? ''}
        disabled={readOnly}
        onChange={(event) => {
          const next = number(event.currentTarget.value);
          // A "from" at or above the new "to" no longer makes sense: it goes.
          pick(next !== undefined && (progress?.from ?? next) < next ? progress?.from : undefined, next);
        }}
      >
        <option value="">Not stated on the scale</option>
        {options}
      </select>
      <ProgressChips from={from} to={to} of={scale.levels.length} />
      <Problem text={problem} />
    </fieldset>
  );
}

/** "From ◐ Opening up to ◆ Making it work", each level with colour, glyph and words. */
export function ProgressChips({ from, to, of }: { from?: ProgressLevel; to?: ProgressLevel; of: number }) {
  if (!to) return null;
  return (
    <p className="progress">
      {from && (
        <>
          From <LevelChip level={from} of={of} />{' '}
        </>
      )}
      To <LevelChip level={to} of={of} />
    </p>
  );
}
