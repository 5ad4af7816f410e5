/**
 * A facilitator marks a stage, a stage's words or a cost event as sensitive (server/SPEC.md
 * SEAL1–SEAL4). For a stage or its words, what was said moves out of the shared document into
 * the server's record (src/doc/journey/sealed-stages.ts), so nobody invited only to view is ever
 * sent it: not in the live map, the list view, a download or a version made from now on. Staff of
 * the project and the family's participants and facilitators still read it, from the record
 * (`readableBy`). A cost event is never sent to viewers anyway (COSTS2): its mark keeps it off a
 * shared screen and out of the family's take-home print.
 *
 * Only a facilitator (a staff member of the project, or someone holding a facilitator's invite)
 * marks or unmarks, through a page that checks who is asking; the marks are never read from the
 * document, which anyone invited to write can change.
 */
import { applySeals, contentToSeal, unseal, type SealKind, type Seals } from '../src/doc/index.ts';
import type { Journey } from '../src/model/index.ts';
import { auditJourneyChange } from './journey-management.ts';
import type { ErasingRooms } from './rooms/erasure-channel.ts';
import { compactStored } from './storage/compact-stored.ts';
import type { DocumentStore } from './storage/document-store.ts';
import type { SensitiveItem, SensitiveKind } from './storage/journey-records.ts';

/** The marks as the rooms enforce them: the stages sealed whole, and those whose words are sealed. */
export function sealsOf(items: readonly SensitiveItem[]): Seals {
  return {
    stages: new Set(items.filter((item) => item.kind === 'stage').map((item) => item.id)),
    words: new Set(items.filter((item) => item.kind === 'words').map((item) => item.id)),
    costEvents: new Set(items.filter((item) => item.kind === 'cost-event').map((item) => item.id)),
  };
}

/**
 * The journey without what is marked sensitive, for the family's take-home print: no stub of a
 * stage marked whole (nor its links), and no marked cost event.
 */
export function withoutSensitive(journey: Journey, items: readonly SensitiveItem[]): Journey {
  const stages = new Set(items.filter((item) => item.kind === 'stage').map((item) => item.id));
  const costs = new Set(items.filter((item) => item.kind === 'cost-event').map((item) => item.id));
  if (stages.size === 0 && costs.size === 0) return journey;
  return {
    ...journey,
    stages: journey.stages.filter((stage) => !stages.has(stage.id)),
    links: journey.links.filter((link) => !stages.has(link.from) && !stages.has(link.to)),
    factors: journey.factors.filter((factor) => !stages.has(factor.stageId)),
    costEvents: journey.costEvents.filter((event) => !costs.has(event.id) && !stages.has(event.stageId)),
  };
}

/** Who may read what was marked: everyone who may open the journey except someone invited only to view. */
export const readableBy = (asker: { role: string; staff?: unknown }): boolean =>
  asker.staff !== undefined || asker.role === 'participant' || asker.role === 'facilitator';

/** Who may mark and unmark: staff of the project, or someone holding a facilitator's invite. */
export const marksBy = (asker: { role: string; staff?: unknown }): boolean =>
  asker.staff !== undefined || asker.role === 'facilitator';

export type MarkOutcome = { ok: true } | { ok: false; why: 'no-item' | 'not-running' };

export async function markSensitive(
  store: DocumentStore,
  rooms: ErasingRooms | undefined,
  journey: { id: string; projectId: string },
  item: { id: string; kind: SensitiveKind },
  by: string,
): Promise<MarkOutcome> {
  if (!rooms) return { ok: false, why: 'not-running' };
  const marked = await store.journeys.sensitiveItems(journey.id);
  const already = marked.find((m) => m.id === item.id);
  if (already?.kind === item.kind) return { ok: true };
  // A stage marked one way and now the other: its content comes back first, then is taken again.
  if (already) {
    const undone = await unmarkSensitive(store, rooms, journey, item.id, by);
    if (!undone.ok) return undone;
  }
  if (item.kind === 'cost-event') {
    await store.journeys.markSensitive(journey.id, { id: item.id, kind: item.kind, markedBy: by });
    rooms.seal(journey.id, sealsOf(await store.journeys.sensitiveItems(journey.id)));
  } else {
    const kind: SealKind = item.kind;
    let content: ReturnType<typeof contentToSeal>;
    await rooms.change(journey.id, (doc) => {
      content = contentToSeal(doc, item.id, kind);
    });
    if (!content) return { ok: false, why: 'no-item' };
    // The record first: if anything after fails, what was said is kept twice, never lost.
    await store.journeys.markSensitive(journey.id, { id: item.id, kind, content, markedBy: by });
    const seals = sealsOf(await store.journeys.sensitiveItems(journey.id));
    rooms.seal(journey.id, seals);
    await rooms.change(journey.id, (doc) => void applySeals(doc, seals));
    await compactStored(store, journey.id);
  }
  await auditJourneyChange(store, journey, 'journey.sensitive-marked', by);
  return { ok: true };
}

export async function unmarkSensitive(
  store: DocumentStore,
  rooms: ErasingRooms | undefined,
  journey: { id: string; projectId: string },
  itemId: string,
  by: string,
): Promise<MarkOutcome> {
  if (!rooms) return { ok: false, why: 'not-running' };
  const marked = await store.journeys.sensitiveItems(journey.id);
  const item = marked.find((m) => m.id === itemId);
  if (!item) return { ok: true };
  const { content } = item;
  await dropMark(store, rooms, journey.id, itemId, marked, async () => {
    if (content) await rooms.change(journey.id, (doc) => unseal(doc, itemId, content));
  });
  await auditJourneyChange(store, journey, 'journey.sensitive-unmarked', by);
  return { ok: true };
}

/**
 * Take a mark off the record and the rooms: the rooms first, so the server does not undo what
 * `between` writes back (its content, on unmarking); the record last, so a failure keeps it.
 */
export async function dropMark(
  store: DocumentStore,
  rooms: ErasingRooms,
  journeyId: string,
  itemId: string,
  marked: readonly SensitiveItem[],
  between: () => Promise<void> = async () => undefined,
): Promise<void> {
  rooms.seal(journeyId, sealsOf(marked.filter((mark) => mark.id !== itemId)));
  await between();
  await store.journeys.unmarkSensitive(journeyId, itemId);
}
