import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

/**
 * False in the server's HTML, true once the island runs: a button that needs the island's code
 * is disabled until then, so a press before the page has loaded is not lost.
 */
export const useHydrated = (): boolean =>
  useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
