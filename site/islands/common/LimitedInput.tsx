/**
 * Limits said, never applied silently. `maxlength` cuts a paste without a word; these refuse a
 * change that would pass the limit whole, keep what the box held, and say the limit and the
 * length next to the box (tied to it with aria-describedby).
 */
import { useId, useState, type InputHTMLAttributes } from 'react';

/** What is said when a change would pass a box's limit. */
export function LimitMessage({ id, limit, length }: { id: string; limit: number; length: number }) {
  return (
    <p id={id} className="field-error" role="alert">
      This can be at most {limit} characters, and that would make it {length}. Nothing was added: shorten it and try
      again.
    </p>
  );
}

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'maxLength'> & {
  value: string;
  limit: number;
  /** The new text, only when it is within the limit. */
  onValue: (text: string) => void;
};

/** A one-line box that refuses, and says so, any change that would pass `limit` characters. */
export function LimitedInput({ value, limit, onValue, onBlur, ...input }: Props) {
  const [refused, setRefused] = useState<number | undefined>();
  const messageId = useId();
  return (
    <>
      <input
        {...input}
        value={value}
        aria-invalid={refused !== undefined || undefined}
        aria-describedby={refused !== undefined ? messageId : undefined}
        onBlur={(event) => {
          setRefused(undefined);
          onBlur?.(event);
        }}
        onChange={(event) => {
          const text = event.currentTarget.value;
          if (text.length > limit && text.length > value.length) return setRefused(text.length);
          setRefused(undefined);
          onValue(text);
        }}
      />
      {refused !== undefined && <LimitMessage id={messageId} limit={limit} length={refused} />}
    </>
  );
}
