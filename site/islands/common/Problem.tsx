/** Why something was not done, in plain words, announced as it appears; nothing when all is well. */
export function Problem({ text }: { text: string | undefined }) {
  return text ? (
    <p className="note" role="alert">
      {text}
    </p>
  ) : null;
}
