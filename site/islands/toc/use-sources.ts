/** The journeys behind the theory of change, fetched once when the canvas opens. */
import { useEffect, useState } from 'react';
import type { SourceJourney } from '../../lib/toc-sources.ts';
import { SourcesSchema } from './evidence.ts';

export type Sources = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; journeys: SourceJourney[] };

export function useSources(url: string): Sources {
  const [sources, setSources] = useState<Sources>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetch(url, { credentials: 'same-origin', signal: controller.signal, headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((body: unknown) => {
        const parsed = SourcesSchema.safeParse(body);
        setSources(parsed.success ? { state: 'ready', journeys: parsed.data } : { state: 'failed' });
      })
      .catch(() => {
        if (!controller.signal.aborted) setSources({ state: 'failed' });
      });
    return () => controller.abort();
  }, [url]);
  return sources;
}
