/** A step's kind with colour, glyph and words: never colour alone. */
import type { TocNodeKind } from '../../../src/model/index.ts';
import { KIND_LOOKS } from './node-kinds.ts';

export function KindChip({ kind }: { kind: TocNodeKind }) {
  const look = KIND_LOOKS[kind];
  return (
    <span className="kind-chip" style={{ '--kind': look.colour } as React.CSSProperties}>
      <span aria-hidden="true">{look.glyph}</span> {look.label}
    </span>
  );
}
