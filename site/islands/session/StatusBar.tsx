/** Who is here, and whether everything this person did is stored on the server. */
import type { Peer, SaveState } from './doc-session.ts';

/** How this page was opened: with an invite link, or by a signed-in member of staff. */
export type OpenedWith = 'invite' | 'sign-in';

export function openedWith(): OpenedWith {
  return new URLSearchParams(location.search).has('invite') ? 'invite' : 'sign-in';
}

const SAVE_WORDS: Record<Exclude<SaveState, 'expired'>, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  offline: 'Offline: changes kept on this device',
};

export function SaveStatus({
  state,
  unsaved,
  openedWith,
}: {
  state: SaveState;
  unsaved: boolean;
  openedWith: OpenedWith;
}) {
  if (state === 'expired') {
    const kept = unsaved
      ? ' What you changed since the last save is kept on this device, and is sent as soon as the new link is opened here.'
      : ' Everything you did is saved.';
    return (
      <div className="save-status expired" role="alert">
        <p>
          <strong>{openedWith === 'invite' ? 'This invite link has expired.' : 'Your sign-in has ended.'}</strong>{' '}
          {openedWith === 'invite'
            ? 'Ask the person running the session for a new link.'
            : 'Sign in again to carry on.'}
          {kept}
        </p>
      </div>
    );
  }
  return (
    <p className={`save-status ${state}`} role="status" aria-live="polite">
      {SAVE_WORDS[state]}
    </p>
  );
}

export function Presence({ peers, selfId }: { peers: Peer[]; selfId: number }) {
  return (
    <ul className="presence" aria-label="Who is here">
      {peers.map((peer) => (
        <li key={peer.clientId} style={{ '--who': peer.colour } as React.CSSProperties}>
          <span aria-hidden="true" className="dot" />
          {peer.name}
          {peer.clientId === selfId && ' (you)'}
        </li>
      ))}
    </ul>
  );
}
