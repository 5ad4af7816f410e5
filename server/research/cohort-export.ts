/**
 * A cohort's figures as a file (JSON or CSV), for two audiences. Both are counts of families,
 * never families: no family id or pseudonym reaches either file, and those left out are counted
 * by reason.
 *
 * - The team (staff of the cohort's project) get what the cohort page shows: eligibility, family
 *   types, outcome figures, progress, where families get stuck, recurring barriers and enablers
 *   (their words too, as the page has them) and costs.
 * - An evaluator gets aggregate figures only, through `src/outcomes/suppress.ts` with N the
 *   disclosure threshold: no free text from journeys (no family words, stage words, codes or
 *   journey titles); counts of 1..N−1 read `'suppressed'`, with complementary suppression in
 *   every table whose rows add up to its total; a family type whose size is withheld has its
 *   issue shares withheld too (and its label, unless researchers gave one, since the suggested
 *   label names its commonest issues); costs by agency and period only where at least N families
 *   contributed; family types only while every family typed still counts (consent to analysis).
 *   Nothing at all while the cohort counts fewer than N families (as TOC7).
 *
 * The synthetic cohort may go to evaluators too: it is illustrative, and says so (`synthetic`).
 */
import { AGENCY_CATEGORIES, DEFAULT_PROGRESS_SCALE, issueOf, SUPPORT_PERIODS } from '../../src/model/index.ts';
import type { AgencyCategory, IssueSet, SupportPeriod } from '../../src/model/index.ts';
import {
  isSmall,
  isSmallShare,
  percentOf,
  suppressCount,
  suppressFigure,
  suppressTable,
  type EvaluatorFigure,
  type FigureResult,
  type LeftOutReason,
} from '../../src/outcomes/index.ts';
import { printableAll } from '../../src/csv/index.ts';
import type { ReferenceData } from '../reference-data.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { CohortRecord } from '../storage/research-records.ts';
import { LEFT_OUT_WORDING } from '../toc-cohort.ts';
import { cohortFigures, type CohortFigures } from './cohort-figures.ts';
import { compareFamilies, type CohortComparison } from './cohort-journeys.ts';
import { cohortMembers, type CohortMembers } from './cohorts.ts';
import { resultOf, suggestedLabel, type TypingResult } from './family-typing.ts';
import { currentIssueSet } from './issue-sets.ts';
import { SYNTHETIC_NOTE } from './synthetic-families.ts';

import {
  COHORT_EXPORT_SCHEMA_VERSION,
  type CountTable,
  type ExportedType,
  type ExportedTypes,
  type ExportedBand,
  type AgencyCost,
  type TeamOnly,
  type CohortExport,
  type CohortAudience,
  type CohortExportOutcome,
} from './cohort-export-shape.ts';

export function tooFewCohortText(families: number, minFamilies: number): string {
  return `this cohort counts ${families} ${families === 1 ? 'family' : 'families'} who agreed to analysis; evaluators see its figures only once at least ${minFamilies} have`;
}

/** How the audience sees a table of counts: whole for the team, through `suppressTable` for an evaluator. */
function countTable(
  rows: readonly { key: string; label: string; count: number }[],
  audience: CohortAudience,
): CountTable {
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  if (audience.audience === 'team')
    return { total, rows: rows.map((row) => ({ ...row, percent: percentOf(row.count, total) })) };
  const shown = suppressTable({ total, groups: rows.map(({ key, count }) => ({ key, count })) }, audience.minFamilies);
  return {
    total: shown.total,
    rows: rows.map((row, index) => {
      const cell = shown.groups[index];
      return {
        key: row.key,
        label: row.label,
        count: cell?.count ?? 'suppressed',
        percent: cell?.percent ?? 'suppressed',
      };
    }),
  };
}

/** A figure for the team: whole, but with those left out counted by reason, never named by family. */
function teamFigure(figure: FigureResult): EvaluatorFigure {
  const { leftOut, ...rest } = figure;
  const byReason = new Map<LeftOutReason, number>();
  for (const { reason } of leftOut) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  const groups = [...byReason].map(([key, count]) => ({ key, count, percent: percentOf(count, leftOut.length) }));
  return { ...rest, leftOut: { total: leftOut.length, groups }, withheld: false };
}

const ELIGIBILITY_ROWS = [
  ['eligible', 'Eligible'],
  ['notEligible', 'Not eligible'],
  ['notEnoughKnown', 'Not enough known'],
  ['noProfile', 'No referral profile'],
] as const;

interface TypingShown {
  result: TypingResult;
  run: { madeAt: string; k: number; chosenBy: 'silhouette' | 'researcher'; seed: number };
  ownLabels: Map<number, string>;
  current: boolean;
}

function exportedTypes(set: IssueSet, typing: TypingShown, audience: CohortAudience): ExportedTypes {
  const { result, run, ownLabels } = typing;
  const sizes = countTable(
    result.types.map((type, index) => ({ key: `type-${index + 1}`, label: `Type ${index + 1}`, count: type.size })),
    audience,
  );
  const issueLabel = (id: string) => issueOf(set, id)?.label ?? id;
  const small = (count: number, of: number) =>
    audience.audience === 'evaluator' && isSmallShare(count, of, audience.minFamilies);
  return {
    foundAt: run.madeAt,
    k: run.k,
    chosenBy: run.chosenBy,
    seed: run.seed,
    meanSilhouette: result.silhouette,
    silhouetteByK: result.scores.map(({ k, silhouette }) => ({ k, silhouette })),
    resamples: result.resamples,
    meanAdjustedRand: result.meanAri,
    current: typing.current,
    typed: countTable(
      [
        { key: 'typed', label: 'Typed', count: result.families },
        { key: 'noProfile', label: 'No referral profile', count: result.leftOut.noProfile },
        {
          key: 'tooManyUnknown',
          label: 'More than a quarter of issues not known',
          count: result.leftOut.tooManyUnknown,
        },
      ],
      audience,
    ),
    types: result.types.map((type, index): ExportedType => {
      const row = sizes.rows[index];
      const shown = row !== undefined && row.count !== 'suppressed';
      const own = ownLabels.get(index);
      const countOf = (j: number) => Math.round((type.prevalence[j] ?? 0) * type.size);
      const withheldIssue = (j: number) => small(countOf(j), type.size);
      // A suggested label names the issues most of the type have: only those whose share is shown.
      const seen = { ...type, prevalence: type.prevalence.map((p, j) => (withheldIssue(j) ? 0 : p)) };
      const label = own ?? (shown ? suggestedLabel(set, seen, result.issueIds) : `Type ${index + 1}`);
      return {
        number: index + 1,
        label,
        labelledByResearchers: own !== undefined,
        families: row?.count ?? 'suppressed',
        percent: row?.percent ?? 'suppressed',
        verdict: type.verdict,
        meanJaccard: type.meanJaccard,
        issues: shown
          ? result.issueIds.map((issueId, j) => ({
              issueId,
              issue: issueLabel(issueId),
              percent: withheldIssue(j) ? 'suppressed' : percentOf(countOf(j), type.size),
            }))
          : 'suppressed',
        // Only issues whose share is shown: "more than half" would narrow a withheld one.
        heldByMost: shown
          ? type.mode.filter((id) => !withheldIssue(result.issueIds.indexOf(id))).map(issueLabel)
          : 'suppressed',
      };
    }),
  };
}

function exportedProgress(comparison: CohortComparison, audience: CohortAudience): CohortExport['progress'] {
  const scale = DEFAULT_PROGRESS_SCALE;
  return {
    scale: scale.name,
    bands: comparison.view.progress.map((band): ExportedBand => {
      // Every level a family stands at is a row (a journey on its own scale may have others), so the rows add up.
      const values = [...new Set([...scale.levels.map((l) => l.value), ...Object.keys(band.atLevel).map(Number)])].sort(
        (a, b) => a - b,
      );
      const levels = countTable(
        values.map((value) => ({
          key: String(value),
          label: scale.levels.find((l) => l.value === value)?.label ?? `Level ${value}`,
          count: band.atLevel[value] ?? 0,
        })),
        audience,
      );
      return {
        band: band.band.label,
        fromMonth: band.band.from,
        toMonth: band.band.to,
        levels,
        // With any cell withheld, the median could narrow it (three families at levels 1, 1, 2 pin both cells).
        median: levels.rows.some((row) => row.count === 'suppressed') ? 'suppressed' : (band.median ?? null),
      };
    }),
  };
}

function agencyCosts(comparison: CohortComparison, audience: CohortAudience): AgencyCost[] {
  const order = (category: AgencyCategory, period: SupportPeriod) =>
    Object.keys(AGENCY_CATEGORIES).indexOf(category) * SUPPORT_PERIODS.length + SUPPORT_PERIODS.indexOf(period);
  return [...comparison.view.costs.byAgency]
    .sort((a, b) => order(a.category, a.period) - order(b.category, b.period))
    .map((spot) => {
      const hidden = audience.audience === 'evaluator' && isSmall(spot.families, audience.minFamilies);
      return {
        agency: spot.category,
        agencyLabel: AGENCY_CATEGORIES[spot.category],
        period: spot.period,
        amount: hidden ? 'suppressed' : Math.round(spot.amount * 100) / 100,
        families: hidden ? 'suppressed' : spot.families,
      };
    });
}

function teamOnly(members: CohortMembers, figures: CohortFigures, comparison: CohortComparison): TeamOnly {
  const { view } = comparison;
  const leftOut = (['no-analysis', 'withdrawn'] as const).map((reason) => ({
    reason,
    words: LEFT_OUT_WORDING[reason],
    families: members.leftOut.filter((l) => l.reason === reason).length,
  }));
  return {
    familiesWithJourneys: comparison.withJourneys,
    leftOut: leftOut.filter((l) => l.families > 0),
    headlines: figures.headlines.map((h) => ({ label: h.label, atReferral: h.referral, atClosure: h.closure })),
    assessed: figures.assessed,
    aligned: view.aligned,
    stuck: view.stuck,
    recurring: [
      ...view.byCode.map((r) => ({ by: 'code' as const, ...r })),
      ...view.byWords.map((r) => ({ by: 'words' as const, ...r })),
    ],
    costsByStageCode: view.costs.byStageCode,
    costsByType: view.costs.byType.map(({ type, category, amount, families }) => ({
      type,
      agency: category,
      amount,
      families,
    })),
    unpricedEvents: view.costs.unpriced,
  };
}

/** What the gathering found, shaped for one audience (pure: no store, no clock). */
function shapeExport(
  gathered: {
    cohort: CohortRecord;
    set: IssueSet;
    members: CohortMembers;
    figures: CohortFigures;
    comparison: CohortComparison;
    typing: TypingShown | undefined;
    madeAt: string;
  },
  audience: CohortAudience,
): CohortExport {
  const { cohort, set, members, figures, comparison, typing } = gathered;
  const evaluator = audience.audience === 'evaluator' ? audience : undefined;
  const notes: string[] = [];
  if (cohort.synthetic) notes.push(SYNTHETIC_NOTE);
  if (evaluator)
    notes.push(
      `Counts of fewer than ${evaluator.minFamilies} families are withheld ("suppressed" in the files), and so is any count that would let one be worked out by subtraction.`,
    );
  const showTypes = typing !== undefined && (typing.current || !evaluator);
  if (typing && !showTypes)
    notes.push(
      'Family types are withheld: they were found before a family stopped counting. Ask the team to find them again.',
    );
  const figure = (f: FigureResult) => (evaluator ? suppressFigure(f, evaluator.minFamilies) : teamFigure(f));
  const eligibility = figures.eligibility;
  return {
    schemaVersion: COHORT_EXPORT_SCHEMA_VERSION,
    audience: audience.audience,
    cohort: { id: cohort.id, name: cohort.name, synthetic: cohort.synthetic, createdAt: cohort.createdAt },
    madeAt: gathered.madeAt,
    ...(evaluator ? { minFamilies: evaluator.minFamilies } : {}),
    notes,
    countedFamilies: evaluator ? suppressCount(members.counted.length, evaluator.minFamilies) : members.counted.length,
    issueSet: {
      id: set.id,
      version: set.version,
      name: set.name,
      minHeadlines: set.eligibility.minHeadlines,
      headlines: set.headlines.length,
    },
    eligibility: countTable(
      ELIGIBILITY_ROWS.map(([key, label]) => ({ key, label, count: eligibility[key] })),
      audience,
    ),
    ...(showTypes ? { types: exportedTypes(set, typing, audience) } : {}),
    figures: {
      fromProfiles: figures.fromProfiles.map(figure),
      ...(figures.indicatorSet
        ? {
            indicatorSet: {
              id: figures.indicatorSet.id,
              version: figures.indicatorSet.version,
              name: figures.indicatorSet.name,
            },
          }
        : {}),
      fromAssessments: figures.fromAssessments.map(figure),
    },
    progress: exportedProgress(comparison, audience),
    costs: { priceYear: comparison.priceYear, byAgency: agencyCosts(comparison, audience) },
    ...(evaluator ? {} : { team: teamOnly(members, figures, comparison) }),
  };
}

/** The cohort's figures now, for this audience; nothing for an evaluator while it counts fewer than N families. */
export async function cohortExport(
  store: DocumentStore,
  reference: ReferenceData,
  cohort: CohortRecord,
  audience: CohortAudience,
): Promise<CohortExportOutcome> {
  const members = await cohortMembers(store, cohort);
  if (audience.audience === 'evaluator' && members.counted.length < audience.minFamilies)
    return { ok: false, why: 'too-few-families', families: members.counted.length, minFamilies: audience.minFamilies };
  const set = await currentIssueSet(store, cohort.projectId);
  const [figures, comparison, runs] = await Promise.all([
    cohortFigures(store, set, members),
    compareFamilies(store, reference, members),
    store.research.typingRunsOf(cohort.id),
  ]);
  const run = runs[0];
  let typing: TypingShown | undefined;
  if (run) {
    const [labels, assignments] = await Promise.all([
      store.research.labelsOf(run.id),
      store.research.assignmentsOf(run.id),
    ]);
    const counted = new Set(members.counted.map((f) => f.id));
    typing = {
      result: resultOf(run),
      run,
      ownLabels: new Map(labels.map((l) => [l.typeIndex, l.label])),
      current: [...assignments.keys()].every((id) => counted.has(id)),
    };
  }
  const shaped = shapeExport(
    { cohort, set, members, figures, comparison, typing, madeAt: new Date().toISOString() },
    audience,
  );
  // Names and labels are typed by people: no control characters in any file (TOC5).
  return { ok: true, exported: printableAll(shaped) };
}
