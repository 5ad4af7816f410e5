/**
 * Plain-English wording shared by the export formats, so Markdown, Mermaid, DOT and CSV say the
 * same thing the same way. Everything here returns unescaped text: each format escapes it.
 */
import {
  COST_EVENT_KINDS,
  levelOf,
  MEASURES,
  TOC_NODE_KINDS,
  tierOf,
  type Ceiling,
  type CostEventType,
  type FamilyCount,
  type Indicator,
  type Period,
  type ProgressReference,
  type ProgressScale,
  type ResultValue,
  type TheoryOfChange,
  type TocNode,
  type TocNodeKind,
} from '../../model/index.ts';

/** What every format may be told besides the theory of change itself. */
export interface ExportWordingOptions {
  /** The scale the theory of change refers to, so progress levels can be given in its words. */
  scale?: ProgressScale;
  /** The disclosure threshold the view was made with, so a suppressed count can say "fewer than N". */
  minFamilies?: number;
}

/** Kinds as a reader names a tier in a sentence ("intermediate outcomes"). */
export const TOC_NODE_KIND_PLURALS: Record<TocNodeKind, string> = {
  impact: 'impact',
  'long-term-outcome': 'long-term outcomes',
  'intermediate-outcome': 'intermediate outcomes',
  precondition: 'preconditions',
  output: 'outputs',
  activity: 'activities',
};

/** A tier's heading ("Intermediate outcomes"). */
export function tierHeading(kind: TocNodeKind): string {
  const plural = TOC_NODE_KIND_PLURALS[kind];
  return `${plural.charAt(0).toUpperCase()}${plural.slice(1)}`;
}

/** True for the tiers the programme answers for; the tiers above the ceiling it contributes to. */
export function isAccountable(kind: TocNodeKind, ceiling: Ceiling): boolean {
  return tierOf(kind) <= tierOf(ceiling.highestAccountableKind);
}

/** The tiers with their nodes, from impact down to activity; empty tiers are left out. */
export function tiers(toc: TheoryOfChange): { kind: TocNodeKind; nodes: TocNode[] }[] {
  return TOC_NODE_KINDS.map((kind) => ({ kind, nodes: toc.nodes.filter((node) => node.kind === kind) })).filter(
    (tier) => tier.nodes.length > 0,
  );
}

const listInWords = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** The ceiling of accountability as a sentence or two. */
export function ceilingText(ceiling: Ceiling): string {
  const accountable = TOC_NODE_KINDS.filter((kind) => isAccountable(kind, ceiling)).reverse();
  const beyond = TOC_NODE_KINDS.filter((kind) => !isAccountable(kind, ceiling)).reverse();
  const plural = (kinds: TocNodeKind[]) => listInWords(kinds.map((kind) => TOC_NODE_KIND_PLURALS[kind]));
  const first = `The programme holds itself to account for ${plural(accountable)}`;
  return beyond.length === 0
    ? `${first}: everything in this theory of change.`
    : `${first}. It contributes to ${plural(beyond)}, which depend on more than the programme.`;
}

/** The two sides of the ceiling, as the diagrams draw them: the side beyond it first (on top). */
export const CEILING_SIDES = [
  { id: 'contribution', accountable: false, title: 'Beyond the ceiling of accountability: the programme contributes' },
  {
    id: 'accountability',
    accountable: true,
    title: 'Within the ceiling of accountability: the programme answers for these',
  },
] as const;

/** A tier's heading note: on which side of the ceiling it lies. */
export function tierSideText(kind: TocNodeKind, ceiling: Ceiling): string {
  return isAccountable(kind, ceiling)
    ? 'the programme is accountable'
    : 'beyond the ceiling: the programme contributes';
}

/** "3 families", "fewer than 3 families", or undefined where nobody counted. */
export function familiesText(count: FamilyCount | undefined, options: ExportWordingOptions): string | undefined {
  if (count === undefined) return undefined;
  if (count === 'suppressed') {
    return options.minFamilies === undefined
      ? 'too few families to report'
      : `fewer than ${options.minFamilies} ${options.minFamilies === 1 ? 'family' : 'families'}`;
  }
  return `${count} ${count === 1 ? 'family' : 'families'}`;
}

/** A level in the scale's words where the scale is known ("4 Making it work"), else its number. */
export function levelText(value: number, scale: ProgressScale | undefined): string {
  const level = scale && levelOf(scale, value);
  return level ? `${value} ${level.label}` : `level ${value}`;
}

export function progressText(progress: ProgressReference, options: ExportWordingOptions): string {
  const scale = options.scale?.id === progress.scaleId ? options.scale : undefined;
  const to = levelText(progress.to, scale);
  const where = scale ? `on ${scale.name}` : `on scale ${progress.scaleId}`;
  return progress.from === undefined
    ? `families reach at least ${to} ${where}`
    : `families move from ${levelText(progress.from, scale)} to at least ${to} ${where}`;
}

/** A kind of cost event by its name ("Police call-out"). */
export function costEventTypeLabel(type: CostEventType): string {
  return COST_EVENT_KINDS[type].label;
}

export function measureText(indicator: Indicator): string {
  return MEASURES[indicator.measure].label;
}

/** An IATI-style value in words: "90", "90 (school census)" or just the comment. */
export function resultValueText(value: ResultValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.value === undefined) return value.comment;
  return value.comment === undefined ? String(value.value) : `${value.value} (${value.comment})`;
}

export function baselineText(indicator: Indicator): string | undefined {
  const { baseline } = indicator;
  if (!baseline) return undefined;
  const value = resultValueText(baseline);
  return baseline.year === undefined ? value : `${value} in ${baseline.year}`;
}

/** One period on one line: "2017-01-01 to 2017-12-31: target 90; actual 85 (census)". */
export function periodText(period: Period): string {
  const parts = [
    period.target && `target ${resultValueText(period.target)}`,
    period.actual && `actual ${resultValueText(period.actual)}`,
  ].filter((part) => part !== undefined);
  return `${period.start} to ${period.end}${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`;
}

export function directionText(indicator: Indicator): string {
  return indicator.ascending ? 'higher is better' : 'lower is better';
}
