/** A progress level shown with colour, glyph and words: never colour alone (WCAG 1.4.1). */
import type { ProgressLevel } from '../../../src/model/index.ts';
import { LEVEL_GLYPHS } from '../../lib/format.ts';

export function LevelChip({ level, of }: { level: ProgressLevel | undefined; of: number }) {
  if (!level) return <span className="level-chip unrated">Not placed yet</span>;
  return (
    <span className="level-chip" style={{ '--level': level.colour } as React.CSSProperties}>
      <span aria-hidden="true">{LEVEL_GLYPHS[level.icon]}</span>
      <span>
        {level.label}
        <span className="visually-hidden">
          {' '}
          (level {level.value} of {of})
        </span>
      </span>
    </span>
  );
}
