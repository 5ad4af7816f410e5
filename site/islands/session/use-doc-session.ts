/** An editor's one hook: a session per document, its snapshot kept in step with React. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { DocSession, SessionSnapshot } from './doc-session.ts';

type ModelOf<S> = S extends DocSession<infer T> ? T : never;

export function useDocSession<S extends DocSession<ModelOf<S>>>(
  create: () => S,
): { session: S; snapshot: SessionSnapshot<ModelOf<S>> } {
  const [session] = useState(create);
  useEffect(() => () => session.destroy(), [session]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return { session, snapshot };
}

/** Where the rooms are, from the page's own address (so a relay or proxy in front still works). */
export function collabUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
}
