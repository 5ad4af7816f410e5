/** Other people's pointers on the canvas, from awareness, in canvas coordinates. */
import { ViewportPortal } from '@xyflow/react';
import type { Peer } from './doc-session.ts';

export function Cursors({ peers, selfId }: { peers: Peer[]; selfId: number }) {
  return (
    <ViewportPortal>
      {peers.map(({ clientId, cursor, colour, name }) =>
        clientId === selfId || !cursor ? null : (
          <div
            key={clientId}
            className="cursor"
            aria-hidden="true"
            style={{ transform: `translate(${cursor.x}px, ${cursor.y}px)`, '--who': colour } as React.CSSProperties}
          >
            <span>{name}</span>
          </div>
        ),
      )}
    </ViewportPortal>
  );
}
