/** Set a stage's level in one tap: five large buttons, each explained in plain English. */
import type { ProgressScale } from '../../../src/model/index.ts';
import { LEVEL_GLYPHS } from '../../lib/format.ts';
import { usePanelWords } from './voice.ts';

interface Props {
  scale: ProgressScale;
  current: number | undefined;
  disabled: boolean;
  onPick: (level: number) => void;
}

export function LevelPicker({ scale, current, disabled, onPick }: Props) {
  return (
    <fieldset className="level-picker">
      <legend>{usePanelWords().level}</legend>
      {scale.levels.map((level) => (
        <button
          key={level.value}
          type="button"
          aria-pressed={current === level.value}
          disabled={disabled}
          style={{ '--level': level.colour } as React.CSSProperties}
          onClick={() => onPick(level.value)}
        >
          <span aria-hidden="true">{LEVEL_GLYPHS[level.icon]}</span> <strong>{level.label}</strong>
          <span className="explain">{level.description}</span>
        </button>
      ))}
    </fieldset>
  );
}
