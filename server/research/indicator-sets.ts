/**
 * A project's own indicator set (src/model/indicator-set.ts): the handful of things it rates each
 * family on over its support. There is no default: LIFE's ten indicators were never published and
 * the Family Star's areas are licensed, so a project defines its own on /research/indicators
 * before anyone can record an assessment. Each save is a new version (a server record,
 * `research_sets`, kind `indicators`); assessments keep the set id and version they were made on,
 * so a later version never changes what an old value meant.
 */
import {
  IndicatorSetSchema,
  newId,
  type BetterDirection,
  type IndicatorSet,
  type IndicatorSetInput,
} from '../../src/model/index.ts';
import { done, type Outcome, type Problem } from '../admin/outcome.ts';
import type { DocumentStore } from '../storage/document-store.ts';

/** The project's versions, newest first, each as its model reads it (a row that no longer validates is left out). */
async function ownSets(store: DocumentStore, projectId: string): Promise<IndicatorSet[]> {
  return (await store.research.setsOf(projectId, 'indicators')).flatMap((row) => {
    const parsed = IndicatorSetSchema.safeParse(JSON.parse(row.json));
    return parsed.success ? [parsed.data] : [];
  });
}

/** The set new assessments in this project are made on, or undefined when it has not defined one. */
export async function currentIndicatorSet(store: DocumentStore, projectId: string): Promise<IndicatorSet | undefined> {
  return (await ownSets(store, projectId))[0];
}

/** The set (and version) a stored assessment names, if this project has it. */
export async function indicatorSetFor(
  store: DocumentStore,
  projectId: string,
  ref: { indicatorSetId: string; indicatorSetVersion: number },
): Promise<IndicatorSet | undefined> {
  return (await ownSets(store, projectId)).find(
    (set) => set.id === ref.indicatorSetId && set.version === ref.indicatorSetVersion,
  );
}

/** One row of the form as typed: `label-N`, `kind-N`, `levels-N`, `unit-N`, `min-N`, `max-N`, `better-N`. */
export interface IndicatorRow {
  label: string;
  kind: string;
  levels: string;
  unit: string;
  /** A number's lowest and highest possible values ("0" and "100" for a percentage); blank (or absent) for none. */
  min?: string;
  max?: string;
  better: string;
}

/** What the indicators form posts: the set's name and its rows in order, empty ones included. */
export interface IndicatorForm {
  name: string;
  rows: readonly IndicatorRow[];
}

/** The form's fields for row `n` (1-based), as named in the page and in problems. */
export const rowField = (field: keyof IndicatorRow, n: number) => `${field}-${n}`;

/** A row nobody wrote in (its selects always hold a value, so they do not count). */
export const isEmptyRow = (row: IndicatorRow) =>
  [row.label, row.levels, row.unit, row.min ?? '', row.max ?? ''].every((typed) => typed.trim() === '');

/** The set as rows of the form, to change it: levels written as "A / B / C". */
export function rowsOf(set: IndicatorSet | undefined): IndicatorRow[] {
  return (set?.indicators ?? []).map(({ label, measure, better }) => ({
    label,
    kind: measure.kind,
    levels: measure.kind === 'ordinal' ? measure.levels.join(' / ') : '',
    unit: measure.kind === 'numeric' ? measure.unit : '',
    min: measure.kind === 'numeric' && measure.min !== undefined ? String(measure.min) : '',
    max: measure.kind === 'numeric' && measure.max !== undefined ? String(measure.max) : '',
    better,
  }));
}

/** How a number's bounds read: "from 0 to 100", "at least 0", "at most 100", or '' for none. */
export function boundsWords(measure: { min?: number; max?: number }): string {
  const { min, max } = measure;
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return max === undefined ? '' : `at most ${max}`;
}

const LIMITS = { name: 80, label: 80, level: 40, levels: 10, unit: 20, indicators: 30 } as const;
const tooLong = (max: number, text: string) => `at most ${max} characters; this one has ${text.length}`;
/** Labels that read the same whatever their case and spacing. */
const sameWords = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** An indicator id from its label: "Police call-outs (6 months)" → "police-call-outs-6-months". */
function slugOf(label: string): string {
  return label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 44)
    .replace(/^-+|-+$/g, '');
}

/**
 * Ids are the columns of an assessment file and the keys of every value, so an indicator keeps its
 * id from the version before when its label is unchanged; a new one takes its label's words.
 */
function idsFor(labels: readonly string[], before: IndicatorSet | undefined): string[] {
  const taken = new Set<string>();
  return labels.map((label) => {
    const kept = before?.indicators.find((indicator) => sameWords(indicator.label) === sameWords(label))?.id;
    const base = kept ?? (slugOf(label) || 'indicator');
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}

/** Levels typed as "Not at all / A little / Mostly / Fully", or the problem with them. */
function levelsOf(text: string): { levels: string[] } | { problem: string } {
  const levels = text.split('/').map((level) => level.trim());
  if (levels.filter((level) => level !== '').length < 2) return { problem: 'give at least two levels separated by /' };
  const empty = levels.indexOf('');
  if (empty >= 0) return { problem: `level ${empty + 1} is empty: write a name between each pair of /` };
  if (levels.length > LIMITS.levels) return { problem: `at most ${LIMITS.levels} levels; these are ${levels.length}` };
  const long = levels.find((level) => level.length > LIMITS.level);
  if (long)
    return { problem: `each level at most ${LIMITS.level} characters; “${long.slice(0, 20)}…” has ${long.length}` };
  const twice = levels.find(
    (level, index) => levels.findIndex((other) => sameWords(other) === sameWords(level)) < index,
  );
  if (twice) return { problem: `each level needs its own name: “${twice}” is there twice` };
  return { levels };
}

/** A number as people type one: 0, 100, 12.5, -3 (no thousands separators, no units). */
const NUMBER = /^-?\d+(?:\.\d+)?$/;

type Bound = { ok: true; value: number | undefined } | { ok: false; problem: string };

/** A bound typed for a number: none when blank, else the number, or the problem with it. */
function boundOf(typed: string | undefined, which: 'lowest' | 'highest'): Bound {
  const text = (typed ?? '').trim();
  const value = Number(text);
  if (text === '') return { ok: true, value: undefined };
  if (NUMBER.test(text) && Number.isFinite(value)) return { ok: true, value };
  return {
    ok: false,
    problem: `give the ${which} value as a number, like ${which === 'lowest' ? 0 : 100}, or leave it blank`,
  };
}

type NumericMeasure = Extract<IndicatorSetInput['indicators'][number]['measure'], { kind: 'numeric' }>;

/** A number's measure from its row (its unit, and its lowest and highest values if any), or the problems with it by field. */
function numericOf(row: IndicatorRow): { measure: NumericMeasure } | { problems: [keyof IndicatorRow, string][] } {
  const problems: [keyof IndicatorRow, string][] = [];
  const unit = row.unit.trim();
  if (unit === '') problems.push(['unit', 'give the unit the number counts, like “%” or “call-outs”']);
  else if (unit.length > LIMITS.unit) problems.push(['unit', tooLong(LIMITS.unit, unit)]);
  const min = boundOf(row.min, 'lowest');
  const max = boundOf(row.max, 'highest');
  if (!min.ok) problems.push(['min', min.problem]);
  if (!max.ok) problems.push(['max', max.problem]);
  else if (min.ok && min.value !== undefined && max.value !== undefined && max.value <= min.value)
    problems.push(['max', `the highest value must be more than the lowest (${min.value})`]);
  if (problems.length > 0 || !min.ok || !max.ok) return { problems };
  return {
    measure: {
      kind: 'numeric',
      unit,
      ...(min.value === undefined ? {} : { min: min.value }),
      ...(max.value === undefined ? {} : { max: max.value }),
    },
  };
}

/**
 * The set the form describes, as the next version after `current` (or the first version, under a
 * new random id), or every problem, each naming its row and field (`levels-3`). Empty rows are
 * left out; the rest keep their order.
 */
export function indicatorSetFromForm(
  form: IndicatorForm,
  current: IndicatorSet | undefined,
  version: number,
): Outcome<IndicatorSet> {
  const problems: Problem[] = [];
  const name = form.name.trim();
  if (name === '') problems.push({ field: 'name', message: 'give the set a name, like “Our ten indicators”' });
  else if (name.length > LIMITS.name) problems.push({ field: 'name', message: tooLong(LIMITS.name, name) });
  const filled = form.rows.map((row, index) => ({ row, n: index + 1 })).filter(({ row }) => !isEmptyRow(row));
  if (filled.length === 0)
    problems.push({ field: rowField('label', 1), message: 'give at least one indicator: fill in its label' });
  if (filled.length > LIMITS.indicators)
    problems.push({
      field: '',
      message: `a set has at most ${LIMITS.indicators} indicators; this one has ${filled.length}`,
    });
  const firstRow = new Map<string, number>();
  const indicators = filled.map(({ row, n }) => {
    const problem = (field: keyof IndicatorRow, message: string) =>
      problems.push({ field: rowField(field, n), message });
    const label = row.label.trim();
    if (label === '') problem('label', 'give the indicator a label, or clear its row');
    else if (label.length > LIMITS.label) problem('label', tooLong(LIMITS.label, label));
    else if (firstRow.has(sameWords(label)))
      problem('label', `indicator ${firstRow.get(sameWords(label))} has the same label`);
    else firstRow.set(sameWords(label), n);
    let measure: IndicatorSetInput['indicators'][number]['measure'] | undefined;
    if (row.kind === 'ordinal') {
      const read = levelsOf(row.levels);
      if ('problem' in read) problem('levels', read.problem);
      else measure = { kind: 'ordinal', levels: read.levels };
    } else if (row.kind === 'numeric') {
      const read = numericOf(row);
      if ('problems' in read) for (const [field, message] of read.problems) problem(field, message);
      else measure = read.measure;
    } else problem('kind', 'choose levels or a number');
    if (row.better !== 'higher' && row.better !== 'lower')
      problem('better', 'choose whether higher or lower is better');
    return { label, measure, better: row.better as BetterDirection };
  });
  if (problems.length > 0) return { ok: false, status: 400, problems };
  const ids = idsFor(
    indicators.map((indicator) => indicator.label),
    current,
  );
  const parsed = IndicatorSetSchema.safeParse({
    id: current?.id ?? newId('indicators').replace('_', '-'),
    version,
    name,
    indicators: indicators.map((indicator, index) => ({ ...indicator, id: ids[index] })),
  });
  // Every limit of the schema is checked above, each by its row; this is the model's last word.
  if (!parsed.success) return { ok: false, status: 400, problems: [{ field: '', message: parsed.error.message }] };
  return done(parsed.data);
}

/** Whether two versions say the same (name and indicators), so saving would change nothing. */
export function sameSet(a: IndicatorSet | undefined, b: IndicatorSet): boolean {
  return a !== undefined && a.name === b.name && JSON.stringify(a.indicators) === JSON.stringify(b.indicators);
}

export type SavedSet = { ok: true; set: IndicatorSet; unchanged: boolean } | { ok: false; problems: Problem[] };

/**
 * Keep the form's set as the project's next version (the newest stored + 1), unless it says what
 * the current version says. Audited by the project and the set's id and version, never its words.
 */
export async function saveIndicatorSet(
  store: DocumentStore,
  projectId: string,
  form: IndicatorForm,
  by: string,
): Promise<SavedSet> {
  const newest = (await store.research.setsOf(projectId, 'indicators'))[0]?.version ?? 0;
  const current = await currentIndicatorSet(store, projectId);
  const checked = indicatorSetFromForm(form, current, newest + 1);
  const action = 'research.indicators-saved';
  if (!checked.ok) {
    const detail = `${checked.problems.length} problems`;
    await store.access.audit({ action, outcome: 'refused', actor: by, projectId, detail });
    return { ok: false, problems: checked.problems };
  }
  const set = checked.value;
  if (sameSet(current, set) && current) return { ok: true, set: current, unchanged: true };
  await store.research.putSet({
    projectId,
    kind: 'indicators',
    version: set.version,
    json: JSON.stringify(set),
    createdAt: new Date().toISOString(),
    createdBy: by,
  });
  await store.access.audit({
    action,
    outcome: 'ok',
    actor: by,
    projectId,
    subject: set.id,
    detail: `version ${set.version}`,
  });
  return { ok: true, set, unchanged: false };
}
