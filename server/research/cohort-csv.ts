/**
 * A cohort's figures as CSV (cohort-export.ts makes them): one row per figure and per table cell,
 * so a spreadsheet opens it flat; cells that would run as a formula are neutralised (src/csv).
 */
import { AGENCY_CATEGORIES, type SupportPeriod } from '../../src/model/index.ts';
import { toCsv, type CsvCell } from '../../src/csv/index.ts';
import type { CohortExport, CountTable, ExportedType } from './cohort-export-shape.ts';

/** "Type 2: Isolated families", or "Type 2" alone when that is all its label says. */
export const typeName = (type: Pick<ExportedType, 'number' | 'label'>): string =>
  type.label === `Type ${type.number}` ? type.label : `Type ${type.number}: ${type.label}`;

const COHORT_CSV_HEADER = ['section', 'label', 'measure', 'value', 'unit', 'percent', 'families', 'words'];

const PERIOD_WORDS: Record<SupportPeriod, string> = {
  before: 'Before support',
  during: 'During support',
  after: 'After support',
};

/** One row per figure and per table cell; cells that would run as a formula are neutralised (src/csv). */
export function cohortCsv(exported: CohortExport): string {
  const rows: CsvCell[][] = [COHORT_CSV_HEADER];
  const cell = (value: number | string | null | boolean | undefined): CsvCell =>
    value === null || value === undefined ? undefined : typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
  const row = (...cells: (number | string | null | boolean | undefined)[]) => rows.push(cells.map(cell));
  const table = (section: string, label: string, counted: CountTable) => {
    for (const r of counted.rows) row(section, label, r.label, r.count, 'families', r.percent);
    row(section, label, 'Total', counted.total, 'families');
  };
  row('cohort', 'Name', '', exported.cohort.name, 'text');
  row('cohort', 'Synthetic', '', exported.cohort.synthetic, 'text');
  row('cohort', 'Made at', '', exported.madeAt, 'date-time');
  row('cohort', 'Schema version', '', exported.schemaVersion, 'number');
  row('cohort', 'Audience', '', exported.audience, 'text');
  if (exported.minFamilies !== undefined) row('cohort', 'Fewest families shown', '', exported.minFamilies, 'families');
  row('cohort', 'Counted families', '', exported.countedFamilies, 'families');
  for (const note of exported.notes) row('note', '', '', undefined, undefined, undefined, undefined, note);
  table('eligibility', 'Phase Two eligibility', exported.eligibility);
  const types = exported.types;
  if (types) {
    row(
      'family types',
      'Number of types',
      types.chosenBy,
      types.k,
      'types',
      undefined,
      undefined,
      `seed ${types.seed}`,
    );
    row('family types', 'Mean silhouette', '', types.meanSilhouette, 'number');
    row('family types', 'Mean adjusted Rand index', `${types.resamples} resamples`, types.meanAdjustedRand, 'number');
    table('family types', 'Families typed', types.typed);
    for (const type of types.types) {
      const name = typeName(type);
      row('family types', name, 'Families', type.families, 'families', type.percent);
      row(
        'family types',
        name,
        'Stability',
        type.verdict,
        'text',
        undefined,
        undefined,
        `mean Jaccard ${type.meanJaccard}`,
      );
      if (type.issues === 'suppressed') row('family type issues', name, 'Issues', 'suppressed', 'percent');
      else for (const issue of type.issues) row('family type issues', name, issue.issue, issue.percent, 'percent');
    }
  }
  const figures = [
    ...exported.figures.fromProfiles.map((f) => ['outcome figures: profiles', f] as const),
    ...exported.figures.fromAssessments.map((f) => ['outcome figures: assessments', f] as const),
  ];
  for (const [section, f] of figures)
    row(section, f.label, f.kind, f.value, f.unit, f.percent, f.n, `${f.sentence} ${f.leftOutSentence}`.trim());
  for (const band of exported.progress.bands) {
    table('progress', band.band, band.levels);
    row('progress', band.band, 'Median level', band.median, 'level');
  }
  for (const cost of exported.costs.byAgency)
    row(
      'costs by agency',
      cost.agencyLabel,
      PERIOD_WORDS[cost.period],
      cost.amount,
      `GBP ${exported.costs.priceYear}`,
      undefined,
      cost.families,
    );
  const team = exported.team;
  if (team) {
    row('families', 'With journeys', '', team.familiesWithJourneys, 'families');
    for (const l of team.leftOut)
      row('families', 'Left out', l.reason, l.families, 'families', undefined, undefined, l.words);
    for (const h of team.headlines) {
      row('issues at referral and closure', h.label, 'At referral', h.atReferral, 'families');
      row('issues at referral and closure', h.label, 'At closure', h.atClosure, 'families');
    }
    row('where families get stuck', 'At the lowest level', '', team.stuck.families, 'families');
    row('where families get stuck', 'Still there at the latest rated stage', '', team.stuck.stillStuck, 'families');
    for (const c of team.stuck.codes) row('where families get stuck', c.label, 'code', c.families, 'families');
    for (const r of team.recurring) row(`recurring ${r.kind}s`, r.label, r.by, r.families, 'families');
    for (const s of team.costsByStageCode)
      row('costs by stage code', s.label, '', s.amount, `GBP ${exported.costs.priceYear}`, undefined, s.families);
    for (const t of team.costsByType)
      row(
        'costs by family type',
        t.type,
        AGENCY_CATEGORIES[t.agency],
        t.amount,
        `GBP ${exported.costs.priceYear}`,
        undefined,
        t.families,
      );
    row('costs', 'Events that could not be priced', '', team.unpricedEvents, 'events');
  }
  return toCsv(rows);
}

/** The file name of an export (the cohort's own random id, no words). */
export const cohortFileName = (cohortId: string, format: 'json' | 'csv'): string => `cohort-${cohortId}.${format}`;

/** Both forms' media types. */
export const COHORT_MEDIA_TYPES = { json: 'application/json', csv: 'text/csv' } as const;
