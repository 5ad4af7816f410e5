/**
 * A text committed when the person leaves the box: one undo step, no half-typed words for
 * others. While they type, others' changes wait; once they leave, others' show. A short text
 * (a headline, a title) is one line that Enter commits and must not be left empty; a longer,
 * optional one (a summary, a note) wraps, takes new lines, and may be emptied to remove it.
 */
import { useState } from 'react';

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
  const shared = {
    id,
    value: draft ?? value,
    readOnly,
    maxLength,
    onFocus: () => setDraft(value),
    onBlur: () => {
      const text = draft?.trim();
      if (text !== undefined && (text || multiline) && text !== value) onCommit(text);
      setDraft(undefined);
    },
  };
  if (multiline) {
    return <textarea {...shared} rows={3} onChange={(event) => setDraft(event.currentTarget.value)} />;
  }
  return (
    <input
      {...shared}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
      }}
    />
  );
}
