/**
 * What an editor shows when the server refused this page's changes (REFUSE1): why, in plain
 * words, what to do next, and the person's words that were not saved, to copy. The document
 * itself is gone from the page (and from the device): after most refusals the link is dead, and
 * on a shared computer the family's story leaves the screen with it.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { Refused } from '../session/doc-session.ts';
import { refusalMessage, reloadsAtOnce } from '../session/refusal.ts';
import type { Words } from '../session/refusal.ts';
import { openedWith } from '../session/opened-with.ts';

interface Props {
  refused: Refused;
  /** What the document is to the person: "map", "theory of change". */
  thing: string;
}

/**
 * Around an editor: once refused for good, the refused page in its place; after a refusal that
 * reloads at once, the notice above it, which keeps its place (and what it holds) while the
 * document loads again (on a slow network that can take a while, and the words to copy must
 * stay in view all the while). `children` is the editor, or nothing while it loads.
 */
export function RefusalFrame({
  refused,
  thing,
  onDismiss,
  loading,
  children,
}: {
  refused: Refused | undefined;
  thing: string;
  onDismiss: () => void;
  /** What the page says while the document loads. */
  loading: string;
  children?: ReactNode;
}) {
  if (refused && !reloadsAtOnce(refused.reason)) return <RefusedPage refused={refused} thing={thing} />;
  return (
    <>
      {refused && <RefusalNotice refused={refused} thing={thing} onDismiss={onDismiss} />}
      {children ?? <p className="note">{loading}</p>}
    </>
  );
}

/** In place of the editor, when the document cannot be opened again from this page. */
function RefusedPage({ refused, thing }: Props) {
  const opened = openedWith();
  const { heading, advice } = refusalMessage(refused.reason, opened, thing);
  const headingId = useId();
  useEffect(() => {
    // The tab's title named the document; it goes with it.
    document.title = `${heading} · Turning Points`;
  }, [heading]);
  const signIn = refused.reason === 'accessRevoked' && opened === 'sign-in';
  const reload = refused.reason === 'linkExpired' && opened === 'sign-in';
  return (
    <section className="refused" aria-labelledby={headingId}>
      <div role="alert">
        <h1 id={headingId}>{heading}</h1>
        <p className="advice">{advice}</p>
      </div>
      <UnsavedWords
        words={refused.unsaved}
        heading="Your words that were not saved"
        note="They are only on this screen now. Copy them to keep them."
      />
      {/* A family's invite has no home page to go to: the advice says whom to ask. */}
      {reload && (
        <p className="next">
          <button type="button" onClick={() => location.reload()}>
            Load the page again
          </button>
        </p>
      )}
      {signIn && (
        <p className="next">
          <a href="/">Go to the home page to sign in</a>
        </p>
      )}
    </section>
  );
}

/** Above the editor, once the document has been loaded again as the server has it. */
function RefusalNotice({ refused, thing, onDismiss }: Props & { onDismiss: () => void }) {
  const { heading, advice } = refusalMessage(refused.reason, openedWith(), thing);
  const headingId = useId();
  return (
    <section className="refused notice" aria-labelledby={headingId}>
      <div role="alert">
        <h2 id={headingId}>{heading}</h2>
        <p className="advice">{advice}</p>
      </div>
      {/* Whole fields as typed: all but the refused change is back on the document below. */}
      <UnsavedWords
        words={refused.unsaved}
        heading="Your words as you typed them"
        note={`Some may be missing from the ${thing} below. Copy them to keep them.`}
      />
      <button type="button" className="quiet" onClick={onDismiss}>
        Close this message
      </button>
    </section>
  );
}

/** Everything to copy at once, as plain text: where each piece was, then the words. */
function asText(words: readonly Words[]): string {
  return words.map((piece) => `${piece.where}:\n${piece.text}`).join('\n\n');
}

/**
 * The words that were not saved, each in a box that can be read and selected but not changed,
 * and one button that copies them all, under a heading and a note that say what they are. Until
 * they are copied, leaving the page asks first: nothing else on this device keeps them.
 */
function UnsavedWords({ words, heading, note }: { words: readonly Words[]; heading: string; note: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const headingId = useId();
  const waiting = words.length > 0 && copied !== 'yes';
  useEffect(() => {
    if (!waiting) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    addEventListener('beforeunload', ask);
    return () => removeEventListener('beforeunload', ask);
  }, [waiting]);
  if (words.length === 0) return <p>Everything you did before this was saved.</p>;
  const copy = () =>
    navigator.clipboard.writeText(asText(words)).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  return (
    <div className="unsaved-words" aria-labelledby={headingId} role="region">
      <h2 id={headingId}>{heading}</h2>
      <p>{note}</p>
      <button type="button" onClick={() => void copy()}>
        Copy my words
      </button>
      <p role="status" className="copied">
        {copied === 'yes' && 'Copied. You can paste them into a message or a note.'}
        {copied === 'no' && 'This device would not copy them. Press on the words, select them, and copy.'}
      </p>
      <ul>
        {words.map((piece) => (
          <li key={piece.key}>
            <WordsBox piece={piece} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function WordsBox({ piece }: { piece: Words }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{piece.where}</label>
      <textarea
        id={id}
        readOnly
        value={piece.text}
        rows={Math.min(8, Math.max(2, Math.ceil(piece.text.length / 60)))}
      />
    </>
  );
}
