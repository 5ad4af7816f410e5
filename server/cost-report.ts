/**
 * The cohort cost report across the stored journeys: the savings calculator's table, benefits
 * by agency (signed), the scenario parameters and the sources. Figures only: no family's
 * words or names, so it can be shared. Used by the report page and its CSV/JSON export.
 *
 * A report across families is analysis: only journeys whose family's consent allows it count;
 * how many chosen journeys were left out for want of it is reported beside the figures.
 *
 * The cohort is the journeys a person chose (the page starts with none). Without a choice (a
 * script calling the API) it is every journey not archived. A journey with no cost event before
 * or after support is left out either way and counted beside the figures: it has nothing to
 * price, and counted as a family it would only divide the others' costs.
 */
import { z } from 'zod';
import { cohortReport, type CohortReport } from '../src/costs/index.ts';
import { toCsv } from '../src/csv/index.ts';
import { consentOfJourneys } from './families/consent-lookup.ts';
import { AGENCY_CATEGORIES, allows, PriceYearSchema, type AgencyCategory, type Journey } from '../src/model/index.ts';
import { DEFAULT_PRICE_YEAR, SHIPPED_ATTRIBUTION } from './reference-data.ts';
import type { Services } from './services.ts';
import { journeysWithCosts } from './journey-library.ts';
import { withinProjects } from './auth/project-scope.ts';

export const CostReportParams = z.object({
  /** Cost of delivering the service per family (Family Action's leaflet, seed 004: about £1,800). */
  delivery: z.coerce.number().min(0).max(1_000_000).default(1800),
  /** Cost per family of what would have been provided anyway. */
  counterfactual: z.coerce.number().min(0).max(1_000_000).default(0),
  deadweight: z.coerce.number().min(0).max(1).default(0),
  attribution: z.coerce.number().min(0).max(1).default(1),
  optimismBias: z.coerce.number().min(0).max(1).default(0),
  /** The prices figures are shown in: a financial year the deflator series covers. */
  priceYear: z._default(PriceYearSchema, DEFAULT_PRICE_YEAR),
  /** Which journeys make the cohort (comma-separated ids); every journey not archived when absent. */
  journeys: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean)
        : undefined,
    ),
});

/** Query parameters as the schema reads them: ticked `journey` boxes become one `journeys` list. */
export function rawParams(search: URLSearchParams): Record<string, string> {
  const raw = Object.fromEntries(search);
  delete raw.journey;
  const ticked = search.getAll('journey');
  if (ticked.length > 0) raw.journeys = ticked.join(',');
  return raw;
}

export interface CostReportResult {
  priceYear: string;
  params: z.output<typeof CostReportParams>;
  report: CohortReport;
  journeys: { id: string; title: string }[];
  /** Chosen journeys left out because their family has not agreed to analysis (or withdrew). */
  leftOut: number;
  /** Chosen journeys left out because they have no cost event before or after support to price. */
  empty: number;
  /** Every stored journey of these projects, newest change first, to choose the cohort from. */
  available: { id: string; title: string; archived: boolean }[];
  sources: string[];
}

/** The stored journeys of these projects (a staff member's): nobody's report reaches other projects. */
async function storedJourneys(services: Services, projectIds: ReadonlySet<string>): Promise<Journey[]> {
  // Cost events live in each journey's companion (COSTS1), merged in here.
  const stored = await journeysWithCosts(services.store);
  const newestFirst = stored.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map(({ model }) => model);
  return withinProjects(services.store.access, newestFirst, projectIds);
}

/** Whether the journey has anything the calculator prices: a cost event before or after support. */
const hasCosts = (journey: Journey) => journey.costEvents.some((event) => event.period !== 'during');

/** The price years the loaded deflator series covers, newest first. */
export function priceYears(services: Services): string[] {
  return [...services.reference.deflator.factors.keys()].sort().reverse();
}

/** The journeys a person may choose the cohort from: every stored journey of these projects, newest change first. */
export async function cohortChoices(
  services: Services,
  projectIds: ReadonlySet<string>,
): Promise<CostReportResult['available']> {
  const archived = await services.store.journeys.archivedIds();
  return (await storedJourneys(services, projectIds)).map((j) => ({
    id: j.id,
    title: j.title,
    archived: archived.has(j.id),
  }));
}

export async function costReport(
  services: Services,
  params: z.output<typeof CostReportParams>,
  projectIds: ReadonlySet<string>,
): Promise<CostReportResult> {
  const stored = await storedJourneys(services, projectIds);
  const archived = await services.store.journeys.archivedIds();
  const wanted = params.journeys ? new Set(params.journeys) : undefined;
  const chosen = stored.filter((j) => (wanted ? wanted.has(j.id) : !archived.has(j.id)));
  const consentOf = await consentOfJourneys(
    services.store,
    chosen.map((j) => j.id),
  );
  const consented = chosen.filter((j) => allows(consentOf(j.id), 'analysis'));
  const journeys = consented.filter(hasCosts);
  const report = cohortReport(
    journeys,
    { tables: services.reference.tables, series: services.reference.deflator, targetYear: params.priceYear },
    {
      deliveryCostPerFamily: params.delivery,
      counterfactualCostPerFamily: params.counterfactual,
      scenario: { deadweight: params.deadweight, attribution: params.attribution, optimismBias: params.optimismBias },
    },
  );
  return {
    priceYear: params.priceYear,
    params,
    report,
    journeys: journeys.map((j) => ({ id: j.id, title: j.title })),
    leftOut: chosen.length - consented.length,
    empty: consented.length - journeys.length,
    available: stored.map((j) => ({ id: j.id, title: j.title, archived: archived.has(j.id) })),
    sources: [SHIPPED_ATTRIBUTION, services.reference.deflator.source],
  };
}

export function costReportCsv(result: CostReportResult): string {
  const { report, params, priceYear } = result;
  return toCsv([
    ['section', 'item', `value (GBP, ${priceYear} prices, per family)`],
    ['calculator', 'families', report.families],
    ['calculator', 'journeys left out (no consent to analysis)', result.leftOut],
    ['calculator', 'journeys left out (no cost events before or after support)', result.empty],
    ['calculator', 'cost of delivering the service', report.table.deliveryCostPerFamily],
    ['calculator', 'estimated cost of what would have happened anyway', report.table.counterfactualCostPerFamily],
    ['calculator', 'net cost', report.table.netCostPerFamily],
    ['calculator', 'reactive cost before support', report.costBeforePerFamily],
    ['calculator', 'reactive cost after support', report.costAfterPerFamily],
    ['calculator', 'benefit', report.table.benefitPerFamily],
    ['calculator', 'return on investment (per £1 net cost)', report.table.returnOnInvestment],
    ...Object.entries(report.benefitsByAgency).map(
      ([category, value]) => ['benefit by agency', AGENCY_CATEGORIES[category as AgencyCategory], value] as const,
    ),
    ['scenario', 'deadweight', params.deadweight],
    ['scenario', 'attribution', params.attribution],
    ['scenario', 'optimism bias', params.optimismBias],
    ...result.sources.map((source) => ['source', source, undefined] as const),
  ]);
}
