/**
 * Evidence as drafting collects it, and how it is finished for the schema: one pointer per
 * stage, factor or cost event, sorted by journey and then along the journey, and kept within the
 * schema's cap per element without losing a family (see `finishEvidence`).
 */
import { MAX_EVIDENCE_PER_ELEMENT } from '../../model/theory-of-change.ts';
import type { EvidenceInput } from '../../model/toc-evidence.ts';
import type { Family } from './cohort.ts';

export type Item = EvidenceInput & { journeyId: string; stageId: string };

/** The schema's cap on evidence per node or link. */
export const EVIDENCE_LIMIT = MAX_EVIDENCE_PER_ELEMENT;

/** The distinct families (journey ids) behind some evidence, in id order. */
export function familiesOf(items: readonly Item[]): string[] {
  return [...new Set(items.map((item) => item.journeyId))].sort();
}

/** Only the items from these families. */
export function fromFamilies(items: readonly Item[], families: ReadonlySet<string>): Item[] {
  return items.filter((item) => families.has(item.journeyId));
}

/**
 * Sorted (journey id, stage order, factor id, cost-event id), duplicates dropped, and capped at
 * EVIDENCE_LIMIT. The cap keeps the first item of every family before any family's second, so
 * `familiesIn(evidence)` stays the true count up to EVIDENCE_LIMIT families; beyond that, the
 * families with the lowest ids are kept and the count is short (the schema cannot hold more).
 */
export function finishEvidence(items: readonly Item[], families: ReadonlyMap<string, Family>): Item[] {
  const rank = (item: Item) => families.get(item.journeyId)?.rank.get(item.stageId) ?? -1;
  const key = (item: Item) =>
    `${item.journeyId}\u0000${item.stageId}\u0000${item.factorId ?? ''}\u0000${item.costEventId ?? ''}`;
  const unique = [...new Map(items.map((item) => [key(item), item])).values()];
  const sorted = unique.sort(
    (a, b) =>
      compare(a.journeyId, b.journeyId) ||
      rank(a) - rank(b) ||
      compare(a.stageId, b.stageId) ||
      compare(a.factorId ?? '', b.factorId ?? '') ||
      compare(a.costEventId ?? '', b.costEventId ?? ''),
  );
  if (sorted.length <= EVIDENCE_LIMIT) return sorted;
  const keep = new Set<number>();
  sorted.forEach((item, i) => {
    if (keep.size < EVIDENCE_LIMIT && (i === 0 || sorted[i - 1]?.journeyId !== item.journeyId)) keep.add(i);
  });
  for (let i = 0; keep.size < EVIDENCE_LIMIT; i++) keep.add(i);
  return sorted.filter((_, i) => keep.has(i));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const MAX_ID = 64;

/**
 * An id within the schema's 64 characters: as it is when it fits, otherwise cut and given a short
 * hash of the whole, so two long ids that share a beginning still differ, and the same input
 * always gives the same id.
 */
export function fitId(id: string): string {
  if (id.length <= MAX_ID) return id;
  const suffix = fnv1a(id);
  return `${id.slice(0, MAX_ID - suffix.length - 1)}-${suffix}`;
}

/** 32-bit FNV-1a as 8 hex digits: tiny, stable everywhere, and needs no crypto. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
