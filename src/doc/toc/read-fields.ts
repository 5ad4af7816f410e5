/**
 * Field readers for `read.ts`: each takes what a peer left in the document, keeps what is valid,
 * and reports what it left out at the field's path, so one bad item costs that item, not the
 * node or link that holds it.
 */
import * as Y from 'yjs';
import type { z } from 'zod/mini';
import { EvidenceSchema, formatPath, issuesFrom, type Evidence, type ValidationIssue } from '../../model/index.ts';
import { sortedEntries } from '../records.ts';
import { evidenceKey } from './layout.ts';
import { compareEvidence, storedEvidence } from './stored.ts';

export type Path = PropertyKey[];

/** The valid, distinct items of a plain list, at most `max` of them. */
export function keepItems<T>(
  value: unknown,
  item: z.ZodMiniType<T>,
  max: number,
  path: Path,
  issues: ValidationIssue[],
): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.push({ path: formatPath(path), message: 'is not a list' });
    return [];
  }
  const out: T[] = [];
  const seen = new Set<string>();
  value.forEach((candidate: unknown, index) => {
    const parsed = item.safeParse(candidate);
    if (!parsed.success) {
      issues.push(...issuesFrom(parsed.error, [...path, index]));
      return;
    }
    const key = JSON.stringify(parsed.data);
    if (seen.has(key)) {
      issues.push({ path: formatPath([...path, index]), message: 'is listed twice' });
      return;
    }
    seen.add(key);
    out.push(parsed.data);
  });
  return capped(out, max, path, issues);
}

/** The keys of a Y.Map used as a set, sorted, valid ones only, at most `max`. */
export function keepSetKeys<T>(
  value: unknown,
  item: z.ZodMiniType<T>,
  max: number,
  path: Path,
  issues: ValidationIssue[],
): T[] {
  if (value === undefined) return [];
  if (!(value instanceof Y.Map)) {
    issues.push({ path: formatPath(path), message: 'is not a set' });
    return [];
  }
  return keepItems([...value.keys()].sort(), item, max, path, issues);
}

/** The first `max` items; the rest are reported (concurrent additions can overshoot a cap). */
export function capped<T>(items: T[], max: number, path: Path, issues: ValidationIssue[]): T[] {
  if (items.length <= max) return items;
  issues.push({
    path: formatPath(path),
    message: `holds ${items.length} items, more than ${max}: the rest are left out`,
  });
  return items.slice(0, max);
}

/** An optional plain field: its parsed value, or undefined (reported) when it is broken. */
export function optionalField<T>(value: unknown, schema: z.ZodMiniType<T>, path: Path, issues: ValidationIssue[]) {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  issues.push(...issuesFrom(parsed.error, path));
  return undefined;
}

/**
 * Long text held as Y.Text: trimmed, blank reads as absent; text over the schema's limit (two
 * people typing at once can overshoot it) is reported and left out, never cut mid-sentence.
 */
export function longTextField(
  value: unknown,
  schema: z.ZodMiniType<string | undefined>,
  path: Path,
  issues: ValidationIssue[],
): string | undefined {
  if (value === undefined) return undefined;
  const text = value instanceof Y.Text ? value.toString() : value;
  if (typeof text === 'string' && text.trim() === '') return undefined;
  return optionalField(text, schema, path, issues);
}

/**
 * Evidence already found valid, by the stored object it was read from. Yjs hands back the same
 * object for an entry nobody changed, so re-reading a theory of change (which the canvas does on
 * every edit) checks only what is new: at cohort size, tens of thousands of pointers. Frozen,
 * because every read shares them.
 */
const cleanEvidence = new WeakMap<object, { key: string; evidence: Readonly<Evidence> }>();

/**
 * An element's evidence map: valid pointers into the theory of change's journeys, in pointer
 * order. A pointer under a key that is not its own is left out, so no pointer can appear twice.
 */
export function evidenceField(
  value: unknown,
  journeyIds: ReadonlySet<string>,
  max: number,
  path: Path,
  issues: ValidationIssue[],
): Evidence[] {
  if (value === undefined) return [];
  if (!(value instanceof Y.Map)) {
    issues.push({ path: formatPath(path), message: 'is not an evidence map' });
    return [];
  }
  const out: Evidence[] = [];
  for (const [key, item] of sortedEntries(new Map<string, unknown>(value.entries()))) {
    const known = typeof item === 'object' && item !== null ? cleanEvidence.get(item) : undefined;
    if (known?.key === key) {
      if (journeyIds.has(known.evidence.journeyId)) out.push(known.evidence);
      else
        issues.push({
          path: formatPath([...path, key, 'journeyId']),
          message: `journey "${known.evidence.journeyId}" is not in journeyIds`,
        });
      continue;
    }
    const at = [...path, key];
    const parsed = EvidenceSchema.safeParse(item);
    if (!parsed.success) {
      issues.push(...issuesFrom(parsed.error, at));
      continue;
    }
    if (parsed.data.quote !== undefined) {
      issues.push({ path: formatPath([...at, 'quote']), message: 'is filled in by exports, never stored: left out' });
    }
    const evidence = storedEvidence(parsed.data);
    if (evidenceKey(evidence) !== key) {
      issues.push({
        path: formatPath(at),
        message: `is stored under a key that is not its own ("${evidenceKey(evidence)}")`,
      });
    } else {
      if (parsed.data.quote === undefined)
        cleanEvidence.set(item as object, { key, evidence: Object.freeze(evidence) });
      if (!journeyIds.has(evidence.journeyId)) {
        issues.push({
          path: formatPath([...at, 'journeyId']),
          message: `journey "${evidence.journeyId}" is not in journeyIds`,
        });
      } else {
        out.push(evidence);
      }
    }
  }
  return capped(out.sort(compareEvidence), max, path, issues);
}
