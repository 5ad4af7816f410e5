/** An editor's one hook: a session per document, its snapshot kept in step with React. */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { DocSession, Refused, SessionSnapshot } from './doc-session.ts';
import { reloadsAtOnce } from './refusal.ts';

/**
 * Runs `then` once the browser has painted the frame being drawn, not before: an effect can run
 * ahead of that paint, and work started there (the room, this device's copy) held the first
 * picture of the map back. Returns a cancel, for an effect's clean-up.
 */
export function afterFirstPaint(then: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(then, 0)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

type ModelOf<S> = S extends DocSession<infer T> ? T : never;

export interface LiveDocument<S extends DocSession<ModelOf<S>>> {
  session: S;
  snapshot: SessionSnapshot<ModelOf<S>>;
  /** The server's last refusal (REFUSE1), shown until dismissed; after some, a new session runs. */
  refused: Refused | undefined;
  dismissRefused: () => void;
}

/**
 * A session on the document, and after a refusal that leaves the document open to this page
 * (`reloadsAtOnce`), a new one: a new Y.Doc and connection that load it afresh from the server,
 * started once the refused session's copy on the device is erased.
 */
export function useDocSession<S extends DocSession<ModelOf<S>>>(create: () => S): LiveDocument<S> {
  const [session, setSession] = useState(create);
  const [refused, setRefused] = useState<Refused | undefined>();
  const creator = useRef(create);
  useEffect(() => () => session.destroy(), [session]);
  // A session drawn from the page's copy connects once drawn (SessionOptions.opening).
  useEffect(() => afterFirstPaint(() => session.connect()), [session]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const refusedNow = snapshot.refused;
  useEffect(() => {
    if (!refusedNow) return;
    setRefused(refusedNow);
    if (!reloadsAtOnce(refusedNow.reason)) return;
    let current = true;
    void session.erased.then(() => current && setSession(creator.current()));
    return () => {
      current = false;
    };
  }, [refusedNow, session]);
  return { session, snapshot, refused: refusedNow ?? refused, dismissRefused: () => setRefused(undefined) };
}

/** Where the rooms are, from the page's own address (so a relay or proxy in front still works). */
export function collabUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
}
