/**
 * A theory of change as two spreadsheet tables: its links, and its indicators (IATI-shaped, one
 * row each, periods one to a line in one cell). Written with the project's one CSV writer, which
 * neutralises cells a spreadsheet would run as a formula.
 */
import { toCsv, type CsvCell } from '../../csv/write.ts';
import { canonicalToc, MEASURES, type TheoryOfChange } from '../../model/index.ts';
import { periodText } from './wording.ts';

/**
 * A number exactly as it is: `toCsv` writes numbers to two decimal places, so a value with more
 * goes as text (a spreadsheet still reads a positive one as a number; a negative one is
 * neutralised like any text starting with "-").
 */
const exact = (value: number | undefined): CsvCell =>
  value === undefined || Math.round(value * 100) / 100 === value ? value : String(value);

/** One row per link. Lists (interventions, assumptions) go one item to a line in their cell. */
export function linksCsv(toc: TheoryOfChange): string {
  const model = canonicalToc(toc);
  const title = (id: string) => model.nodes.find((node) => node.id === id)?.title;
  const assumption = (id: string) => model.assumptions.find((a) => a.id === id)?.text ?? id;
  return toCsv([
    [
      'id',
      'from id',
      'from title',
      'to id',
      'to title',
      'rationale',
      'interventions',
      'assumptions',
      'confidence',
      'families',
    ],
    ...model.links.map((link) => [
      link.id,
      link.from,
      title(link.from),
      link.to,
      title(link.to),
      link.rationale,
      link.interventions.join('\n'),
      link.assumptionIds.map(assumption).join('\n'),
      link.confidence,
      link.families,
    ]),
  ]);
}

/** One row per indicator, with the IATI measure code beside our measure name. */
export function indicatorsCsv(toc: TheoryOfChange): string {
  const model = canonicalToc(toc);
  const title = (id: string) => model.nodes.find((node) => node.id === id)?.title;
  return toCsv([
    [
      'id',
      'node id',
      'node title',
      'title',
      'measure',
      'IATI measure code',
      'ascending',
      'population',
      'target value',
      'target comment',
      'threshold value',
      'threshold comment',
      'timeline',
      'baseline year',
      'baseline value',
      'baseline comment',
      'periods',
      'cost event type',
      'progress level',
    ],
    ...model.indicators.map((indicator) => [
      indicator.id,
      indicator.nodeId,
      title(indicator.nodeId),
      indicator.title,
      indicator.measure,
      MEASURES[indicator.measure].iatiCode,
      String(indicator.ascending),
      indicator.population,
      exact(indicator.target?.value),
      indicator.target?.comment,
      exact(indicator.threshold?.value),
      indicator.threshold?.comment,
      indicator.timeline,
      indicator.baseline?.year,
      exact(indicator.baseline?.value),
      indicator.baseline?.comment,
      indicator.periods.map(periodText).join('\n'),
      indicator.costEventType,
      indicator.progressLevel,
    ]),
  ]);
}
