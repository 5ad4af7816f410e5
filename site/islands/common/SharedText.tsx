/**
 * Text typed together (a stage's headline and words, an enabler, a step's description, a
 * link's rationale), written through a text-diff command on every keystroke so others see it
 * as it is typed and two people typing in the same words both keep theirs. The box mirrors the
 * document's text exactly and is left to the browser while the person types (so the caret
 * never jumps): a change by someone else is put in with the caret moved past it, and a
 * keystroke made before such a change reached the box is replayed on the latest text rather
 * than overwriting it.
 *
 * A limit is said, never applied silently: a keystroke or paste that would pass it is refused
 * whole, with the limit and the length named, instead of being cut as `maxlength` would.
 */
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { LimitMessage } from './LimitedInput.tsx';
import { mapIndex, rebase } from './text-edit.ts';

interface Props {
  id: string;
  /** The text in the document right now. */
  text: () => string;
  readOnly: boolean;
  maxLength: number;
  onType: (text: string) => void;
  /** A wrapping box of this many rows; without it, one line (Enter leaves the box). */
  rows?: number;
  /**
   * Select the whole text when the box gets the focus (a stand-in such as "A new stage"), so
   * the first keystroke replaces it: a touch keyboard has no "select all".
   */
  selectOnFocus?: boolean;
}

export function SharedText({ id, text, readOnly, maxLength, onType, rows, selectOnFocus = false }: Props) {
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const value = text();
  const [initial] = useState(value);
  const [refused, setRefused] = useState<number | undefined>();
  const messageId = useId();
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
      box.setSelectionRange(mapIndex(old, value, selectionStart ?? 0), mapIndex(old, value, selectionEnd ?? 0));
  }, [value]);

  const onChange = (box: HTMLTextAreaElement | HTMLInputElement) => {
    let typed = box.value;
    const now = text();
    if (now !== shown.current) {
      const replayed = rebase(shown.current, typed, now);
      typed = replayed.text;
      box.value = typed;
      box.setSelectionRange(replayed.caret, replayed.caret);
    }
    if (typed.length > maxLength && typed.length > now.length) {
      // Put the box back as it was: nothing of the refused change is kept or sent.
      const caret = Math.min(box.selectionStart ?? now.length, now.length);
      box.value = now;
      shown.current = now;
      box.setSelectionRange(caret, caret);
      setRefused(typed.length);
      return;
    }
    setRefused(undefined);
    shown.current = typed;
    onType(typed);
  };

  const shared = {
    ref,
    id,
    defaultValue: initial,
    // Typed words may be in any script: the box reads right to left when they are.
    dir: 'auto',
    readOnly,
    'aria-describedby': refused === undefined ? undefined : messageId,
    'aria-invalid': refused === undefined ? undefined : true,
    onFocus: selectOnFocus
      ? (event: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => event.currentTarget.select()
      : undefined,
    // The refusal was about that paste; once the person moves on, it has been read.
    onBlur: () => setRefused(undefined),
  };
  return (
    <>
      {rows ? (
        <textarea {...shared} rows={rows} onChange={(event) => onChange(event.currentTarget)} />
      ) : (
        <input
          {...shared}
          onChange={(event) => onChange(event.currentTarget)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.blur();
          }}
        />
      )}
      {refused !== undefined && <LimitMessage id={messageId} limit={maxLength} length={refused} />}
    </>
  );
}
