/**
 * A part of an editor whose code loads when it is first shown, not with the map (the map's
 * JavaScript budget: docs/architecture.md), made safe for a tablet that loses its connection:
 *
 * - a load that fails (offline, or a network that drops requests while the browser thinks it
 *   is online) is tried again when the browser says it is back online, and every little while
 *   anyway, so the part's "Opening…" stays on screen meanwhile and nothing else breaks;
 * - `warmParts` loads every part in the background once the map has been open a while, so a
 *   device that later goes offline has them all already.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

const loaders = new Set<() => Promise<unknown>>();

/** Waits between tries of a load that failed: growing, then every 30 s. */
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

/** Load now; if that fails, again when the browser is back online or after a wait, until it loads. */
function whenOnline<T>(load: () => Promise<T>, attempt = 0): Promise<T> {
  return load().catch(
    () =>
      new Promise<T>((resolve, reject) => {
        const again = () => {
          removeEventListener('online', again);
          clearTimeout(timer);
          whenOnline(load, attempt + 1).then(resolve, reject);
        };
        const timer = setTimeout(again, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
        addEventListener('online', again);
      }),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- React.lazy's own constraint: any props
export function lazyPart<C extends ComponentType<any>>(
  load: () => Promise<C>,
  /** Whether `warmParts` loads it: not a part only some people (facilitators) ever open. */
  { warm = true } = {},
): LazyExoticComponent<C> {
  let loading: Promise<C> | undefined;
  const once = () => (loading ??= whenOnline(load));
  if (warm) loaders.add(once);
  return lazy(() => once().then((component) => ({ default: component })));
}

/** How long after the map opens its parts are loaded in the background. */
const WARM_AFTER_MS = 4000;

/** Load every lazy part in the background a while after the map opens (see above). Returns a cancel. */
export function warmParts(): () => void {
  const timer = setTimeout(() => {
    for (const load of loaders) void load().catch(() => undefined);
  }, WARM_AFTER_MS);
  return () => clearTimeout(timer);
}
