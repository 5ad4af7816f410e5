/**
 * The toolbar pieces every live editor shares: undo and redo of one's own changes, one's name
 * as others see it, whether everything is saved, who is here, and a warning when a peer wrote
 * something that could not be read.
 */
import { useState } from 'react';
import type { DocSession, SessionSnapshot } from './doc-session.ts';
import { Presence, SaveStatus } from './StatusBar.tsx';

const NAME_KEY = 'tp-name';

/** The name this browser last used, so a returning person need not type it again. */
export function savedName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? 'Guest';
  } catch {
    return 'Guest';
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
        Undo
      </button>
      <button type="button" disabled={!snapshot.canRedo} onClick={() => session.redo()}>
        Redo
      </button>
    </>
  );
}

export function SessionStatus({ session, snapshot }: Props) {
  const [name, setName] = useState(savedName);
  return (
    <>
      <label className="your-name">
        Your name
        <input
          value={name}
          maxLength={40}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setName(value);
            session.setName(value || 'Guest');
            try {
              localStorage.setItem(NAME_KEY, value);
            } catch {
              // Private browsing: the name just isn't remembered.
            }
          }}
        />
      </label>
      <SaveStatus state={snapshot.save} />
      <Presence peers={snapshot.peers} selfId={session.doc.clientID} />
      {snapshot.newer && (
        <p className="note" role="status">
          A newer version of Turning Points saved this. You can look, not change, until this site is updated.
        </p>
      )}
      {snapshot.quarantined > 0 && (
        <p className="note">Some changes from others could not be read and are not shown.</p>
      )}
    </>
  );
}
