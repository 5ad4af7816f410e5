/**
 * A text committed when the person leaves the box: one undo step, no half-typed words for
 * others. While they type, others' changes wait; once they leave, others' show. A short text
 * (a theory of change's title, a step's title) is one line that Enter commits and must not be
 * left empty; a longer, optional one (a summary, a note) wraps, takes new lines, and may be
 * emptied to remove it. A change past the limit is refused and said (see LimitedInput).
 */
import { useId, useState } from 'react';
import { LimitMessage } from './LimitedInput.tsx';

interface Props {
  id: string;
  value: string;
  readOnly: boolean;
  maxLength: number;
  onCommit: (text: string) => void;
  /** A wrapping box for a longer, optional text; committing it empty (`''`) removes it. */
  multiline?: boolean;
}

export function CommitInput({ id, value, readOnly, maxLength, onCommit, multiline = false }: Props) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [refused, setRefused] = useState<number | undefined>();
  const messageId = useId();
  const onChange = (text: string) => {
    const current = draft ?? value;
    if (text.length > maxLength && text.length > current.length) return setRefused(text.length);
    setRefused(undefined);
    setDraft(text);
  };
  const shared = {
    id,
    value: draft ?? value,
    readOnly,
    'aria-invalid': refused !== undefined || undefined,
    'aria-describedby': refused !== undefined ? messageId : undefined,
    onFocus: () => setDraft(value),
    onBlur: () => {
      const text = draft?.trim();
      if (text !== undefined && (text || multiline) && text !== value) onCommit(text);
      setDraft(undefined);
      setRefused(undefined);
    },
  };
  const message = refused !== undefined && <LimitMessage id={messageId} limit={maxLength} length={refused} />;
  if (multiline) {
    return (
      <>
        <textarea {...shared} rows={3} onChange={(event) => onChange(event.currentTarget.value)} />
        {message}
      </>
    );
  }
  return (
    <>
      <input
        {...shared}
        onChange={(event) => onChange(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.currentTarget.blur();
        }}
      />
      {message}
    </>
  );
}
