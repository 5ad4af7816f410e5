/** Who is here, and whether everything this person did is stored on the server. */
import type { Peer, SaveState } from './doc-session.ts';

const SAVE_WORDS: Record<SaveState, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  connecting: 'Connecting…',
  offline: 'Offline: changes kept on this device',
};

/** Whether everything is stored. When the link ends, the editor says so instead (`RefusedPage`). */
export function SaveStatus({ state }: { state: SaveState }) {
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
