/**
 * Long text typed together (a link's rationale, a step's description), written through the
 * text-diff command on every keystroke so others see it as it is typed and two people typing in
 * the same words both keep theirs. The box mirrors the document's text exactly and is left to
 * the browser while the person types (so the caret never jumps): a change by someone else is put
 * in with the caret moved past it, and a keystroke made before such a change reached the box is
 * replayed on the latest text rather than overwriting it.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { mapIndex, rebase } from '../common/text-edit.ts';

interface Props {
  id: string;
  /** The text in the document right now. */
  text: () => string;
  readOnly: boolean;
  maxLength: number;
  rows: number;
  onType: (text: string) => void;
}

export function SharedTextarea({ id, text, readOnly, maxLength, rows, onType }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const value = text();
  const [initial] = useState(value);
  // What the box showed before the person's latest keystroke.
  const shown = useRef(value);

  useLayoutEffect(() => {
    const box = ref.current;
    if (!box || box.value === value) return;
    const old = box.value;
    const { selectionStart, selectionEnd } = box;
    box.value = value;
    shown.current = value;
    if (document.activeElement === box)
      box.setSelectionRange(mapIndex(old, value, selectionStart), mapIndex(old, value, selectionEnd));
  }, [value]);

  return (
    <textarea
      ref={ref}
      id={id}
      defaultValue={initial}
      readOnly={readOnly}
      rows={rows}
      maxLength={maxLength}
      onChange={(event) => {
        const box = event.currentTarget;
        let typed = box.value;
        const now = text();
        if (now !== shown.current) {
          const replayed = rebase(shown.current, typed, now);
          typed = replayed.text;
          box.value = typed;
          box.setSelectionRange(replayed.caret, replayed.caret);
        }
        shown.current = typed;
        onType(typed);
      }}
    />
  );
}
