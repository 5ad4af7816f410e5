/**
 * What was marked sensitive (server/SPEC.md SEAL), on the screens of people who may read it:
 * staff, participants and facilitators. The shared document holds only a stub in its place; the
 * content is fetched from the server's record, again whenever the marks change, and laid over the
 * stub. Someone invited only to view is given no address to fetch it from, and sees the stub.
 * On a shared screen the stub is shown to everyone, and marked cost events are not shown (display
 * only: this device still has them).
 */
import { useEffect, useState } from 'react';
import type { SealedContent } from '../../../src/doc/index.ts';
import type { Journey } from '../../../src/model/index.ts';
import type { ControlState } from '../../../src/protocol/index.ts';

export type SealedContents = ReadonlyMap<string, SealedContent>;
const NONE: SealedContents = new Map();

/** The content of every marked stage, fetched from `href` (none without one) each time `marksKey` changes. */
export function useSealedContents(href: string | undefined, marksKey: string): SealedContents {
  const [contents, setContents] = useState<SealedContents>(NONE);
  useEffect(() => {
    const marks = marksOf(marksKey);
    if (!href || marks.whole.size + marks.words.size === 0) return setContents(NONE);
    let current = true;
    fetch(href, { headers: { accept: 'application/json' }, cache: 'no-store' })
      .then((response) =>
        response.ok ? (response.json() as Promise<{ items: { id: string; content?: SealedContent }[] }>) : undefined,
      )
      .then((body) => {
        if (current && body)
          setContents(new Map(body.items.flatMap((item) => (item.content ? [[item.id, item.content] as const] : []))));
      })
      // Offline: the stubs stay until the next change of marks or visit.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [href, marksKey]);
  return contents;
}

/** The marks as a key that changes only when they do. */
export const marksKeyOf = (sealed: ControlState['sealed']): string =>
  [sealed.stages, sealed.words, sealed.costEvents].map((ids) => ids.join(' ')).join('|');

/** The ids a marks key names: stages sealed whole, stages whose words are sealed, marked cost events. */
export function marksOf(marksKey: string): { whole: Set<string>; words: Set<string>; costEvents: Set<string> } {
  const [whole, words, costEvents] = marksKey.split('|').map((ids) => new Set(ids.split(' ').filter(Boolean)));
  return { whole: whole ?? new Set(), words: words ?? new Set(), costEvents: costEvents ?? new Set() };
}

/** On a shared screen: marked cost events are not shown (display only: the device has them). */
export function withoutMarkedCosts(journey: Journey, marksKey: string): Journey {
  const { costEvents } = marksOf(marksKey);
  if (costEvents.size === 0) return journey;
  return { ...journey, costEvents: journey.costEvents.filter((event) => !costEvents.has(event.id)) };
}

/** The journey with each marked stage's content in place of its stub, where it is marked still. */
export function withSealed(journey: Journey, marksKey: string, contents: SealedContents): Journey {
  if (contents.size === 0) return journey;
  const { whole, words } = marksOf(marksKey);
  const factors = [...journey.factors];
  const stages = journey.stages.map((stage) => {
    const content = contents.get(stage.id);
    if (content?.kind === 'words' && words.has(stage.id)) return { ...stage, words: content.words };
    if (content?.kind !== 'stage' || !whole.has(stage.id)) return stage;
    factors.push(...content.factors);
    return { ...content.stage, id: stage.id, order: stage.order };
  });
  return { ...journey, stages, factors };
}
