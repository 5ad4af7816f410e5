/**
 * The toolbar pieces every live editor shares: undo and redo of one's own changes, one's name
 * as others see it, whether everything is saved, who is here, and a warning when a peer wrote
 * something that could not be read.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { DocSession, SessionSnapshot } from './doc-session.ts';
import { Problem } from '../common/Problem.tsx';
import { Presence, SaveStatus } from './StatusBar.tsx';
import { Icon } from '../common/Icon.tsx';

const NAME_KEY = 'tp-name';

/**
 * The name this person gave in this tab, so a reload need not ask again. Kept for the tab only
 * (sessionStorage), not the device: tablets are shared, and the next family must not be shown
 * under this one's name.
 */
export function savedName(): string | undefined {
  try {
    return sessionStorage.getItem(NAME_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function rememberName(name: string): void {
  try {
    if (name) sessionStorage.setItem(NAME_KEY, name);
    else sessionStorage.removeItem(NAME_KEY);
  } catch {
    // Private browsing: the name just isn't remembered.
  }
}

interface Props {
  session: DocSession<unknown>;
  snapshot: SessionSnapshot<unknown>;
}

export function UndoRedo({ session, snapshot }: Props) {
  return (
    <>
      <button type="button" disabled={!snapshot.canUndo} onClick={() => session.undo()}>
        <Icon name="undo" />
        Undo
      </button>
      <button type="button" disabled={!snapshot.canRedo} onClick={() => session.redo()}>
        <Icon name="redo" />
        Redo
      </button>
    </>
  );
}

const NAME_LIMIT = 40;

/** What is said when a name is pasted or typed past the limit (refused whole, never cut). */
function NameTooLong({ id, length }: { id: string; length: number }) {
  return (
    <p id={id} className="field-error" role="alert">
      A name can be at most {NAME_LIMIT} characters, and that would make it {length}. Nothing was changed.
    </p>
  );
}

export function SessionStatus({ session, snapshot }: Props) {
  const [refused, setRefused] = useState<number | undefined>();
  const errorId = useId();
  return (
    <>
      <label className="your-name">
        Your name
        <input
          value={snapshot.typedName}
          placeholder={snapshot.name}
          aria-invalid={refused !== undefined || undefined}
          aria-describedby={refused !== undefined ? errorId : undefined}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (value.length > NAME_LIMIT) return setRefused(value.length);
            setRefused(undefined);
            session.setName(value);
            rememberName(value.trim());
          }}
        />
      </label>
      {refused !== undefined && <NameTooLong id={errorId} length={refused} />}
      <SaveStatus state={snapshot.save} />
      <Presence peers={snapshot.peers} selfId={session.doc.clientID} />
      {snapshot.newer && (
        <p className="note" role="status">
          A newer version of Turning Points saved this. You can look, not change, until this site is updated.
        </p>
      )}
      <Problem text={snapshot.refusal} />
      {snapshot.quarantined > 0 && (
        <p className="note">Some changes from others could not be read and are not shown.</p>
      )}
    </>
  );
}

/**
 * "What should the others call you?", asked before a person's first change on a device that
 * has no name for them, so everyone can tell who changed what. Skipping keeps this device's
 * own name ("Tablet 2"); either way the change they were making then goes ahead.
 */
export function NamePrompt({ session, snapshot }: Props) {
  return snapshot.askingName ? <NameDialog session={session} snapshot={snapshot} /> : null;
}

function NameDialog({ session, snapshot }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const inputId = useId();
  const [name, setName] = useState('');
  const [refused, setRefused] = useState<number | undefined>();
  // Modal: the rest of the page waits (and is inert) until the person answers.
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  const answer = (given: string | undefined) => {
    rememberName(given ?? '');
    session.nameSelf(given);
  };
  return (
    <dialog
      ref={dialog}
      className="name-prompt"
      aria-labelledby={`${inputId}-heading`}
      // Escape means "not now": keep this device's name and go ahead.
      onCancel={() => answer(undefined)}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          answer(name.trim() || undefined);
        }}
      >
        <h2 id={`${inputId}-heading`}>What should the others call you?</h2>
        <p>So everyone can see who added what. A first name or a nickname is fine.</p>
        <label htmlFor={inputId}>Your name</label>
        <input
          id={inputId}
          value={name}
          autoComplete="off"
          aria-invalid={refused !== undefined || undefined}
          aria-describedby={refused !== undefined ? `${inputId}-error` : undefined}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (value.length > NAME_LIMIT) return setRefused(value.length);
            setRefused(undefined);
            setName(value);
          }}
        />
        {refused !== undefined && <NameTooLong id={`${inputId}-error`} length={refused} />}
        <div className="row">
          <button type="submit">Continue</button>
          <button type="button" className="quiet" onClick={() => answer(undefined)}>
            Stay as “{snapshot.name}”
          </button>
        </div>
      </form>
    </dialog>
  );
}
