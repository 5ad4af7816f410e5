/**
 * A family's assessments on its project's indicator set, as staff record them on the family's
 * outcomes page: a point (referral, review, closure), a day, who rated, and a value per indicator
 * (a level of an ordinal one, an amount of a numeric one; blank when not assessed). Checked
 * against the set's current version, kept as a server record beside the family (never in a
 * journey document), and audited by the family's id only. The page's table reads each assessment
 * through the version it was made on, and says how each indicator moved from the first assessment
 * to the last, in words.
 */
import {
  formatPath,
  indicatorOf,
  indicatorSetRef,
  movement,
  newId,
  parseAssessment,
  type Assessment,
  type IndicatorSet,
  type ProgressIndicator,
} from '../../src/model/index.ts';
import { done, type Outcome, type Problem } from '../admin/outcome.ts';
import { today } from '../families/decision-input.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { FamilyRecord } from '../storage/family-records.ts';
import type { StoredAssessment } from '../storage/research-records.ts';
import { indicatorSetFor } from './indicator-sets.ts';

/** The form's field for an indicator's value. */
export const valueField = (indicatorId: string) => `value-${indicatorId}`;

/** What the assessment form posts: the set it was drawn for (`id@version`), `point`, `date`, `ratedBy`, and each `value-<id>`. */
export interface AssessmentForm {
  set: string;
  point: string;
  date: string;
  ratedBy: string;
  /** By indicator id, as typed or chosen ('' when not assessed). */
  values: Readonly<Record<string, string>>;
}

/** A number as people type one: 12, 12.5, -3 (no thousands separators, no units). */
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** An amount or level typed in a form or a file, or the problem with it; undefined when blank. */
export function readValue(indicator: ProgressIndicator, typed: string): { value?: number } | { problem: string } {
  const text = typed.trim();
  if (text === '') return {};
  const { measure } = indicator;
  if (measure.kind === 'ordinal') {
    const named = measure.levels.findIndex((level) => level.toLowerCase() === text.toLowerCase());
    if (named >= 0) return { value: named + 1 };
  }
  if (NUMBER.test(text)) return { value: Number(text) };
  return {
    problem:
      measure.kind === 'ordinal'
        ? `expected a level from 1 to ${measure.levels.length} or its name (“${measure.levels[0]}”…), or blank when not assessed`
        : `expected a number of ${measure.unit}, like 12 or 12.5, or blank when not assessed`,
  };
}

/** The field a validation issue's path names, as the form calls it. */
function fieldOf(set: IndicatorSet, path: string): string {
  const fixed: Record<string, string> = { '$.point': 'point', '$.assessedOn': 'date', '$.ratedBy': 'ratedBy' };
  if (fixed[path]) return fixed[path];
  const indicator = set.indicators.find((candidate) => formatPath(['values', candidate.id]) === path);
  return indicator ? valueField(indicator.id) : '';
}

/**
 * The assessment the form describes on this set, or every problem, each naming its field. A form
 * drawn for another version (the set changed while it was open) is refused as a whole, to be
 * checked against the new one.
 */
export function assessmentFromForm(set: IndicatorSet, form: AssessmentForm, on: string = today()): Outcome<Assessment> {
  const problems: Problem[] = [];
  if (form.set !== indicatorSetRef(set))
    problems.push({
      field: '',
      message: `the project’s indicators changed since this form was opened (now version ${set.version}): check each value and save again`,
    });
  const values: Record<string, number> = {};
  for (const indicator of set.indicators) {
    const read = readValue(indicator, form.values[indicator.id] ?? '');
    if ('problem' in read) problems.push({ field: valueField(indicator.id), message: read.problem });
    else if (read.value !== undefined) values[indicator.id] = read.value;
  }
  const parsed = parseAssessment(set, {
    indicatorSetId: set.id,
    indicatorSetVersion: set.version,
    point: form.point,
    assessedOn: form.date,
    ratedBy: form.ratedBy,
    values,
  });
  const known = new Map<string, string>([
    ['point', 'choose referral, review or closure'],
    ['ratedBy', 'choose who gave the ratings'],
  ]);
  if (!parsed.ok)
    for (const issue of parsed.issues) {
      const field = fieldOf(set, issue.path);
      if (!problems.some((p) => p.field === field))
        problems.push({ field, message: known.get(field) ?? issue.message });
    }
  if (form.date > on && !problems.some((p) => p.field === 'date'))
    problems.push({ field: 'date', message: `the day of the assessment cannot be after today (${on})` });
  const first = set.indicators[0];
  if (Object.keys(values).length === 0 && first && !problems.some((p) => p.field.startsWith('value-')))
    problems.push({ field: valueField(first.id), message: 'rate at least one indicator' });
  if (problems.length > 0 || !parsed.ok) return { ok: false, status: 400, problems };
  return done(parsed.assessment);
}

/** Keep an assessment for the family, audited by the family's id. */
export async function recordAssessment(
  store: DocumentStore,
  family: FamilyRecord,
  assessment: Assessment,
  by: string,
): Promise<void> {
  await store.research.putAssessments([
    { ...assessment, id: newId('as'), familyId: family.id, recordedBy: by, recordedAt: new Date().toISOString() },
  ]);
  await store.access.audit({
    action: 'family.assessment-recorded',
    outcome: 'ok',
    actor: by,
    projectId: family.projectId,
    subject: family.id,
  });
}

export async function removeAssessment(
  store: DocumentStore,
  family: FamilyRecord,
  assessmentId: string,
  by: string,
): Promise<void> {
  await store.research.deleteAssessment(family.id, assessmentId);
  await store.access.audit({
    action: 'family.assessment-removed',
    outcome: 'ok',
    actor: by,
    projectId: family.projectId,
    subject: family.id,
  });
}

/** A column of the family's table: one assessment and the version of the set it was made on. */
export interface OutcomeColumn {
  assessment: StoredAssessment;
  /** Undefined only if the project no longer holds that version. */
  set: IndicatorSet | undefined;
}

const POINT_ORDER = { referral: 0, review: 1, closure: 2 } as const;

/** The family's assessments, oldest first (by day, then point), each with the version it was made on. */
export async function outcomeColumns(store: DocumentStore, family: FamilyRecord): Promise<OutcomeColumn[]> {
  const stored = await store.research.assessmentsOf(family.id);
  const sorted = [...stored].sort(
    (a, b) =>
      a.assessedOn.localeCompare(b.assessedOn) ||
      POINT_ORDER[a.point] - POINT_ORDER[b.point] ||
      a.recordedAt.localeCompare(b.recordedAt),
  );
  return Promise.all(
    sorted.map(async (assessment) => ({ assessment, set: await indicatorSetFor(store, family.projectId, assessment) })),
  );
}

const AMOUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** A value in words: a level's name and number ("Mostly (3 of 4)"), or an amount with its unit ("2 call-outs"). */
export function valueWords(indicator: ProgressIndicator, value: number): string {
  const { measure } = indicator;
  if (measure.kind === 'ordinal')
    return `${measure.levels[value - 1] ?? 'No such level'} (${value} of ${measure.levels.length})`;
  return measure.unit === '%' ? `${AMOUNT.format(value)}%` : `${AMOUNT.format(value)} ${measure.unit}`;
}

/** One end of a movement: the value in words, the day and who rated. */
export interface MovementEnd {
  words: string;
  on: string;
  ratedBy: StoredAssessment['ratedBy'];
}

export type Movement =
  | { kind: 'better' | 'same' | 'worse'; from: MovementEnd; to: MovementEnd }
  /** Fewer than two assessments rate it. */
  | { kind: 'too-few' }
  /** Its levels, unit or direction changed between the versions the first and last were made on. */
  | { kind: 'not-comparable' };

export interface OutcomeRow {
  id: string;
  label: string;
  /** Per column: the value in words, "Not assessed", or "Not asked" (not in that version). */
  cells: string[];
  movement: Movement;
}

const sameMeaning = (a: ProgressIndicator, b: ProgressIndicator) =>
  a.better === b.better && JSON.stringify(a.measure) === JSON.stringify(b.measure);

/** How one indicator moved from the first assessment that rates it to the last. */
function movementOf(id: string, columns: readonly OutcomeColumn[]): Movement {
  const rated = columns.flatMap(({ assessment, set }) => {
    const indicator = set && indicatorOf(set, id);
    const value = assessment.values[id];
    return indicator && value !== undefined ? [{ assessment, indicator, value }] : [];
  });
  const first = rated[0];
  const last = rated.at(-1);
  if (!first || !last || rated.length < 2) return { kind: 'too-few' };
  if (!sameMeaning(first.indicator, last.indicator)) return { kind: 'not-comparable' };
  const end = (r: typeof first): MovementEnd => ({
    words: valueWords(r.indicator, r.value),
    on: r.assessment.assessedOn,
    ratedBy: r.assessment.ratedBy,
  });
  const moved = movement(last.indicator.better, first.value, last.value);
  return { kind: moved === 1 ? 'better' : moved === 0 ? 'same' : 'worse', from: end(first), to: end(last) };
}

/**
 * The table's rows: the current set's indicators in order, then any an older version had; each
 * cell read through its own assessment's version.
 */
export function outcomeRows(columns: readonly OutcomeColumn[], current: IndicatorSet | undefined): OutcomeRow[] {
  const labels = new Map<string, string>();
  for (const indicator of current?.indicators ?? []) labels.set(indicator.id, indicator.label);
  for (const { set } of [...columns].reverse())
    for (const indicator of set?.indicators ?? [])
      if (!labels.has(indicator.id)) labels.set(indicator.id, indicator.label);
  return [...labels].map(([id, label]) => ({
    id,
    label,
    cells: columns.map(({ assessment, set }) => {
      const value = assessment.values[id];
      const indicator = set && indicatorOf(set, id);
      if (!indicator) return value === undefined ? 'Not asked' : String(value);
      return value === undefined ? 'Not assessed' : valueWords(indicator, value);
    }),
    movement: movementOf(id, columns),
  }));
}

/** Movement told by a word and a symbol, never by colour alone. The symbol says better or worse, not up or down. */
export const MOVEMENT_WORDS = {
  better: { symbol: '▲', word: 'Better' },
  same: { symbol: '=', word: 'Same' },
  worse: { symbol: '▼', word: 'Worse' },
} as const;
