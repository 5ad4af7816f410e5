/** The editor's one hook: a session per journey, its snapshot kept in step with React. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { JourneySession, type SessionOptions, type SessionSnapshot } from './journey-session.ts';

export function useJourneySession(options: SessionOptions): { session: JourneySession; snapshot: SessionSnapshot } {
  const [session] = useState(() => new JourneySession(options));
  useEffect(() => () => session.destroy(), [session]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return { session, snapshot };
}
