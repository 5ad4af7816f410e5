/**
 * What the cohort page shows, gathered in one place so the page itself only lays it out: who is
 * counted, eligibility and outcome figures, the latest family types with their labels, the
 * comparison of the families' journeys, and each chart with its table.
 */
import { DEFAULT_PROGRESS_SCALE, issueOf, type IssueSet } from '../../src/model/index.ts';
import { AGENCY_CATEGORIES, SUPPORT_PERIODS, type AgencyCategory } from '../../src/model/index.ts';
import {
  agencyCostsChart,
  issuePrevalenceChart,
  trajectoriesChart,
  typeProfileHeatmap,
  typeSizesChart,
  type ChartWithTable,
} from '../../server/outputs/charts/index.ts';
import { cohortFigures, type CohortFigures } from '../../server/research/cohort-figures.ts';
import { compareFamilies, type CohortComparison } from '../../server/research/cohort-journeys.ts';
import { cohortMembers, type CohortMembers } from '../../server/research/cohorts.ts';
import { resultOf, suggestedLabel, type TypingResult } from '../../server/research/family-typing.ts';
import { currentIssueSet } from '../../server/research/issue-sets.ts';
import type { Services } from '../../server/services.ts';
import type { CohortRecord, TypingRun } from '../../server/storage/research-records.ts';

export interface TypesShown {
  run: TypingRun;
  result: TypingResult;
  /** Each type's label: the researchers' own, or one suggested from its commonest issues. */
  labels: { text: string; own: boolean }[];
  sizes: ChartWithTable;
  profiles: ChartWithTable;
}

export interface CohortPage {
  set: IssueSet;
  members: CohortMembers;
  figures: CohortFigures;
  comparison: CohortComparison;
  types?: TypesShown;
  charts: {
    prevalence?: ChartWithTable;
    progress?: ChartWithTable;
    costs?: ChartWithTable;
    costsByType?: ChartWithTable;
  };
  /** Each indicator measured in levels, at referral, review and closure: the cohort's trajectory on it. */
  indicators: ChartWithTable[];
}

const PERIOD_WORDS = { before: 'Before support', during: 'During support', after: 'After support' } as const;

async function typesShown(
  services: Services,
  set: IssueSet,
  run: TypingRun | undefined,
): Promise<TypesShown | undefined> {
  if (!run) return undefined;
  const result = resultOf(run);
  const own = new Map((await services.store.research.labelsOf(run.id)).map((l) => [l.typeIndex, l.label]));
  const labels = result.types.map((type, index) => {
    const mine = own.get(index);
    return mine === undefined
      ? { text: suggestedLabel(set, type, result.issueIds), own: false }
      : { text: mine, own: true };
  });
  const named = labels.map((l, index) => `Type ${index + 1}: ${l.text}`);
  const issueLabel = (id: string) => issueOf(set, id)?.label ?? id;
  return {
    run,
    result,
    labels,
    sizes: typeSizesChart({ types: result.types.map((t, index) => ({ label: named[index] ?? '', families: t.size })) }),
    profiles: typeProfileHeatmap({
      types: result.types.map((t, index) => ({ label: named[index] ?? '', families: t.size })),
      issues: result.issueIds.map((id, j) => ({
        label: issueLabel(id),
        counts: result.types.map((t) => Math.round((t.prevalence[j] ?? 0) * t.size)),
      })),
    }),
  };
}

function charts(figures: CohortFigures, comparison: CohortComparison): CohortPage['charts'] {
  const levels = DEFAULT_PROGRESS_SCALE.levels;
  const bands = comparison.view.progress.filter((band) => band.families > 0);
  const amounts = new Map<string, number>();
  for (const spot of comparison.view.costs.byAgency) amounts.set(`${spot.category}|${spot.period}`, spot.amount);
  const categories = (Object.keys(AGENCY_CATEGORIES) as AgencyCategory[]).filter((c) =>
    SUPPORT_PERIODS.some((p) => amounts.has(`${c}|${p}`)),
  );
  const types = [...new Set(comparison.view.costs.byType.map((t) => t.type))].sort();
  const byType = new Map(comparison.view.costs.byType.map((t) => [`${t.type}|${t.category}`, t.amount]));
  return {
    ...(figures.assessed.referral > 0
      ? { prevalence: issuePrevalenceChart({ assessed: figures.assessed, issues: figures.headlines }) }
      : {}),
    ...(bands.length > 0
      ? {
          progress: trajectoriesChart({
            levels,
            points: bands.map((band) => ({
              label: band.band.label,
              counts: levels.map((level) => band.atLevel[level.value] ?? 0),
            })),
          }),
        }
      : {}),
    ...(categories.length > 0
      ? {
          costs: agencyCostsChart({
            groups: SUPPORT_PERIODS.map((p) => PERIOD_WORDS[p]),
            agencies: categories.map((c) => ({
              label: AGENCY_CATEGORIES[c],
              amounts: SUPPORT_PERIODS.map((p) => amounts.get(`${c}|${p}`) ?? 0),
            })),
          }),
        }
      : {}),
    ...(types.length > 0
      ? {
          costsByType: agencyCostsChart({
            groups: types,
            agencies: (Object.keys(AGENCY_CATEGORIES) as AgencyCategory[])
              .filter((c) => types.some((t) => byType.has(`${t}|${c}`)))
              .map((c) => ({ label: AGENCY_CATEGORIES[c], amounts: types.map((t) => byType.get(`${t}|${c}`) ?? 0) })),
          }),
        }
      : {}),
  };
}

const POINT_LABELS = { referral: 'At referral', review: 'At the latest review', closure: 'At closure' } as const;

/**
 * An indicator's levels coloured along the progress scale's colours (worst to best), so the
 * better way reads the same as on the map; the words and table say it too.
 */
function indicatorCharts(figures: CohortFigures): ChartWithTable[] {
  const palette = DEFAULT_PROGRESS_SCALE.levels.map((level) => level.colour);
  return figures.indicatorLevels
    .filter((indicator) => indicator.points.some((point) => point.families > 0))
    .map((indicator) => {
      const n = indicator.levels.length;
      const colourOf = (index: number) => {
        const rank = indicator.better === 'higher' ? index : n - 1 - index;
        return palette[Math.round((rank * (palette.length - 1)) / Math.max(1, n - 1))] ?? '#555555';
      };
      return trajectoriesChart(
        {
          levels: indicator.levels.map((label, index) => ({ value: index + 1, label, colour: colourOf(index) })),
          points: indicator.points
            .filter((point) => point.families > 0)
            .map((point) => ({
              label: POINT_LABELS[point.point],
              counts: point.levels.map((level) => level.families),
            })),
        },
        { title: indicator.label },
      );
    });
}

export async function cohortPage(services: Services, cohort: CohortRecord): Promise<CohortPage> {
  const { store } = services;
  const set = await currentIssueSet(store, cohort.projectId);
  const members = await cohortMembers(store, cohort);
  const [figures, comparison, runs] = await Promise.all([
    cohortFigures(store, set, members),
    compareFamilies(store, services.reference, members),
    store.research.typingRunsOf(cohort.id),
  ]);
  const types = await typesShown(services, set, runs[0]);
  return {
    set,
    members,
    figures,
    comparison,
    ...(types ? { types } : {}),
    charts: charts(figures, comparison),
    indicators: indicatorCharts(figures),
  };
}
