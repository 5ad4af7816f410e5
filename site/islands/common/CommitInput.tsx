/**
 * A short text (a headline, a title) committed when the person leaves the box: one undo step,
 * no half-typed titles for others. While they type, others' changes wait; once they leave,
 * others' show.
 */
import { useState } from 'react';

interface Props {
  id: string;
  value: string;
  readOnly: boolean;
  maxLength: number;
  onCommit: (text: string) => void;
}

export function CommitInput({ id, value, readOnly, maxLength, onCommit }: Props) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  return (
    <input
      id={id}
      value={draft ?? value}
      readOnly={readOnly}
      maxLength={maxLength}
      onFocus={() => setDraft(value)}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={() => {
        const text = draft?.trim();
        if (text && text !== value) onCommit(text);
        setDraft(undefined);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
      }}
    />
  );
}
